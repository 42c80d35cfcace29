package io.github.azkit.shedlock;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.test.support.AbstractExtensibleLockProviderIntegrationTest;
import org.junit.jupiter.api.BeforeEach;

/**
 * ShedLock's own published integration suite ({@code shedlock-test-support}), unmodified, against real storage: every
 * test of {@link AbstractExtensibleLockProviderIntegrationTest} and its parent (lock, refuse a second lock, two
 * independent locks, timeout after {@code lockAtMostFor}, {@code lockAtLeastFor}, extend, and the fuzz test of 8
 * threads counting under two locks), on a plain container client as a user builds it (no {@code AttemptTracker}).
 */
@AzkitStorageTest
class AzureBlobLockProviderIT extends AbstractExtensibleLockProviderIntegrationTest {

    private BlobContainerClient container;
    private AzureBlobLockProvider provider;

    @BeforeEach
    void createProvider(TestStorage storage) {
        container = storage.createContainer();
        provider = AzureBlobLockProvider.builder().containerClient(container).build();
    }

    @Override
    protected ExtensibleLockProvider getLockProvider() {
        return provider;
    }

    @Override
    protected void assertUnlocked(String lockName) {
        assertThat(LockBlobs.isHeld(container, lockName)).as("lock %s held; %s", lockName,
                LockBlobs.record(container, lockName)).isFalse();
    }

    @Override
    protected void assertLocked(String lockName) {
        assertThat(LockBlobs.isHeld(container, lockName)).as("lock %s held; %s", lockName,
                LockBlobs.record(container, lockName)).isTrue();
    }
}
