package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Regression test: a batch that kept failing with transient faults was logged only at DEBUG until close(), so an
 * outage of the log's storage was silent. Now the writer logs one WARN per run of failures once
 * {@code warnAfterFailedAttempts} attempts in a row have failed, one INFO when a write succeeds again, and every write
 * the retry policy gives up on reaches the onWriteFailed listener.
 */
@AzkitStorageTest
class AsyncLogWriterWarningIT {

    private static final String LOGGER = "io.github.azkit.logging.AsyncLogWriter";

    @Test
    void regressionStorageFailingForAWhileLogsOneWarnPerEpisodeAndOneInfoWhenItRecovers(TestStorage storage) {
        FaultInjector faults = FaultInjector.builder().rule(FaultRule.status(503).on(Operation.BLOCK_COMMIT)).build();
        faults.enabled(false);
        BlobContainerClient container = storage.blobServiceClientBuilder(faults)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, 5, 5L, 5L, null)) // no SDK retries
                .buildClient().getBlobContainerClient(storage.createContainer().getBlobContainerName());
        OngoingLog log = OngoingLog.builder().containerClient(container).logId("outage").build();
        List<WriteFailedEvent> events = new CopyOnWriteArrayList<>();
        List<String> appended = new ArrayList<>();
        String captured;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try (AsyncLogWriter writer = AsyncLogWriter.builder().sink(log).flushInterval(Duration.ofHours(1))
                .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ZERO)
                        .maxDelay(Duration.ZERO).build())
                .warnAfterFailedAttempts(4)
                .onWriteFailed(events::add)
                .build()) {
            // Given storage that answers every commit with 503 for five flushes (2 attempts each: 10 in a row)
            faults.enabled(true);
            for (int i = 0; i < 5; i++) {
                appended.add("e" + i);
                writer.append("e" + i);
                writer.flush();
            }
            // Then it recovers
            faults.enabled(false);
            writer.flush();
            assertThat(writer.queuedCount()).isZero();
            // And fails again for two flushes (4 attempts: a second episode), and recovers again
            faults.enabled(true);
            for (int i = 5; i < 7; i++) {
                appended.add("e" + i);
                writer.append("e" + i);
                writer.flush();
            }
            faults.enabled(false);
            writer.flush();

            assertThat(writer.failedAttemptCount()).isEqualTo(14);
            assertThat(writer.writtenCount()).isEqualTo(7);
            assertThat(writer.lostCount()).isZero();
        } finally {
            System.setErr(err);
            captured = buffer.toString(StandardCharsets.UTF_8);
            err.print(captured);
        }

        List<String> lines = Arrays.asList(captured.split("\\R"));
        List<String> warnings = lines.stream().filter(l -> l.contains(" WARN " + LOGGER)).toList();
        List<String> recoveries = lines.stream().filter(l -> l.contains(" INFO " + LOGGER)).toList();
        assertThat(warnings).as("one WARN per episode, not one per attempt").hasSize(2);
        assertThat(warnings.get(0)).contains("failed 4 times in a row").contains("503");
        assertThat(warnings.get(1)).contains("failed 4 times in a row");
        assertThat(recoveries).as("one INFO per recovery").hasSize(2);
        assertThat(recoveries.get(0)).contains("after 10 failed attempts");
        assertThat(recoveries.get(1)).contains("after 4 failed attempts");

        // Every failed flush reached the listener, and through it every 503: each attempt is one append whose commit
        // failed three times (the log's own bound; the earlier two suppressed), and each flush made two attempts (the
        // first suppressed by the retry policy).
        assertThat(events).hasSize(7);
        assertThat(events).allMatch(WriteFailedEvent::isKept);
        assertThat(events).allMatch(e -> e.entryCount() == 1);
        assertThat(events.stream().map(WriteFailedEvent::consecutiveFailures).toList())
                .containsExactly(2L, 4L, 6L, 8L, 10L, 2L, 4L);
        assertThat(events).allSatisfy(e -> assertThat(e.failure()).isInstanceOf(BlobStorageException.class));
        long reported = events.stream().mapToLong(e -> count503(e.failure())).sum();
        assertThat(faults.injected(Fault.STATUS)).as("three commits per failed attempt").isEqualTo(3 * 14);
        assertThat(reported).as("503s reported to the listener").isEqualTo(faults.injected(Fault.STATUS));

        assertThat(OngoingLog.builder().containerClient(storage.blobServiceClient()
                .getBlobContainerClient(container.getBlobContainerName())).logId("outage").build().readEntries())
                .containsExactlyElementsOf(appended);
    }

    /** The 503 answers in a failure and its suppressed failures, recursively. */
    private static long count503(Throwable failure) {
        long n = failure instanceof BlobStorageException bse && bse.getStatusCode() == 503 ? 1 : 0;
        for (Throwable suppressed : failure.getSuppressed()) {
            n += count503(suppressed);
        }
        return n;
    }
}
