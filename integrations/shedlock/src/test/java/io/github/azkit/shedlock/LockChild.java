package io.github.azkit.shedlock;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.testing.ChildJvm;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * The child main of {@link ProcessesIT}: one instance of an application that wants the lock named by the second
 * argument, in the container named by the first, with the {@code lockAtMostFor} in milliseconds of the third. With
 * {@code hold} it takes the lock, prints {@code LOCKED <lockUntil epoch ms>} and keeps it until it is killed; with
 * {@code compete} it asks every 50 ms, printing {@code REFUSED <now epoch ms>} for each refusal, and when it gets the
 * lock prints {@code LOCKED <now epoch ms>}, unlocks and exits. Storage is named by {@value #CONNECTION_STRING_ENV}.
 */
public final class LockChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_CHILD_CONNECTION_STRING";

    private LockChild() {
    }

    /**
     * Runs one instance.
     *
     * @param args container, lock name, lockAtMostFor in milliseconds, {@code hold} or {@code compete}
     * @throws Exception if storage fails
     */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 9);
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(System.getenv(CONNECTION_STRING_ENV)).buildClient().getBlobContainerClient(args[0]);
        AzureBlobLockProvider provider = AzureBlobLockProvider.builder().containerClient(container).build();
        Duration lockAtMostFor = Duration.ofMillis(Long.parseLong(args[2]));
        if (args[3].equals("hold")) {
            LockConfiguration configuration = new LockConfiguration(ClockProvider.now(), args[1], lockAtMostFor,
                    Duration.ZERO);
            provider.lock(configuration).orElseThrow(() -> new IllegalStateException("the lock is not free"));
            System.out.println("LOCKED " + configuration.getLockAtMostUntil().toEpochMilli());
            Thread.sleep(Long.MAX_VALUE); // the task runs until the process is killed
        }
        while (true) {
            Optional<SimpleLock> lock = provider.lock(new LockConfiguration(ClockProvider.now(), args[1],
                    lockAtMostFor, Duration.ZERO));
            Instant now = ClockProvider.now();
            if (lock.isPresent()) {
                System.out.println("LOCKED " + now.toEpochMilli());
                lock.get().unlock();
                return;
            }
            System.out.println("REFUSED " + now.toEpochMilli());
            Thread.sleep(50);
        }
    }
}
