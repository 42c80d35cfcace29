package io.github.azkit.shedlock;

import com.azure.storage.blob.BlobContainerClient;
import java.time.Instant;
import net.javacrumbs.shedlock.core.ClockProvider;

/** Test helpers that read a lock's blob directly, as the provider does not expose it. */
final class LockBlobs {

    private LockBlobs() {
    }

    /** The record in the lock's blob. */
    static LockRecord record(BlobContainerClient container, String lockName) {
        return LockRecord.parse(container.getBlobClient(lockName).downloadContent().toBytes(), lockName);
    }

    /** Whether the lock's blob says it is held now, by {@link ClockProvider}'s clock. */
    static boolean isHeld(BlobContainerClient container, String lockName) {
        return record(container, lockName).isHeldAt(ClockProvider.now());
    }

    /** The lock's {@code lockUntil}. */
    static Instant lockUntil(BlobContainerClient container, String lockName) {
        return record(container, lockName).lockUntil();
    }
}
