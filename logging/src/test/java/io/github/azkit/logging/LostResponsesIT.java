package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for duplicated log entries: a Put Block List applied by the service whose response is lost was
 * retried by the SDK, met 412 (409 when it created the blob), was taken for a lost race and committed again (740
 * entries read back for 600 written). Every test writes entries with unique ids and compares the whole list read
 * back with the list written: each entry exactly once, in order. Seeds are fixed, so a run replays.
 */
@AzkitStorageTest
class LostResponsesIT {

    private static final int BATCHES = 60;
    private static final int BATCH = 10;

    @Test
    void regressionOngoingLogLosingAQuarterOfCommitResponsesWritesEachEntryOnce(TestStorage storage) {
        FaultInjector faults = FaultInjector.builder().seed(42L)
                .rule(FaultRule.loseResponse().on(Operation.BLOCK_COMMIT).limit(1)) // the commit that creates the blob
                .rule(FaultRule.loseResponse().on(Operation.BLOCK_COMMIT).withProbability(0.25))
                .build();
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = CountedContainer.of(faultyContainer(storage, storage.blobServiceClient(faults)),
                counter);
        OngoingLog log = OngoingLog.builder().containerClient(container).logId("lossy").header("id").build();

        List<String> written = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            List<String> batch = batch("e", b);
            log.appendAll(batch); // the SDK's retries and the log's own check absorb every fault
            written.addAll(batch);
        }

        assertThat(cleanReader(storage, container, "lossy").readEntries()).containsExactlyElementsOf(written);
        assertThat(faults.injected(Fault.LOST_RESPONSE)).as("lost commit responses")
                .isGreaterThanOrEqualTo((long) (0.2 * BATCHES));
        assertThat(log.appliedDespiteFailure()).as("applied commits recognized after a 412/409").isPositive();
        assertThat(log.conflicts()).as("no lost race: there is one writer").isZero();
        assertThat(counter.snapshot().get(TransactionKind.READ))
                .as("one Get Block List at the start, one per ambiguous commit, none otherwise")
                .isEqualTo(1 + log.appliedDespiteFailure());
    }

    @Test
    void regressionOngoingLogUnderLostResponsesTimeoutsAnd503sThatOutlastTheSdkRetries(TestStorage storage) {
        FaultInjector faults = FaultInjector.builder().seed(7L)
                .rule(FaultRule.loseResponse().on(Operation.BLOCK_COMMIT).withProbability(0.2))
                .rule(FaultRule.timeout().on(Operation.BLOCK_COMMIT).withProbability(0.15))
                .rule(FaultRule.status(503).on(Operation.BLOCK_COMMIT).withProbability(0.15))
                .rule(FaultRule.loseResponse().on(Operation.READ).withProbability(0.4))
                .build();
        BlobContainerClient container = faultyContainer(storage, twoTries(storage, faults));
        OngoingLog log = OngoingLog.builder().containerClient(container).logId("lossy").build();

        List<String> written = new ArrayList<>();
        int callerRetries = 0;
        for (int b = 0; b < BATCHES; b++) {
            List<String> batch = batch("e", b);
            callerRetries += appendRetrying(log, batch);
            written.addAll(batch);
        }

        assertThat(cleanReader(storage, container, "lossy").readEntries()).containsExactlyElementsOf(written);
        assertThat(faults.injected(Fault.TIMEOUT)).isPositive();
        assertThat(faults.injected(Fault.STATUS)).isPositive();
        assertThat(callerRetries).as("appends that threw in doubt and were retried with the same entries")
                .isPositive();
        assertThat(log.appliedDespiteFailure()).isPositive();
    }

    @Test
    void regressionPeriodicLogRetriesAfterAppendsToAnotherPeriodWriteEachEntryOnce(TestStorage storage) {
        FaultInjector faults = FaultInjector.builder().seed(11L)
                .rule(FaultRule.loseResponse().on(Operation.BLOCK_COMMIT).withProbability(0.25))
                .rule(FaultRule.loseResponse().on(Operation.READ).withProbability(0.2))
                .build();
        BlobContainerClient container = faultyContainer(storage, twoTries(storage, faults));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:05Z"));
        PeriodicLog transcripts = PeriodicLog.builder().containerClient(container).period(LogPeriod.MONTHLY)
                .clock(clock).build();
        Instant november = Instant.parse("2026-11-30T23:59:59Z");
        Instant december = clock.instant();

        // Two streams of batches for one id, November's (held over the month's end) and December's, written in
        // turns: a batch that throws is retried on the stream's next turn, after the other month's append.
        List<Deque<List<String>>> todo = List.of(new ArrayDeque<>(), new ArrayDeque<>());
        for (int b = 0; b < BATCHES / 2; b++) {
            todo.get(0).add(batch("nov", b));
            todo.get(1).add(batch("dec", b));
        }
        Instant[] months = {november, december};
        int failures = 0;
        for (int turn = 0; !todo.get(0).isEmpty() || !todo.get(1).isEmpty(); turn++) {
            assertThat(turn).as("turns").isLessThan(1_000);
            Deque<List<String>> stream = todo.get(turn % 2);
            if (stream.isEmpty()) {
                continue;
            }
            try {
                transcripts.appendAll("account-1", months[turn % 2], stream.peek());
                stream.poll();
            } catch (RuntimeException e) {
                failures++;
            }
        }

        PeriodicLog reader = PeriodicLog.builder().containerClient(storage.blobServiceClient()
                .getBlobContainerClient(container.getBlobContainerName())).period(LogPeriod.MONTHLY).build();
        assertThat(reader.readEntries("account-1", november)).containsExactlyElementsOf(
                IntStream.range(0, BATCHES / 2).boxed().flatMap(b -> batch("nov", b).stream()).toList());
        assertThat(reader.readEntries("account-1", december)).containsExactlyElementsOf(
                IntStream.range(0, BATCHES / 2).boxed().flatMap(b -> batch("dec", b).stream()).toList());
        assertThat(failures).as("appends that threw and were retried after the other month's").isPositive();
    }

    @Test
    void regressionAsyncLogWriterDoesNotRewriteABatchThatWasApplied(TestStorage storage) {
        FaultInjector faults = FaultInjector.builder().seed(5L)
                .rule(FaultRule.loseResponse().on(Operation.BLOCK_COMMIT).withProbability(0.25))
                .rule(FaultRule.timeout().on(Operation.BLOCK_COMMIT).withProbability(0.1))
                .rule(FaultRule.loseResponse().on(Operation.READ).withProbability(0.2))
                .build();
        BlobContainerClient container = faultyContainer(storage, twoTries(storage, faults));
        OngoingLog log = OngoingLog.builder().containerClient(container).logId("async").build();
        List<String> accepted = new ArrayList<>();
        List<Integer> keptFailures = new CopyOnWriteArrayList<>();

        try (AsyncLogWriter writer = AsyncLogWriter.builder().sink(log).maxBatchEntries(BATCH)
                .flushInterval(Duration.ofHours(1))
                .retryPolicy(RetryPolicy.builder().maxAttempts(20).initialDelay(Duration.ofMillis(1))
                        .maxDelay(Duration.ofMillis(10)).build())
                .onWriteFailed(e -> keptFailures.add(e.isKept() ? e.entryCount() : -e.entryCount()))
                .build()) {
            for (int b = 0; b < BATCHES; b++) {
                for (String entry : batch("e", b)) {
                    assertThat(writer.append(entry)).isTrue();
                    accepted.add(entry);
                }
                writer.flush();
            }
            writer.close();
            assertThat(writer.writtenCount()).isEqualTo(BATCHES * BATCH);
            assertThat(writer.lostCount()).isZero();
            assertThat(writer.failedAttemptCount()).as("flushes that threw and were retried").isPositive();
        }

        assertThat(cleanReader(storage, container, "async").readEntries()).containsExactlyElementsOf(accepted);
        assertThat(keptFailures).as("no batch dropped").allMatch(n -> n > 0);
        assertThat(log.appliedDespiteFailure()).isPositive();
    }

    private static List<String> batch(String prefix, int b) {
        return IntStream.range(b * BATCH, (b + 1) * BATCH).mapToObj(i -> prefix + "-" + i).toList();
    }

    /** Appends, retrying with the same entries while it throws, as a careful caller does; returns the retries. */
    private static int appendRetrying(OngoingLog log, List<String> batch) {
        for (int attempt = 0; ; attempt++) {
            try {
                log.appendAll(batch);
                return attempt;
            } catch (RuntimeException e) {
                assertThat(attempt).as("retries of one batch; last failure: %s", e).isLessThan(30);
            }
        }
    }

    /** A new container, reached through {@code faulty}, a client carrying the fault injector. */
    private static BlobContainerClient faultyContainer(TestStorage storage, BlobServiceClient faulty) {
        return faulty.getBlobContainerClient(storage.createContainer().getBlobContainerName());
    }

    /** The fault tests' client with two tries a request, so that two faults in a row reach the log. */
    private static BlobServiceClient twoTries(TestStorage storage, FaultInjector faults) {
        return storage.blobServiceClientBuilder(faults)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 2, 5, 5L, 5L, null))
                .buildClient();
    }

    /** The same log read through a client without faults. */
    private static OngoingLog cleanReader(TestStorage storage, BlobContainerClient container, String logId) {
        return OngoingLog.builder().containerClient(storage.blobServiceClient()
                .getBlobContainerClient(container.getBlobContainerName())).logId(logId).build();
    }
}
