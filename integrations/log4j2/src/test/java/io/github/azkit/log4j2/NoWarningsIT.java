package io.github.azkit.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.logging.LogPeriod;
import io.github.azkit.logging.OngoingLog;
import io.github.azkit.logging.PeriodicLog;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import io.github.azkit.testing.UserLogging;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A normal run of the appender logs no WARN or ERROR: {@link NormalRunChild} in a JVM of its own, logging through
 * SLF4J onto Log4j 2 with a console appender at INFO for everything (the SDK's loggers included) beside two
 * {@code <AzureBlob>} appenders, and Log4j's status logger at WARN.
 */
@AzkitStorageTest
class NoWarningsIT {

    /** Any line that says WARN or ERROR: the console's lines, and Log4j's status logger's. */
    private static final Pattern WARN_OR_ERROR = Pattern.compile(".*\\b(WARN|ERROR)\\b.*");

    @Test
    void aNormalRunLogsNoWarnOrError(TestStorage storage) throws Exception {
        BlobContainerClient container = storage.createContainer();
        Instant before = Instant.now();
        try (ChildJvm child = ChildJvm.builder(NormalRunChild.class).name("log4j2-normal-run")
                .args(container.getBlobContainerName())
                .env(NormalRunChild.CONNECTION_STRING_ENV, storage.connectionString())
                .jvmOptions("-Xmx256m").start()) {
            assertThat(child.waitFor(Duration.ofSeconds(90))).as("exit status; output:%n%s", child.output()).isZero();
            assertThat(child.outputLines()).contains("DONE");
            List<String> warnings = child.outputLines().stream().filter(l -> WARN_OR_ERROR.matcher(l).matches())
                    .toList();
            assertThat(warnings).as("WARN and ERROR lines of %s", child.outputFile()).isEmpty();
            assertThat(UserLogging.warnAndErrorLines(child)).isEmpty();
        }
        assertThat(OngoingLog.builder().containerClient(container).logId("app").build().readEntries())
                .hasSize(4 * 4 + 1);
        PeriodicLog audit = PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY).build();
        int audited = audit.readEntries("audit", before).size();
        if (!LogPeriod.DAILY.start(before).equals(LogPeriod.DAILY.start(Instant.now()))) {
            audited += audit.readEntries("audit", Instant.now()).size(); // ran across midnight UTC
        }
        assertThat(audited).isEqualTo(4 * 2_000);
    }
}
