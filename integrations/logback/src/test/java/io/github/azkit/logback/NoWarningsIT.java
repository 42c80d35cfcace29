package io.github.azkit.logback;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.azkit.logback.example.OrdersApp;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import io.github.azkit.testing.UserLogging;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A normal run logs no WARN or ERROR: {@link OrdersApp} in a JVM of its own, with the {@code logback.xml} a user
 * writes (the console at INFO for every logger, the Azure SDK's included, in the format {@link UserLogging} reads,
 * and the blob appender), into a container that does not exist yet, so the appender's first write creates it.
 * Logback's own status warnings and errors count too.
 */
@AzkitStorageTest
class NoWarningsIT {

    @Test
    void aNormalRunLogsNoWarnOrError(TestStorage storage) throws Exception {
        String container = TestStorage.uniqueName("fresh");
        try (ChildJvm child = ExampleAppIT.start("logback-normal-run", storage, container, 300)) {
            assertThat(child.waitFor(Duration.ofSeconds(60))).as("exit status; output:%n%s", child.output()).isZero();
            assertThat(child.outputLines()).contains("DONE").contains("[main] INFO "
                    + OrdersApp.class.getName() + " - order 300 placed");
            assertThat(UserLogging.warnAndErrorLines(child)).as("WARN and ERROR lines of %s", child.outputFile())
                    .isEmpty();
            assertThat(child.outputLines()).as("Logback's status warnings and errors")
                    .noneMatch(line -> line.contains("|-WARN") || line.contains("|-ERROR"));
        } finally {
            storage.blobServiceClient().getBlobContainerClient(container).deleteIfExists();
        }
    }
}
