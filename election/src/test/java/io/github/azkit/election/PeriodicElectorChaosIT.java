package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Five instances, 100 periods, random crashes and stalls, against Azurite.
 *
 * <p>What is real and what is simulated: storage, leases, conditional writes, threads and schedulers are real. The
 * schedule's clock is simulated (one settable clock; a period is "an hour" and the harness moves the clock to the
 * next period once the previous one is recorded complete), so 100 periods take seconds. Azurite counts lease time
 * in real seconds (15 s at least), so the moment a dead or stalled instance's lease would expire is simulated by
 * breaking the lease. A crash is simulated by killing an instance's threads (its scheduler and job executor, no
 * release); a stall longer than the lease (a garbage-collection pause) by blocking its scheduler and job threads
 * together, uninterruptibly, until another instance has completed the period, and then letting it continue.
 */
@AzkitStorageTest
class PeriodicElectorChaosIT {

    private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");
    private static final int PERIODS = 100;
    private static final int INSTANCES = 5;

    private final FakeClock clock = new FakeClock(T0.plusSeconds(1));
    private final Random random = new Random(20261121L);
    private final AtomicBoolean faultInFlight = new AtomicBoolean();
    private final LinkedBlockingQueue<Fault> faults = new LinkedBlockingQueue<>();
    private final Map<Long, PeriodContext> completed = new ConcurrentHashMap<>();
    private final List<PeriodContext> completions = new CopyOnWriteArrayList<>();
    private final List<PeriodContext> revoked = new CopyOnWriteArrayList<>();
    private final Map<Long, AtomicInteger> live = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger jobFailures = new AtomicInteger();
    private final List<String> staleWrites = new CopyOnWriteArrayList<>();
    private BlobContainerClient container;

    private record Fault(boolean stall, Slot slot, PeriodContext context, CountDownLatch release,
            CountDownLatch done) {
    }

    private final class Slot {
        final int index;
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        final ExecutorService jobs = Executors.newCachedThreadPool();
        final PeriodicElector elector;

        Slot(int index) {
            this.index = index;
            this.elector = PeriodicElector.builder()
                    .blobClient(container.getBlobClient("chaos.lock"))
                    .schedule(T0, Duration.ofHours(1))
                    .job(this::job)
                    .leaseDuration(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(20))
                    .jitter(0.5)
                    .missedPeriods(MissedPeriodPolicy.EACH)
                    .retryPolicy(RetryPolicy.builder().initialDelay(Duration.ofMillis(5))
                            .maxDelay(Duration.ofMillis(40)).build())
                    .clock(clock)
                    .executor(scheduler)
                    .jobExecutor(jobs)
                    .onPeriodCompleted(this::onPeriodCompleted)
                    .onRevoked(this::onRevoked)
                    .onJobFailed(event -> onJobFailed(event.failure()))
                    .build();
        }

        private void job(PeriodContext context) throws Exception {
            long period = context.period();
            AtomicInteger running = live.computeIfAbsent(period, p -> new AtomicInteger());
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            boolean counted = true;
            try {
                int dice;
                synchronized (random) {
                    dice = random.nextInt(100);
                }
                if (dice < 12 && faultInFlight.compareAndSet(false, true)) {
                    CountDownLatch release = new CountDownLatch(1);
                    CountDownLatch done = new CountDownLatch(1);
                    boolean stall = dice < 6;
                    running.decrementAndGet(); // a stalled or dead process does nothing until it wakes (or never)
                    counted = false;
                    faults.add(new Fault(stall, this, context, release, done));
                    if (!stall) {
                        release.await(); // killed here: interrupted and never released
                        throw new AssertionError("a crashed instance was released");
                    }
                    awaitUninterruptibly(release);
                    // Woken after another instance completed the period: this is now a stale leader.
                    boolean written = FencedWrite.write(output(period), context.fencingToken(),
                            "period " + period + " by stale token " + context.fencingToken());
                    staleWrites.add(period + ":" + context.fencingToken() + ":" + (written ? "ACCEPTED" : "refused"));
                    done.countDown();
                    return;
                }
                if (dice < 22) {
                    throw new IllegalStateException("flaky job");
                }
                if (!FencedWrite.write(output(period), context.fencingToken(),
                        "period " + period + " by token " + context.fencingToken())) {
                    throw new IllegalStateException("fenced out");
                }
            } finally {
                if (counted) {
                    running.decrementAndGet();
                }
            }
        }

        void onPeriodCompleted(PeriodContext context) {
            completions.add(context);
            completed.put(context.period(), context);
        }

        void onRevoked(PeriodContext context) {
            revoked.add(context);
        }

        void onJobFailed(Throwable failure) {
            if (!(failure instanceof InterruptedException)) {
                jobFailures.incrementAndGet();
            }
        }
    }

    private BlobClient output(long period) {
        return container.getBlobClient("output-" + period);
    }

    @Test
    void everyPeriodRunsAndIsRecordedOnce_staleLeadersAreFencedOut(TestStorage storage) throws Exception {
        container = storage.createContainer();
        long startNanos = System.nanoTime();
        List<Slot> slots = new ArrayList<>();
        List<Slot> all = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            Slot slot = new Slot(i);
            slots.add(slot);
            all.add(slot);
        }
        int crashes = 0;
        int stalls = 0;
        try {
            for (long period = 0; period < PERIODS; period++) {
                clock.set(T0.plus(Duration.ofHours(period)).plusSeconds(1));
                List<Fault> stalled = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!completed.containsKey(period)) {
                    assertThat(System.nanoTime()).as("period " + period + " completes").isLessThan(deadline);
                    Fault fault = faults.poll(2, TimeUnit.MILLISECONDS);
                    if (fault == null) {
                        continue;
                    }
                    if (fault.stall()) {
                        stalls++;
                        // Stall the whole instance: its scheduler (renewals, lease watchdog) and its job.
                        CountDownLatch paused = new CountDownLatch(1);
                        fault.slot().scheduler.execute(() -> {
                            paused.countDown();
                            awaitUninterruptibly(fault.release());
                        });
                        assertThat(paused.await(10, TimeUnit.SECONDS)).isTrue();
                        breakLease(); // the stall outlasts the lease: the service lets the lease expire
                        stalled.add(fault);
                    } else {
                        crashes++;
                        Slot dead = fault.slot();
                        dead.scheduler.shutdownNow();
                        dead.jobs.shutdownNow();
                        assertThat(dead.jobs.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
                        breakLease(); // the dead instance's lease expires
                        Slot replacement = new Slot(dead.index);
                        slots.set(dead.index, replacement);
                        all.add(replacement);
                        faultInFlight.set(false);
                    }
                }
                for (Fault fault : stalled) {
                    fault.release().countDown(); // wakes the job and the scheduler together
                    assertThat(fault.done().await(10, TimeUnit.SECONDS)).isTrue();
                    faultInFlight.set(false);
                }
            }
            // Let any stale instance finish trying to record its period.
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (revoked.size() < stalls && System.nanoTime() < settle) {
                Thread.sleep(5); // real threads finishing real requests; no clock to advance
            }
        } finally {
            for (Slot slot : all) {
                slot.scheduler.shutdownNow();
                slot.jobs.shutdownNow();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        System.out.printf("Chaos: %d periods, %d instances, %d crashes, %d stalls, %d job failures retried, "
                + "%d completions, took %d ms%n", PERIODS, INSTANCES, crashes, stalls, jobFailures.get(),
                completions.size(), took.toMillis());
        System.out.println("Stale writes after stalls: " + staleWrites);

        assertThat(completions.stream().map(PeriodContext::period).collect(Collectors.toList()))
                .as("every period recorded exactly once, in order")
                .containsExactlyElementsOf(LongStream.range(0, PERIODS).boxed().toList());
        assertThat(FencedBlob.read(container.getBlobClient("chaos.lock"), null).lastCompleted())
                .isEqualTo(PERIODS - 1);
        assertThat(overlaps).as("two live jobs of one period at once").hasValue(0);
        assertThat(crashes).isPositive();
        assertThat(stalls).isPositive();
        assertThat(jobFailures.get()).isPositive();
        assertThat(staleWrites).hasSize(stalls).allMatch(s -> s.endsWith(":refused"));
        for (PeriodContext done : completions) {
            long written = Long.parseLong(output(done.period()).getProperties().getMetadata().get("fencingtoken"));
            assertThat(written).as("period %d's output is by the term that recorded it", done.period())
                    .isEqualTo(done.fencingToken());
        }
        assertThat(completions.stream().mapToLong(PeriodContext::fencingToken)).isSorted();
        assertThat(revoked).as("each stalled leader's completion record was refused").hasSizeGreaterThanOrEqualTo(stalls);
    }

    private void breakLease() {
        try {
            new BlobLeaseClientBuilder().blobClient(container.getBlobClient("chaos.lock")).buildClient()
                    .breakLeaseWithResponse(0, null, null, Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 409) {
                throw e;
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
