package io.github.azkit.shedlock;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.testing.ChildJvm;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockExtender;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;

/**
 * The child main of {@link NoWarningsIT}: two instances of an application guarding jobs with ShedLock's
 * {@link DefaultLockingTaskExecutor} on a plain client built from the connection string in
 * {@value #CONNECTION_STRING_ENV}, in the container named by the first argument. The first lock of a name (its blob
 * does not exist yet), a lock refused while held, a take-over after unlock, {@code lockAtLeastFor}, an extension
 * from inside the task ({@link LockExtender}), and races in which both instances find the lock free at once (the
 * loser's write is refused with 412). Prints {@code DONE} and returns.
 */
public final class NormalRunChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_CHILD_CONNECTION_STRING";

    private NormalRunChild() {
    }

    /**
     * Runs the operations.
     *
     * @param args the container's name
     * @throws Throwable if an operation fails
     */
    public static void main(String[] args) throws Throwable {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 9);
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(System.getenv(CONNECTION_STRING_ENV)).buildClient()
                .getBlobContainerClient(args[0]);
        AzureBlobLockProvider provider = AzureBlobLockProvider.builder().containerClient(container).build();
        LockingTaskExecutor a = new DefaultLockingTaskExecutor(provider);
        LockingTaskExecutor b = new DefaultLockingTaskExecutor(
                AzureBlobLockProvider.builder().containerClient(container).build());
        AtomicInteger runs = new AtomicInteger();

        // The first lock of a name; meanwhile the other instance (another thread: ShedLock lets the thread that
        // holds a lock run nested tasks of the same name) is refused; then the other takes it over
        ExecutorService threads = Executors.newFixedThreadPool(2);
        a.executeWithLock((Runnable) () -> {
            runs.incrementAndGet();
            join(threads.submit(() -> b.executeWithLock((Runnable) runs::incrementAndGet,
                    config("report", Duration.ZERO))));
        }, config("report", Duration.ZERO));
        check(runs.get() == 1, "one run while held, was " + runs.get());
        b.executeWithLock((Runnable) runs::incrementAndGet, config("report", Duration.ZERO));
        check(runs.get() == 2, "a run after unlock, was " + runs.get());

        // lockAtLeastFor keeps the lock after the task ends
        a.executeWithLock((Runnable) runs::incrementAndGet, config("cleanup", Duration.ofSeconds(30)));
        b.executeWithLock((Runnable) runs::incrementAndGet, config("cleanup", Duration.ofSeconds(30)));
        check(runs.get() == 3, "lockAtLeastFor refuses the second, was " + runs.get());

        // A long task extends its lock
        a.executeWithLock((Runnable) () -> {
            LockExtender.extendActiveLock(Duration.ofMinutes(20), Duration.ZERO);
            runs.incrementAndGet();
        }, config("import", Duration.ZERO));
        check(runs.get() == 4, "an extended run, was " + runs.get());

        // Races: both instances find the lock free at the same moment, absent (a create race, 409 for the loser) or
        // expired (a take-over race, 412); exactly one runs each time
        for (int i = 0; i < 10; i++) {
            AtomicInteger raceRuns = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            LockConfiguration race = config("race-" + i, Duration.ofSeconds(30));
            if (i % 2 == 1) { // a lock taken a minute ago for 30 seconds: expired
                provider.lock(new LockConfiguration(ClockProvider.now().minusSeconds(60), race.getName(),
                        Duration.ofSeconds(30), Duration.ZERO)).orElseThrow();
            }
            Future<?> first = threads.submit(() -> run(a, go, race, raceRuns));
            Future<?> second = threads.submit(() -> run(b, go, race, raceRuns));
            go.countDown();
            first.get();
            second.get();
            check(raceRuns.get() == 1, "one run per race, was " + raceRuns.get());
        }
        threads.shutdown();
        System.out.println("DONE");
    }

    private static Void run(LockingTaskExecutor executor, CountDownLatch go, LockConfiguration config,
            AtomicInteger runs) throws InterruptedException {
        go.await();
        executor.executeWithLock((Runnable) runs::incrementAndGet, config);
        return null;
    }

    private static void join(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LockConfiguration config(String name, Duration lockAtLeastFor) {
        return new LockConfiguration(ClockProvider.now(), name, Duration.ofMinutes(10), lockAtLeastFor);
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("expected: " + what);
        }
    }
}
