package io.github.azkit.shedlock;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import io.github.azkit.testing.UserLogging;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A normal run of the provider logs no WARN or ERROR: {@link NormalRunChild} in a JVM of its own, with the logging a
 * user gets ({@link UserLogging}), not this module's quieted test logging.
 */
@AzkitStorageTest
class NoWarningsIT {

    @Test
    void aNormalRunLogsNoWarnOrError(TestStorage storage) throws Exception {
        BlobContainerClient container = storage.createContainer();
        try (ChildJvm child = ChildJvm.builder(NormalRunChild.class).name("shedlock-normal-run")
                .args(container.getBlobContainerName())
                .env(NormalRunChild.CONNECTION_STRING_ENV, storage.connectionString())
                .jvmOptions("-Xmx256m").jvmOptions(UserLogging.jvmOptions()).start()) {
            assertThat(child.waitFor(Duration.ofSeconds(90))).as("exit status; output:%n%s", child.output()).isZero();
            assertThat(child.outputLines()).contains("DONE");
            assertThat(UserLogging.warnAndErrorLines(child)).as("WARN and ERROR lines of %s", child.outputFile())
                    .isEmpty();
        }
    }
}
