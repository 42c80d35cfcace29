package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The GUIDE's examples, compiled and run: a weekly report on one of N machines, and a leader election. */
@AzkitStorageTest
class WeeklyReportExampleIT {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-20T12:00:00Z"));
    private final FakeScheduler scheduler = new FakeScheduler(clock);

    @Test
    void weeklyReportRunsOnceOnSaturday(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        List<String> reports = new CopyOnWriteArrayList<>();

        // @start region="weekly-report"
        BlobClient lockBlob = container.getBlobClient("weekly-report.lock");   // created if missing
        try (PeriodicElector elector = PeriodicElector.builder()
                .blobClient(lockBlob)
                .schedule(Instant.parse("2026-11-21T00:00:00Z"), Duration.ofDays(7))  // Saturdays, 00:00 UTC
                .leaseDuration(Duration.ofSeconds(30))        // a dead machine is replaced within 30 s + poll
                .pollInterval(Duration.ofSeconds(5))
                .missedPeriods(MissedPeriodPolicy.LATEST_ONLY) // after an outage: one report, not a backlog
                .retryPolicy(RetryPolicy.builder()             // a failing job: backoff from 1 s up to 5 min
                        .initialDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofMinutes(5)).build())
                .job(context -> {
                    BlobClient report = container.getBlobClient("reports/week-" + context.period() + ".csv");
                    String csv = "week starting " + context.periodStart() + "\n";
                    if (!FencedWrite.write(report, context.fencingToken(), csv)) {
                        throw new IllegalStateException("a newer leader owns this report now");
                    }
            // @end region="weekly-report"
                    reports.add(report.getBlobName()); // test only: which reports ran, in order
            // @start region="weekly-report"
                })
            // @end region="weekly-report"
                // test only: a fake clock and scheduler, the job on the scheduler's thread (default: the system
                // clock and the elector's own daemon threads)
                .clock(clock)
                .executor(scheduler)
                .jobExecutor(new DirectExecutor())
            // @start region="weekly-report"
                .build()) {
            // ... running from build() on; close() on shutdown cancels waits, interrupts the job, releases the lease
            // @end region="weekly-report"
            scheduler.advance(Duration.ofDays(8));
        }
        assertThat(reports).containsExactly("reports/week-0.csv", "reports/week-1.csv");
    }

    @Test
    void leaderElection(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        AtomicReference<Term> leading = new AtomicReference<>();

        // @start region="leader-election"
        try (LeaderElection election = LeaderElection.builder()
                .blobClient(container.getBlobClient("leader.lock"))
                .leaseDuration(Duration.ofSeconds(15))
                .pollInterval(Duration.ofSeconds(5))
                .onElected(term -> leading.set(term))               // start the leader's work with term.fencingToken()
                .onRevoked(term -> leading.compareAndSet(term, null)) // stop it now: another may lead soon
            // @end region="leader-election"
                .clock(clock)             // test only: a fake clock and scheduler (default: the system clock and
                .executor(scheduler)      // the election's own daemon thread)
            // @start region="leader-election"
                .build()) {
            // @end region="leader-election"
            scheduler.runDue();
            assertThat(election.isLeader()).isTrue();
            assertThat(leading.get().fencingToken()).isEqualTo(1);
        }
        assertThat(leading.get()).isNull();
    }
}
