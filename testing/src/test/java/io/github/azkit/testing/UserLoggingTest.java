package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link UserLogging} with {@link LoggingChild} in real child JVMs. */
class UserLoggingTest {

    private static final Duration RUN = Duration.ofSeconds(30);

    @TempDir
    Path outputDir;

    @Test
    void aChildWithUserLoggingLogsWhatTheTestConfigurationTurnsOffAndEveryWarnAndErrorLineIsFound()
            throws Exception {
        try (ChildJvm child = ChildJvm.builder(LoggingChild.class).name("user-logging")
                .jvmOptions(UserLogging.jvmOptions()).outputDirectory(outputDir).start()) {
            assertThat(child.waitFor(RUN)).isZero();
            List<String> found = UserLogging.warnAndErrorLines(child);
            assertThat(found).as("output:%n%s", child.output()).containsExactly(
                    "[main] WARN io.github.azkit.testing.quiet.Component - a WARN line",
                    "[main] ERROR io.github.azkit.testing.quiet.Component - an ERROR line",
                    "WARNING: a java.util.logging warning");
            assertThat(child.outputLines()).contains(
                    "[main] INFO io.github.azkit.testing.quiet.Component - an INFO line that mentions WARN and ERROR",
                    "java.lang.IllegalStateException: with a stack trace");
        }
    }

    @Test
    void withoutUserLoggingTheTestConfigurationHidesTheLines() throws Exception {
        try (ChildJvm child = ChildJvm.builder(LoggingChild.class).name("test-logging").outputDirectory(outputDir)
                .start()) {
            assertThat(child.waitFor(RUN)).isZero();
            assertThat(UserLogging.warnAndErrorLines(child)).as("output:%n%s", child.output())
                    .containsExactly("WARNING: a java.util.logging warning");
        }
    }

    @Test
    void otherWarningsAUserWouldSeeAreFound() {
        assertThat(UserLogging.warnAndErrorLines(List.of(
                "[reactor-http-nio-1] WARN io.netty.util.Foo - a Netty warning",
                "[main] INFO com.azure.Foo - ERROR in the message only",
                "SLF4J(W): Class path contains multiple SLF4J providers.",
                "SLF4J(I): Connected with provider of type [org.slf4j.simple.SimpleServiceProvider]",
                "OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes",
                "Exception in thread \"main\" java.lang.IllegalStateException: boom",
                "\tat io.github.azkit.Main.main(Main.java:1)",
                "SEVERE: a java.util.logging error")))
                .containsExactly(
                        "[reactor-http-nio-1] WARN io.netty.util.Foo - a Netty warning",
                        "SLF4J(W): Class path contains multiple SLF4J providers.",
                        "OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes",
                        "Exception in thread \"main\" java.lang.IllegalStateException: boom",
                        "SEVERE: a java.util.logging error");
    }
}
