package io.github.azkit.election;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.testing.ChildJvm;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The child main of {@link NoWarningsIT}: the module's main operations as an application makes them, with clients
 * built from the connection string in {@value #CONNECTION_STRING_ENV}, in the container named by the first argument.
 * Two candidates contend for one blob's lease (the loser's attempts are refused with 409, which is normal here), the
 * leader steps down and the other takes over; a lease held by one is refused to another; two electors run a periodic
 * job for two periods. Prints {@code DONE} and returns.
 */
public final class NormalRunChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_CHILD_CONNECTION_STRING";
    private static final Duration POLL = Duration.ofMillis(300);

    private NormalRunChild() {
    }

    /**
     * Runs the operations.
     *
     * @param args the container's name
     * @throws Exception if an operation fails
     */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 9);
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(System.getenv(CONNECTION_STRING_ENV)).buildClient()
                .getBlobContainerClient(args[0]);

        // Leader election: two candidates, one blob (which does not exist yet); the leader steps down, the other leads
        CountDownLatch firstElected = new CountDownLatch(1);
        CountDownLatch secondElected = new CountDownLatch(1);
        LeaderElection a = LeaderElection.builder().blobClient(container.getBlobClient("leader"))
                .leaseDuration(Duration.ofSeconds(15)).pollInterval(POLL).onElected(t -> firstElected.countDown())
                .build();
        check(firstElected.await(20, TimeUnit.SECONDS), "a leader");
        LeaderElection b = LeaderElection.builder().blobClient(container.getBlobClient("leader"))
                .leaseDuration(Duration.ofSeconds(15)).pollInterval(POLL).onElected(t -> secondElected.countDown())
                .build();
        Thread.sleep(3 * POLL.toMillis()); // a real process: b polls (and is refused) a few times
        check(a.isLeader() && !b.isLeader(), "one leader");
        a.close();
        check(secondElected.await(20, TimeUnit.SECONDS), "the other takes over");
        b.close();

        // An auto-renewing lease, refused to a second holder while held
        try (AutoRenewingLease lease = AutoRenewingLease.builder().blobClient(container.getBlobClient("lease"))
                .leaseDuration(Duration.ofSeconds(15)).acquire()) {
            check(AutoRenewingLease.builder().blobClient(container.getBlobClient("lease"))
                    .leaseDuration(Duration.ofSeconds(15)).tryAcquire() == null, "a held lease is refused");
            check(lease.isHeld(), "held");
        }

        // A periodic elector: two instances, one job per one-second period, two periods
        CountDownLatch periods = new CountDownLatch(2);
        Instant start = Instant.now().minusMillis(100);
        PeriodicElector[] electors = new PeriodicElector[2];
        for (int i = 0; i < 2; i++) {
            electors[i] = PeriodicElector.builder().blobClient(container.getBlobClient("report"))
                    .schedule(start, Duration.ofSeconds(1)).leaseDuration(Duration.ofSeconds(15)).pollInterval(POLL)
                    .job(context -> { }).onPeriodCompleted(context -> periods.countDown()).build();
        }
        check(periods.await(20, TimeUnit.SECONDS), "two periods completed");
        for (PeriodicElector elector : electors) {
            elector.close();
        }
        System.out.println("DONE");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("expected: " + what);
        }
    }
}
