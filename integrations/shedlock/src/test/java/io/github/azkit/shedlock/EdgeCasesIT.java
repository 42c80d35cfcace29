package io.github.azkit.shedlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobStorageException;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the provider does at the edges: a lock outlived by its task, bad names, foreign blobs, a missing container. */
@AzkitStorageTest
class EdgeCasesIT {

    private BlobContainerClient container;
    private AzureBlobLockProvider provider;

    @BeforeEach
    void setUp(TestStorage storage) {
        container = storage.createContainer();
        provider = AzureBlobLockProvider.builder().containerClient(container).build();
    }

    @Test
    void anUnlockAfterAnotherInstanceTookTheExpiredLockLeavesItsLockAndWarns() {
        // A task that outlived its lockAtMostFor: its configuration was made a minute ago with 30 seconds
        SimpleLock late = provider.lock(new LockConfiguration(ClockProvider.now().minusSeconds(60), "job",
                Duration.ofSeconds(30), Duration.ZERO)).orElseThrow();
        AzureBlobLockProvider other = AzureBlobLockProvider.builder().containerClient(container).build();
        SimpleLock current = other.lock(config("job")).orElseThrow();
        Instant currentUntil = LockBlobs.lockUntil(container, "job");

        String log = LostResponseIT.logOf(late::unlock);

        assertThat(log).contains("WARN").contains("Lock 'job' was taken by another instance")
                .contains("raise lockAtMostFor");
        assertThat(LockBlobs.lockUntil(container, "job")).as("the new holder's lock").isEqualTo(currentUntil);
        assertThat(provider.lock(config("job"))).isEmpty();
        current.unlock();
    }

    @Test
    void lockNamesThatAreNotBlobNamesAreRefusedNamingTheValueAndTheFix() {
        assertThatThrownBy(() -> provider.lock(config("reports/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Lock name \"reports/\" cannot be a blob name: it ends with '/'")
                .hasMessageContaining("Rename the lock");
        assertThatThrownBy(() -> provider.lock(config("a\\b"))).hasMessageContaining("'\\' at index 1");
        assertThatThrownBy(() -> provider.lock(config("x".repeat(1025)))).hasMessageContaining("1025 characters");
        assertThat(container.listBlobs().stream()).as("nothing written").isEmpty();
    }

    @Test
    void namesWithSlashesSpacesAndUnicodeAreUsedAsTheyAre() {
        for (String name : new String[] {"reports/daily", "Monatsbericht für März", "job.v2", "ジョブ"}) {
            SimpleLock lock = provider.lock(config(name)).orElseThrow();
            assertThat(LockBlobs.isHeld(container, name)).isTrue();
            assertThat(provider.lock(config(name))).isEmpty();
            lock.unlock();
        }
    }

    @Test
    void theBlobPrefixIsPutBeforeEachLockName() {
        AzureBlobLockProvider prefixed = AzureBlobLockProvider.builder().containerClient(container)
                .blobPrefix("shedlock/").build();
        SimpleLock lock = prefixed.lock(config("job")).orElseThrow();
        assertThat(LockBlobs.isHeld(container, "shedlock/job")).isTrue();
        assertThat(container.getBlobClient("job").exists()).isFalse();
        lock.unlock();
    }

    @Test
    void aBlobThatIsNotALockRecordIsNeitherTakenNorOverwritten() {
        container.getBlobClient("job").upload(BinaryData.fromString("someone else's data"));
        assertThatThrownBy(() -> provider.lock(config("job")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Blob 'job' in container '" + container.getBlobContainerName() + "'")
                .hasMessageContaining("does not hold an azkit ShedLock record");
        assertThat(container.getBlobClient("job").downloadContent().toString()).isEqualTo("someone else's data");
    }

    @Test
    void aMissingContainerIsTheSdksError(TestStorage storage) {
        AzureBlobLockProvider missing = AzureBlobLockProvider.builder()
                .containerClient(storage.blobServiceClient().getBlobContainerClient(TestStorage.uniqueName("none")))
                .build();
        assertThatThrownBy(() -> missing.lock(config("job"))).isInstanceOf(BlobStorageException.class)
                .hasMessageContaining("ContainerNotFound");
    }

    @Test
    void theOperationTimeoutBoundsEachCall(TestStorage storage) {
        FaultInjector slow = FaultInjector.builder().seed(3L)
                .rule(FaultRule.latency(Duration.ofSeconds(3)).on(Operation.READ)).build();
        AzureBlobLockProvider bounded = AzureBlobLockProvider.builder()
                .containerClient(FaultyClients.container(storage, container, slow, true))
                .operationTimeout(Duration.ofMillis(500)).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> bounded.lock(config("job"))).hasRootCauseInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    private static LockConfiguration config(String name) {
        return new LockConfiguration(ClockProvider.now(), name, Duration.ofMinutes(5), Duration.ZERO);
    }
}
