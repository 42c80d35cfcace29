package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link OptimisticUpdate} on a network that loses responses: the service applies a conditional write, the response
 * is lost, the SDK sends the write again and gets 412 (or 409). Each increment must be counted exactly once, or the
 * call must throw {@link OutcomeUnknownException}.
 */
@AzkitStorageTest
class OptimisticUpdateFaultsIT {

    private static final OptimisticUpdate.Change<Long> INCREMENT = c -> Optional.of(c == null ? 1 : c + 1);
    private static final RetryPolicy RETRY = RetryPolicy.builder().maxAttempts(200)
            .initialDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(100)).deadline(Duration.ofMinutes(1))
            .build();

    // @start region="guide-injector"
    /** A quarter of the conditional writes lose their response; some time out; some get 503 without applying. */
    private static FaultInjector hostile(long seed) {
        return FaultInjector.builder().seed(seed)
                .rule(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).withProbability(0.25))
                .rule(FaultRule.timeout().on(Operation.CONDITIONAL_WRITE).withProbability(0.05))
                .rule(FaultRule.status(503).on(Operation.WRITE).withProbability(0.05))
                .rule(FaultRule.loseResponse().on(Operation.READ).withProbability(0.05))
                .build();
    }
    // @end region="guide-injector"

    /** Fast SDK retries, and no attempt tracker: the record of recent writes alone. */
    private static BlobClient untrackedBlob(TestStorage storage, String container, FaultInjector faults) {
        return storage.blobServiceClientBuilder().retryOptions(new RequestRetryOptions(
                RetryPolicyType.EXPONENTIAL, 6, Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(200),
                null)).addPolicy(faults).buildClient().getBlobContainerClient(container).getBlobClient("counter");
    }

    private static TableClient table(TestStorage storage, String name, FaultInjector faults) {
        return storage.tableServiceClientBuilder().retryOptions(new RetryOptions(new ExponentialBackoffOptions()
                        .setMaxRetries(6).setBaseDelay(Duration.ofMillis(10)).setMaxDelay(Duration.ofMillis(200))))
                .addPolicy(new AttemptTracker()).addPolicy(faults).buildClient().getTableClient(name);
    }

    @Test
    void aHundredBlobIncrementsWithAQuarterOfResponsesLostCountExactlyAHundred(TestStorage storage) {
        String container = storage.createContainer().getBlobContainerName();
        FaultInjector faults = hostile(20261202L);
        // @start region="guide-tracked-client"
        BlobServiceClient client = new BlobServiceClientBuilder()
                .connectionString(storage.connectionString())     // your account, or Azurite
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 6, Duration.ofSeconds(5),
                        Duration.ofMillis(10), Duration.ofMillis(200), null)) // first retry after 10 ms, not 4 s
                .addPolicy(new AttemptTracker())  // before the injector: sees an injected lost response as lost
                .addPolicy(faults)
                .buildClient();
        // @end region="guide-tracked-client"
        // @start region="guide-exact-counter"
        BlobClient blob = client.getBlobContainerClient(container).getBlobClient("counter");
        ETagStore<Long> store = OptimisticUpdateIT.longs(ETagStore.blob(blob));
        int written = 0;
        int unknown = 0;
        for (int i = 0; i < 100; i++) {
            try {
                if (OptimisticUpdate.update(store, INCREMENT, RETRY).isWritten()) {
                    written++;
                }
            } catch (OutcomeUnknownException e) {
                unknown++; // applied or not: only the stored value can tell
            }
        }
        // @end region="guide-exact-counter"

        long stored = Long.parseLong(storage.blobServiceClient().getBlobContainerClient(container)
                .getBlobClient("counter").downloadContent().toString());
        Tally tally = new Tally();
        tally.succeeded.set(written);
        tally.unknown.set(unknown);
        tally.assertExact(stored, 100);
        assertThat(tally.unknown.get()).isZero(); // one writer: the record of recent writes always tells
        assertThat(faults.injected(Fault.LOST_RESPONSE)).isGreaterThanOrEqualTo(20);
    }

    @Test
    void withoutATrackerTheRecordOfRecentWritesStillKeepsTheCountExact(TestStorage storage) {
        String container = storage.createContainer().getBlobContainerName();
        FaultInjector faults = hostile(7L);
        ETagStore<Long> store = OptimisticUpdateIT.longs(ETagStore.blob(untrackedBlob(storage, container, faults)));

        Tally tally = increment(store, 100, 1);

        long stored = Long.parseLong(storage.blobServiceClient().getBlobContainerClient(container)
                .getBlobClient("counter").downloadContent().toString());
        tally.assertExact(stored, 100);
        assertThat(faults.injected(Fault.LOST_RESPONSE)).isGreaterThanOrEqualTo(20);
    }

    @Test
    void fourContendingWritersOnATableEntityUnderFaultsCountEachIncrementOnceOrSayUnknown(TestStorage storage)
            throws Exception {
        String name = storage.createTable().getTableName();
        storage.tableServiceClient().getTableClient(name).createEntity(
                new TableEntity("p", "counter").addProperty("Count", 0L));
        FaultInjector faults = hostile(42L);
        ETagStore<Long> store = OptimisticUpdateIT.entityCounter(table(storage, name, faults), "p", "counter");

        Tally tally = increment(store, 50, 4);

        long stored = (Long) storage.tableServiceClient().getTableClient(name).getEntity("p", "counter")
                .getProperty("Count");
        tally.assertExact(stored, 200);
        assertThat(faults.injected(Fault.LOST_RESPONSE)).isGreaterThanOrEqualTo(20);
    }

    /** Successes and "outcome unknown" answers of a run of increments. */
    private static final class Tally {
        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger unknown = new AtomicInteger();

        /** Every increment that succeeded is stored once; each unknown one at most once. */
        void assertExact(long stored, int calls) {
            System.out.printf("%d increments: %d succeeded, %d outcome unknown, %d stored%n", calls, succeeded.get(),
                    unknown.get(), stored);
            assertThat(succeeded.get() + unknown.get()).isEqualTo(calls);
            assertThat(stored).isBetween((long) succeeded.get(), (long) succeeded.get() + unknown.get());
        }
    }

    private static Tally increment(ETagStore<Long> store, int perThread, int threads) {
        Tally tally = new Tally();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try {
                            assertThat(OptimisticUpdate.update(store, INCREMENT, RETRY).isWritten()).isTrue();
                            tally.succeeded.incrementAndGet();
                        } catch (OutcomeUnknownException e) {
                            tally.unknown.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(3, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
        return tally;
    }
}
