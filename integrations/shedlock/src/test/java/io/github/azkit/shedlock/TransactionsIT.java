package io.github.azkit.shedlock;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.storage.AttemptTracker;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.function.Supplier;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each operation costs, in storage transactions, as the README and the provider's Javadoc state: the first lock
 * of a name 2 (a Get Blob that finds nothing, a Put Blob), a held lock 1 (Get Blob), unlock 1, a later lock 2,
 * extend 1; with and without an {@code AttemptTracker} (they differ only after a refusal: a lost race costs 2 with
 * one, 3 without).
 */
@AzkitStorageTest
class TransactionsIT {

    @ParameterizedTest(name = "tracked={0}")
    @ValueSource(booleans = {true, false})
    void lockUnlockAndExtendCostWhatTheDocumentationSays(boolean tracked, TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        var builder = storage.blobServiceClientBuilder().addPolicy(counter);
        if (tracked) {
            builder.addPolicy(new AttemptTracker());
        }
        BlobContainerClient container = builder.buildClient()
                .getBlobContainerClient(storage.createContainer().getBlobContainerName());
        AzureBlobLockProvider a = AzureBlobLockProvider.builder().containerClient(container).build();
        AzureBlobLockProvider b = AzureBlobLockProvider.builder().containerClient(container).build();

        SimpleLock first = cost(counter, () -> a.lock(config()).orElseThrow(), 1, 1, "the first lock of a name");
        cost(counter, () -> b.lock(config()), 1, 0, "asking for a held lock");
        SimpleLock extended = cost(counter, () -> first.extend(Duration.ofMinutes(10), Duration.ZERO).orElseThrow(),
                0, 1, "extending");
        cost(counter, () -> {
            extended.unlock();
            return null;
        }, 0, 1, "unlocking");
        SimpleLock again = cost(counter, () -> b.lock(config()).orElseThrow(), 1, 1, "taking a free lock");
        again.unlock();
    }

    @ParameterizedTest(name = "tracked={0}")
    @ValueSource(booleans = {true, false})
    void losingARaceCostsTwoWithATrackerAndThreeWithout(boolean tracked, TestStorage storage) {
        BlobContainerClient plain = storage.createContainer();
        AzureBlobLockProvider other = AzureBlobLockProvider.builder().containerClient(plain).build();
        TransactionCounter counter = new TransactionCounter();
        BeforeConditionalWrite interleave = new BeforeConditionalWrite();
        var builder = storage.blobServiceClientBuilder().addPolicy(counter);
        if (tracked) {
            builder.addPolicy(new AttemptTracker());
        }
        AzureBlobLockProvider provider = AzureBlobLockProvider.builder().containerClient(builder.addPolicy(interleave)
                .buildClient().getBlobContainerClient(plain.getBlobContainerName())).build();
        long reads = tracked ? 1 : 2; // without a tracker the refusal is read back (Get Blob Properties)

        // Both find the lock absent; the other instance creates it first (409)
        interleave.arm(() -> other.lock(config()).orElseThrow());
        assertThat(cost(counter, () -> provider.lock(config()), reads, 1, "losing a race for an absent lock"))
                .isEmpty();

        // Both find it expired (taken ten minutes ago for one second); the other takes it first (412)
        plain.getBlobClient("nightly-report").delete();
        other.lock(new LockConfiguration(ClockProvider.now().minusSeconds(600), "nightly-report",
                Duration.ofSeconds(1), Duration.ZERO)).orElseThrow();
        interleave.arm(() -> other.lock(config()).orElseThrow());
        assertThat(cost(counter, () -> provider.lock(config()), reads, 1, "losing a race for an expired lock"))
                .isEmpty();
    }

    private static <T> T cost(TransactionCounter counter, Supplier<T> operation, long reads, long writes,
            String what) {
        TransactionCounts before = counter.snapshot();
        T result = operation.get();
        TransactionCounts spent = counter.snapshot().minus(before);
        assertThat(spent.get(TransactionKind.READ)).as("reads of %s: %s", what, spent).isEqualTo(reads);
        assertThat(spent.get(TransactionKind.WRITE)).as("writes of %s: %s", what, spent).isEqualTo(writes);
        assertThat(spent.total()).as("transactions of %s: %s", what, spent).isEqualTo(reads + writes);
        return result;
    }

    private static LockConfiguration config() {
        return new LockConfiguration(ClockProvider.now(), "nightly-report", Duration.ofMinutes(5), Duration.ZERO);
    }
}
