package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The periodic elector against Azurite, with time on one fake clock shared by all instances. */
@AzkitStorageTest
class PeriodicElectorIT {

    /** 2026-11-21 is a Saturday: period n is the week that begins n Saturdays later at 00:00 UTC. */
    static final Instant FIRST_SATURDAY = Instant.parse("2026-11-21T00:00:00Z");
    static final Duration WEEK = Duration.ofDays(7);
    /** Period 0 begins on Saturday 2026-11-21. */
    static final long NOV_21 = 0;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-20T12:00:00Z"));
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final List<PeriodicElector> electors = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();
    /** "instance:period:token:attempt@time" for every job run, in order. */
    private final List<String> runs = new CopyOnWriteArrayList<>();
    private final List<PeriodContext> completed = new CopyOnWriteArrayList<>();
    private final List<PeriodContext> revoked = new CopyOnWriteArrayList<>();
    private final List<PeriodContext> failed = new CopyOnWriteArrayList<>();

    private final class Instance {
        final TransactionCounter counter = new TransactionCounter();
        final BlobClient blob;
        final PeriodicElector elector;

        Instance(String name, TestStorage storage, BlobContainerClient container, PeriodicJob job,
                java.util.function.UnaryOperator<PeriodicElector.Builder> settings) {
            this.blob = Clients.container(storage, container, counter).getBlobClient("weekly-report.lock");
            PeriodicElector.Builder builder = PeriodicElector.builder()
                    .blobClient(blob)
                    .schedule(FIRST_SATURDAY, WEEK)
                    .job(context -> {
                        runs.add(name + ":" + context.period() + ":" + context.fencingToken() + ":"
                                + context.attempt() + "@" + clock.instant());
                        job.run(context);
                    })
                    .leaseDuration(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofSeconds(5))
                    .jitter(0)
                    .clock(clock)
                    .ticker(clock)
                    .executor(scheduler)
                    .jobExecutor(new DirectExecutor())
                    .onPeriodCompleted(this::onPeriodCompleted)
                    .onRevoked(this::onRevoked)
                    .onJobFailed(event -> onJobFailed(event.context()));
            this.elector = settings.apply(builder).build();
            electors.add(elector);
        }

        void onPeriodCompleted(PeriodContext context) {
            completed.add(context);
        }

        void onRevoked(PeriodContext context) {
            revoked.add(context);
        }

        void onJobFailed(PeriodContext context) {
            failed.add(context);
        }
    }

    @AfterEach
    void closeAll() {
        electors.forEach(PeriodicElector::close);
        executors.forEach(ExecutorService::shutdownNow);
    }

    private List<Instance> instances(int n, TestStorage storage, BlobContainerClient container, PeriodicJob job,
            java.util.function.UnaryOperator<PeriodicElector.Builder> settings) {
        List<Instance> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Instance("i" + i, storage, container, job, settings));
        }
        return list;
    }

    private static List<Long> periods(List<PeriodContext> contexts) {
        return contexts.stream().map(PeriodContext::period).collect(Collectors.toList());
    }

    @Test
    void weeklyOnSaturday_eachPeriodRunsOnceAcrossThreeInstances_andIdleWeeksCostNothing(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        List<Instance> three = instances(3, storage, container, context -> { }, b -> b);
        scheduler.advance(Duration.ofHours(12)); // to Saturday 2026-11-21 00:00 UTC

        assertThat(periods(completed)).containsExactly(NOV_21);
        assertThat(runs).hasSize(1).allMatch(r -> r.endsWith("@2026-11-21T00:00:00Z"));

        // A quiet week: no instance touches storage until the next Saturday.
        scheduler.advance(Duration.ofMinutes(1));
        List<TransactionCounts> before = three.stream().map(i -> i.counter.snapshot()).toList();
        scheduler.advance(Duration.ofDays(6).plusHours(23));
        for (int i = 0; i < 3; i++) {
            assertThat(three.get(i).counter.snapshot().minus(before.get(i)).total()).as("idle week").isZero();
        }

        scheduler.advance(Duration.ofDays(14).plusHours(1));
        assertThat(periods(completed)).containsExactly(NOV_21, NOV_21 + 1, NOV_21 + 2, NOV_21 + 3);
        assertThat(runs).hasSize(4);
        assertThat(completed.stream().mapToLong(PeriodContext::fencingToken)).isSorted().doesNotHaveDuplicates();
        for (PeriodContext c : completed) {
            assertThat(c.periodStart().atZone(java.time.ZoneOffset.UTC).getDayOfWeek())
                    .isEqualTo(java.time.DayOfWeek.SATURDAY);
        }
        assertThat(FencedBlob.read(container.getBlobClient("weekly-report.lock"), null).lastCompleted())
                .isEqualTo(NOV_21 + 3);
    }

    @Test
    void costOfOnePeriod_winnerSevenRequests_othersOneReadEach(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        List<Instance> three = instances(3, storage, container, context -> { }, b -> b);
        scheduler.advance(Duration.ofHours(11));
        List<TransactionCounts> before = three.stream().map(i -> i.counter.snapshot()).toList();
        scheduler.advance(Duration.ofHours(2));
        List<TransactionCounts> spent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            spent.add(three.get(i).counter.snapshot().minus(before.get(i)));
            System.out.println("instance " + i + " for one period: " + spent.get(i));
        }
        spent.sort(java.util.Comparator.comparingLong(TransactionCounts::total));
        TransactionCounts winner = spent.get(2);
        // read (nothing recorded) + acquire + read and write (term) + write (completion) + release = 6, plus the
        // blob's creation on first use (a refused acquire and a write).
        assertThat(winner.get(TransactionKind.READ)).isEqualTo(2);
        assertThat(winner.get(TransactionKind.WRITE)).isEqualTo(3);
        assertThat(winner.get(TransactionKind.LEASE)).isEqualTo(3);
        assertThat(spent.get(0).total()).isEqualTo(1);
        assertThat(spent.get(1).total()).isEqualTo(1);
    }

    @Test
    void failingJobDoesNotKillTheElector_itIsRetriedWithBackoff(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        AtomicInteger attempts = new AtomicInteger();
        List<Instant> attemptTimes = new CopyOnWriteArrayList<>();
        Instance one = new Instance("i0", storage, container, context -> {
            attemptTimes.add(clock.instant());
            if (attempts.incrementAndGet() <= 3) {
                throw new IllegalStateException("report service down, attempt " + context.attempt());
            }
        }, b -> b.retryPolicy(RetryPolicy.builder().initialDelay(Duration.ofSeconds(1))
                .maxDelay(Duration.ofMinutes(1)).build()));
        scheduler.advance(Duration.ofHours(12).plusMinutes(1));

        assertThat(attempts).hasValue(4);
        assertThat(failed).extracting(PeriodContext::attempt).containsExactly(1, 2, 3);
        assertThat(periods(completed)).containsExactly(NOV_21);
        assertThat(completed.get(0).attempt()).isEqualTo(4);
        for (int i = 1; i < 4; i++) {
            Duration gap = Duration.between(attemptTimes.get(i - 1), attemptTimes.get(i));
            // The retry policy's exponential backoff: at most twice its cap of 1 s, 2 s, 4 s whatever its jitter.
            assertThat(gap).as("backoff before attempt " + (i + 1))
                    .isLessThanOrEqualTo(Duration.ofSeconds(2L << (i - 1)));
        }
        assertThat(runs).allMatch(r -> r.startsWith("i0:0:1:"), "one term, fencing token 1, throughout");
    }

    @Test
    void aPeriodWhoseJobAlwaysFails_latestOnlyMovesOnWhenTheNextBegins_eachKeepsRetryingIt(TestStorage storage) {
        for (MissedPeriodPolicy policy : MissedPeriodPolicy.values()) {
            completed.clear();
            failed.clear();
            clock.set(Instant.parse("2026-11-20T23:59:00Z"));
            BlobContainerClient container = storage.createContainer();
            // The period before is done, so EACH must run period 0 next, in whichever term (a term gives a period up
            // when the retry policy's attempts or deadline run out; with no record at all a new term would begin with
            // the current period).
            recordCompleted(container, -1);
            // Minute-long periods here, so that the lease renewals during the retries stay few.
            Instance one = new Instance("i0", storage, container, context -> {
                if (context.period() == 0) {
                    throw new IllegalStateException("the data for period 0 is corrupt");
                }
            }, b -> b.schedule(FIRST_SATURDAY, Duration.ofMinutes(1)).missedPeriods(policy)
                    .retryPolicy(RetryPolicy.builder().initialDelay(Duration.ofSeconds(10))
                            .maxDelay(Duration.ofSeconds(10)).build()));
            scheduler.advance(Duration.ofMinutes(4).plusSeconds(30));
            one.elector.close();
            assertThat(failed).as(policy.name()).isNotEmpty().allMatch(c -> c.period() == 0);
            if (policy == MissedPeriodPolicy.LATEST_ONLY) {
                assertThat(periods(completed)).as(policy.name()).containsExactly(1L, 2L, 3L);
            } else {
                assertThat(periods(completed)).as(policy.name() + ": period 0 blocks the later ones").isEmpty();
                assertThat(failed.size()).as("still retrying").isGreaterThan(10);
            }
        }
    }

    @Test
    void whenTheRetryPolicysAttemptsOrDeadlineRunOut_theTermGivesThePeriodUp_andANewTermRunsIt(TestStorage storage) {
        RetryPolicy threeAttempts = RetryPolicy.builder().initialDelay(Duration.ofSeconds(1))
                .maxDelay(Duration.ofSeconds(1)).jitter(0).maxAttempts(3).deadline(Duration.ofHours(1)).build();
        // 10 s apart: attempts at 0, 10 and 20 s begin within 25 s, a fourth at 30 s would not.
        RetryPolicy within25Seconds = RetryPolicy.builder().initialDelay(Duration.ofSeconds(10))
                .maxDelay(Duration.ofSeconds(10)).jitter(0).maxAttempts(100).deadline(Duration.ofSeconds(25)).build();
        for (RetryPolicy policy : List.of(threeAttempts, within25Seconds)) {
            clock.set(Instant.parse("2026-11-20T23:59:00Z"));
            runs.clear();
            completed.clear();
            List<JobFailedEvent> failures = new CopyOnWriteArrayList<>();
            AtomicInteger attempts = new AtomicInteger();
            BlobContainerClient container = storage.createContainer();
            Instance one = new Instance("i0", storage, container, context -> {
                if (attempts.incrementAndGet() <= 4) {
                    throw new IllegalStateException("failure " + attempts.get());
                }
            }, b -> b.retryPolicy(policy).onJobFailed(failures::add));
            scheduler.advance(Duration.ofMinutes(3));
            one.elector.close();

            assertThat(failures).as(policy.toString()).extracting(e -> e.context().fencingToken(),
                    e -> e.context().attempt(), JobFailedEvent::willRetry).containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1L, 1, true),
                            org.assertj.core.groups.Tuple.tuple(1L, 2, true),
                            org.assertj.core.groups.Tuple.tuple(1L, 3, false), // given up: the lease is released
                            org.assertj.core.groups.Tuple.tuple(2L, 1, true));
            assertThat(completed).as("the second term runs it").singleElement().satisfies(c -> {
                assertThat(c.period()).isEqualTo(NOV_21);
                assertThat(c.fencingToken()).isEqualTo(2);
                assertThat(c.attempt()).isEqualTo(2);
            });
        }
    }

    @Test
    void missedPeriodsAfterAFullOutage_latestOnlyRunsTheLatest(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        recordCompleted(container, 0);
        clock.set(FIRST_SATURDAY.plus(WEEK.multipliedBy(6)).plusSeconds(3600)); // six weeks down
        new Instance("i0", storage, container, context -> { },
                b -> b.missedPeriods(MissedPeriodPolicy.LATEST_ONLY));
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(periods(completed)).containsExactly(6L);
    }

    @Test
    void missedPeriodsAfterAFullOutage_eachRunsEveryMissedPeriodInOrder(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        recordCompleted(container, 0);
        clock.set(FIRST_SATURDAY.plus(WEEK.multipliedBy(6)).plusSeconds(3600)); // six weeks down
        new Instance("i0", storage, container, context -> { },
                b -> b.missedPeriods(MissedPeriodPolicy.EACH));
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(periods(completed)).containsExactlyElementsOf(LongStream.rangeClosed(1, 6).boxed().toList());
    }

    @Test
    void closeCancelsTheWaitForTheFirstPeriod(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        Instance one = new Instance("i0", storage, container, context -> { }, b -> b);
        scheduler.advance(Duration.ofHours(1));
        one.elector.close();
        assertThat(scheduler.pending()).isZero();
        scheduler.advance(Duration.ofDays(30));
        assertThat(one.counter.snapshot().total()).isZero();
        assertThat(runs).isEmpty();
    }

    @Test
    void closeCancelsPollingWhileAnotherLeads(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        BlobLeaseClient someoneElse = new BlobLeaseClientBuilder()
                .blobClient(container.getBlobClient("weekly-report.lock")).buildClient();
        container.getBlobClient("weekly-report.lock").upload(com.azure.core.util.BinaryData.fromString(""));
        someoneElse.acquireLease(60);
        Instance one = new Instance("i0", storage, container, context -> { }, b -> b);
        scheduler.advance(Duration.ofHours(12).plusMinutes(1));
        TransactionCounts polls = one.counter.snapshot();
        assertThat(polls.get(TransactionKind.READ)).as("a read every 5 s for a minute").isEqualTo(13);
        one.elector.close();
        assertThat(scheduler.pending()).isZero();
        scheduler.advance(Duration.ofHours(1));
        assertThat(one.counter.snapshot().minus(polls).total()).isZero();
        someoneElse.releaseLease();
    }

    @Test
    void closeCancelsTheRetryBackoffAndReleasesTheLease(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        Instance one = new Instance("i0", storage, container, context -> {
            throw new IllegalStateException("always fails");
        }, b -> b.retryPolicy(RetryPolicy.builder().initialDelay(Duration.ofMinutes(10))
                .maxDelay(Duration.ofMinutes(10)).deadline(Duration.ofHours(1)).build()));
        scheduler.advance(Duration.ofHours(12));
        assertThat(failed).hasSize(1);
        one.elector.close();
        assertThat(scheduler.pending()).isZero();
        // The lease was released: anyone can take it at once.
        new BlobLeaseClientBuilder().blobClient(container.getBlobClient("weekly-report.lock")).buildClient()
                .acquireLease(15);
        assertThat(completed).isEmpty();
    }

    @Test
    void closeInterruptsARunningJobAndReleasesTheLease(TestStorage storage) throws InterruptedException {
        BlobContainerClient container = storage.createContainer();
        ExecutorService jobThread = Executors.newSingleThreadExecutor();
        executors.add(jobThread);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Instance one = new Instance("i0", storage, container, context -> {
            running.countDown();
            try {
                new CountDownLatch(1).await(); // a long job
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        }, b -> b.jobExecutor(jobThread));
        scheduler.advance(Duration.ofHours(12));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        long startNanos = System.nanoTime();
        one.elector.close();
        assertThat(interrupted.await(0, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(5));
        new BlobLeaseClientBuilder().blobClient(container.getBlobClient("weekly-report.lock")).buildClient()
                .acquireLease(15);
        assertThat(completed).isEmpty();
        assertThat(revoked).isEmpty();
    }

    @Test
    void aStaleLeaderCannotRecordThePeriodTwice(TestStorage storage) throws InterruptedException {
        BlobContainerClient container = storage.createContainer();
        ExecutorService jobThread = Executors.newSingleThreadExecutor();
        executors.add(jobThread);
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        Instance a = new Instance("a", storage, container, context -> {
            stalled.countDown();
            wake.await(); // a stall: a long garbage-collection pause, say
        }, b -> b.jobExecutor(jobThread));
        scheduler.advance(Duration.ofHours(12));
        assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();

        // While a is stalled its lease expires (simulated: broken), and b takes the period over.
        new BlobLeaseClientBuilder().blobClient(container.getBlobClient("weekly-report.lock")).buildClient()
                .breakLeaseWithResponse(0, null, null, com.azure.core.util.Context.NONE);
        Instance b = new Instance("b", storage, container, context -> { }, builder -> builder);
        scheduler.runDue();
        assertThat(periods(completed)).containsExactly(NOV_21);
        assertThat(completed.get(0).fencingToken()).isEqualTo(2);

        // a wakes up before any renewal could tell it: its job returns, and its completion record is refused.
        wake.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (revoked.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(revoked).extracting(PeriodContext::fencingToken).containsExactly(1L);
        assertThat(periods(completed)).as("recorded once").containsExactly(NOV_21);
        assertThat(runs).hasSize(2);
    }

    @Test
    void costPerHourOfLeadershipAndPerIdleCandidate(TestStorage storage) throws InterruptedException {
        BlobContainerClient container = storage.createContainer();
        ExecutorService jobThread = Executors.newSingleThreadExecutor();
        executors.add(jobThread);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Instance leader = new Instance("leader", storage, container, context -> {
            running.countDown();
            finish.await();
        }, b -> b.jobExecutor(jobThread));
        scheduler.advance(Duration.ofHours(12));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        Instance idle = new Instance("idle", storage, container, context -> { }, b -> b);
        scheduler.runDue();

        TransactionCounts leaderBefore = leader.counter.snapshot();
        TransactionCounts idleBefore = idle.counter.snapshot();
        scheduler.advance(Duration.ofHours(1));
        TransactionCounts leaderHour = leader.counter.snapshot().minus(leaderBefore);
        TransactionCounts idleHour = idle.counter.snapshot().minus(idleBefore);
        System.out.println("Periodic elector, leader running a job for one hour (15 s lease): " + leaderHour);
        System.out.println("Periodic elector, idle instance during that hour (5 s poll): " + idleHour);
        assertThat(leaderHour.total()).isEqualTo(720);
        assertThat(leaderHour.get(TransactionKind.LEASE)).isEqualTo(720);
        assertThat(idleHour.total()).isEqualTo(720);
        assertThat(idleHour.get(TransactionKind.READ)).isEqualTo(720);

        finish.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (completed.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(periods(completed)).containsExactly(NOV_21);
    }

    private static void recordCompleted(BlobContainerClient container, long period) {
        try (AutoRenewingLease lease = AutoRenewingLease.builder()
                .blobClient(container.getBlobClient("weekly-report.lock")).acquire()) {
            FencedBlob.State term = FencedBlob.beginTerm(lease.blobClient(), lease.leaseId());
            FencedBlob.recordCompleted(lease.blobClient(), lease.leaseId(), term, period);
        } catch (BlobStorageException e) {
            throw e;
        }
    }
}
