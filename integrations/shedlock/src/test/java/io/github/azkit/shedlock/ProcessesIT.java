package io.github.azkit.shedlock;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two JVMs want one lock ({@link LockChild}); the one holding it is killed (SIGKILL, as a machine dies), so it never
 * unlocks. The other must get the lock once {@code lockAtMostFor} has passed since the holder took it, and not
 * before: every attempt before the holder's {@code lockUntil} is refused, and the first success comes at most the
 * poll interval plus a request later.
 */
@AzkitStorageTest
class ProcessesIT {

    private static final Duration LOCK_AT_MOST_FOR = Duration.ofSeconds(6);
    /** The competitor's 50 ms poll, one Get Blob and one Put Blob, and JVM scheduling on a loaded 2-core machine. */
    private static final Duration SLACK = Duration.ofMillis(1500);

    @Test
    void aKilledHoldersLockIsFreeAfterLockAtMostForAndNotBefore(TestStorage storage) throws Exception {
        BlobContainerClient container = storage.createContainer();
        try (ChildJvm holder = child(storage, container, "holder", "hold")) {
            long lockUntil = Long.parseLong(holder.awaitLine(line -> line.startsWith("LOCKED "),
                    Duration.ofSeconds(60)).substring("LOCKED ".length()));
            try (ChildJvm other = child(storage, container, "competitor", "compete")) {
                other.awaitLine(line -> line.startsWith("REFUSED "), Duration.ofSeconds(60));
                holder.kill();
                String locked = other.awaitLine(line -> line.startsWith("LOCKED "),
                        LOCK_AT_MOST_FOR.plus(Duration.ofSeconds(30)));
                long lockedAt = Long.parseLong(locked.substring("LOCKED ".length()));
                assertThat(other.waitFor(Duration.ofSeconds(30))).isZero();

                List<Long> refusals = other.outputLines().stream().filter(line -> line.startsWith("REFUSED "))
                        .map(line -> Long.parseLong(line.substring("REFUSED ".length()))).toList();
                System.out.printf("ProcessesIT: lock taken %d ms after the killed holder's lockUntil, %d refusals%n",
                        lockedAt - lockUntil, refusals.size());
                assertThat(lockedAt).as("taken at or after the holder's lockUntil").isGreaterThanOrEqualTo(lockUntil);
                assertThat(lockedAt - lockUntil).as("ms after lockUntil").isLessThanOrEqualTo(SLACK.toMillis());
                assertThat(refusals).as("refusals while the lock was held, even after the holder died").isNotEmpty()
                        .allSatisfy(at -> assertThat(at).isLessThan(lockUntil + SLACK.toMillis()));
                assertThat(refusals.get(refusals.size() - 1)).as("last refusal").isGreaterThan(lockUntil - 1000);
            }
        }
    }

    private static ChildJvm child(TestStorage storage, BlobContainerClient container, String name, String mode) {
        return ChildJvm.builder(LockChild.class).name("shedlock-" + name)
                .args(container.getBlobContainerName(), "nightly-report", Long.toString(LOCK_AT_MOST_FOR.toMillis()),
                        mode)
                .env(LockChild.CONNECTION_STRING_ENV, storage.connectionString()).jvmOptions("-Xmx128m").start();
    }
}
