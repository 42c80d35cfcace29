package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChildJvm} with {@link EchoChild}, a trivial main run in real child JVMs. */
class ChildJvmTest {

    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path outputDir;

    @Test
    void linesSentToTheChildComeBackInItsOutputFileAndItsExitStatusIsReturned() throws Exception {
        try (ChildJvm child = ChildJvm.builder(EchoChild.class).name("echo-1").args("a", "b")
                .outputDirectory(outputDir).start()) {
            assertThat(child.awaitLine(line -> line.startsWith("READY"), START)).isEqualTo("READY a b");
            child.send("hello");
            child.send("world");
            assertThat(child.awaitLine(line -> line.equals("ECHO world"), START)).isEqualTo("ECHO world");
            child.send("EXIT 7");
            assertThat(child.waitFor(START)).isEqualTo(7);
            assertThat(child.isAlive()).isFalse();
            assertThat(child.outputFile()).isEqualTo(outputDir.resolve("echo-1.log"));
            assertThat(child.outputLines()).containsSubsequence("READY a b", "ECHO hello", "ECHO world");
        }
    }

    @Test
    void aSecretGoesInTheEnvironmentNotOnTheCommandLine() throws Exception {
        String secret = "AccountKey=c2VjcmV0IHRoYXQgbXVzdCBub3QgbGVhaw==";
        try (ChildJvm child = ChildJvm.builder(EchoChild.class).name("echo-2").env(EchoChild.SECRET_ENV, secret)
                .outputDirectory(outputDir).start()) {
            assertThat(child.awaitLine(line -> line.startsWith("SECRET"), START))
                    .isEqualTo("SECRET set, length " + secret.length());
            String commandLine = ProcessHandle.of(child.pid()).orElseThrow().info().commandLine().orElse("");
            assertThat(commandLine).contains(EchoChild.class.getName()).doesNotContain(secret);
            assertThat(child.toString()).doesNotContain(secret);
        }
    }

    @Test
    void awaitLineFailsWithTheOutputWhenTheChildExitsFirst() throws Exception {
        try (ChildJvm child = ChildJvm.builder(EchoChild.class).name("echo-3").outputDirectory(outputDir)
                .start()) {
            child.awaitLine(line -> line.startsWith("READY"), START);
            child.send("EXIT 3");
            assertThatThrownBy(() -> child.awaitLine(line -> line.equals("never"), START))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with 3").hasMessageContaining("READY");
        }
    }

    @Test
    void awaitLineFailsAfterItsTimeout() throws Exception {
        try (ChildJvm child = ChildJvm.builder(EchoChild.class).name("echo-4").outputDirectory(outputDir)
                .start()) {
            child.awaitLine(line -> line.startsWith("READY"), START);
            assertThatThrownBy(() -> child.awaitLine(line -> line.equals("never"), Duration.ofMillis(200)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("within PT0.2S");
            assertThat(child.isAlive()).isTrue();
        }
    }

    @Test
    void waitForKillsAChildThatDoesNotExitInTime() throws Exception {
        try (ChildJvm child = ChildJvm.builder(EchoChild.class).name("echo-5").outputDirectory(outputDir)
                .start()) {
            child.awaitLine(line -> line.startsWith("READY"), START);
            child.send("HANG");
            assertThatThrownBy(() -> child.waitFor(Duration.ofMillis(300)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("was killed");
            assertThat(child.isAlive()).isFalse();
            assertThatThrownBy(() -> child.send("late")).hasMessageContaining("echo-5");
        }
    }

    @Test
    void closeKillsTheChild_andASuspendedChildRunsAgainWhenResumed() throws Exception {
        ChildJvm child = ChildJvm.builder(EchoChild.class).name("echo-6").outputDirectory(outputDir).start();
        child.awaitLine(line -> line.startsWith("READY"), START);
        if (!System.getProperty("os.name", "").startsWith("Windows")) {
            child.suspend();
            child.send("while stopped");
            assertThatThrownBy(() -> child.awaitLine(line -> line.equals("ECHO while stopped"),
                    Duration.ofMillis(500))).isInstanceOf(IllegalStateException.class);
            child.resume();
            child.awaitLine(line -> line.equals("ECHO while stopped"), START);
        }
        child.close();
        assertThat(child.isAlive()).isFalse();
        child.close(); // again: nothing to do
    }

    @Test
    void aNameThatCannotNameAFileAndALineWithABreakAreRefused() throws Exception {
        assertThatThrownBy(() -> ChildJvm.builder(EchoChild.class).name("../x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../x'");
        try (ChildJvm child = ChildJvm.builder(EchoChild.class).outputDirectory(outputDir).start()) {
            assertThat(child.name()).isEqualTo("EchoChild");
            assertThatThrownBy(() -> child.send("two\nlines")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
