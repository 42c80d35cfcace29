package io.github.azkit.election;

import com.azure.storage.blob.BlobClient;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.storage.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes exactly one of N instances run a job once per period, for example weekly on Saturday at 00:00 UTC, and
 * another instance run it if that one dies or stalls.
 *
 * <p><b>Schedules.</b> Either fixed periods ({@link Builder#schedule(Instant, Duration)}: every seven days from a
 * given Saturday) or a calendar ({@link Builder#schedule(CalendarSchedule)}: daily, weekly, monthly on the 1st,
 * quarterly or yearly at a local time in a time zone, with daylight saving time handled so that no period runs twice
 * or is skipped).
 *
 * <p><b>How.</b> All instances share one blob. When a period is due and the blob's metadata does not record it as
 * complete, each instance tries to acquire the blob's lease; the winner begins a term (a new fencing token, see
 * {@link Term}), runs the job, and then records the period as complete in the blob's metadata with a write made
 * under its lease and conditional on the ETag it read (If-Match). A stale leader (its lease lost, its term
 * superseded) cannot record completion: the write fails, so a period is never recorded twice. A leader that dies
 * mid-job stops renewing; its lease expires and an instance that polls finds the period incomplete and runs it
 * again (so jobs must be idempotent). A job that throws is retried after the exponential backoff of the
 * {@link Builder#retryPolicy retry policy}, while its instance keeps the lease, within the policy's attempts and
 * deadline; when those run out the instance gives the period up for this term and releases the lease, and a new term
 * (on whichever instance acquires the lease) runs it again. The elector never dies of a job's failure. Missed periods
 * after a full outage follow the {@link MissedPeriodPolicy}.
 *
 * <p><b>Lost responses and faults.</b> A lost response never runs one period twice and never skips one. Acquires
 * propose their own lease id, so a retried acquire is answered 200; a lost renewal is retried with the same id (see
 * {@link AutoRenewingLease}). The term's token write and the completion record are conditional writes under the
 * lease: when one's response is lost, the SDK's re-sent request is refused with 412 although the first was applied,
 * so such a 412, or a write that ends without an answer, is settled by reading the blob under the lease (1 read): our
 * own values there mean success. A completion record whose outcome is still unknown (storage unreachable) is tried
 * again every poll interval (at most about a fifth of the lease) while this instance holds the lease, so the job is
 * not run again elsewhere merely because an answer was lost; only losing the lease hands the period over. Lease
 * validity is measured on a monotonic {@link Ticker}; the wall {@link Clock} only decides which period it is.
 *
 * <p><b>Changing the schedule.</b> Period indexes of different schedules are not comparable (a daily index is about
 * 20,000, a quarterly one about 230), so the completion record names its schedule: the first period's start and the
 * period's length for fixed periods, the kind, day, time and zone for a {@link CalendarSchedule}. An elector whose
 * schedule differs from the recorded one treats the blob as recording no completed period (its current period runs
 * at once, as on a new blob), logs this once at INFO naming both schedules, and its completion replaces the record.
 * A record written without a schedule (by an earlier version, which had fixed schedules only) is taken to be this
 * elector's if its schedule is fixed, and another schedule's if it is a {@link CalendarSchedule}. While instances with
 * the old and the new schedule run side by side (a rolling change), each may run its current period once more.
 *
 * <p><b>Unreadable metadata.</b> If the blob's metadata holds a fencing token or completed period that is not a
 * whole number (edited by hand, or written by something else), no instance can tell whether the period is done. The
 * elector logs this at ERROR and tells the {@link Builder#onMetadataUnreadable} listener, naming the blob, the
 * key and the value, once per distinct bad value; it keeps polling, so deleting the key (or the blob) heals it.
 *
 * <p><b>Lifecycle.</b> {@link Builder#build()} returns a running elector: its first check runs at once on its
 * executor ({@code build()} itself never calls storage). {@link #close()} stops it.
 *
 * <p><b>Waiting.</b> Every wait is a task on the elector's executor, and no wait is longer than the poll interval
 * (plus its jitter, for a poll of the blob), so a jump of the clock (or a suspended machine) is noticed within about
 * one poll interval. {@link #close()} cancels whichever wait is pending, interrupts a running job and releases the
 * lease.
 *
 * <p><b>Cost</b> (storage requests): between periods, 0. When a period falls due: 1 read per instance; the winner
 * then spends 1 lease (acquire), 1 read and 1 write (the term), 1 renewal per renew interval of the job (a third of
 * the lease: 720 per hour with a 15 s lease, 180 with a 60 s lease), 1 write (completion) and 1 lease (release).
 * While the job runs, each other instance reads the blob once per poll interval ({@code 3600 / pollInterval} per
 * hour, 720 for the default 5 s). Faults add only to the failing path: 1 read to settle each metadata write whose
 * answer was lost (or refused with 412 on the SDK's retry), 1 more write if that read shows it was not applied, and
 * 1 release after an acquire whose outcome stayed unknown; a fault-free period costs exactly as before.
 *
 * <p>Thread-safe: every method may be called from any thread; {@link #close()} is idempotent. Listeners run on the
 * elector's executor thread ({@code onJobStarted}, {@code onRevoked}, {@code onMetadataUnreadable}) or on the job's
 * thread ({@code onPeriodCompleted}, {@code onJobFailed}, and {@code onRevoked} when a completion record is
 * refused).
 */
public final class PeriodicElector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicElector.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    private final String blobName;
    private final Schedule schedule;
    private final ElectorState state = new ElectorState();
    private final ElectorTimer timer;
    private final CompletionRecorder recorder;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final @Nullable ExecutorService ownJobExecutor;

    private PeriodicElector(Builder builder, BlobClient blob, Schedule schedule, PeriodicJob job) {
        this.blobName = blob.getBlobName();
        this.schedule = schedule;
        ScheduledExecutorService s = builder.executor;
        this.ownsScheduler = s == null;
        this.scheduler = s != null ? s : Threads.scheduler("azkit-periodic-elector-" + blobName);
        Executor j = builder.jobExecutor;
        this.ownJobExecutor = j == null ? Threads.cached("azkit-periodic-job-" + blobName) : null;
        Executor jobExecutor = j != null ? j : Objects.requireNonNull(ownJobExecutor);
        ElectorEvents events = new ElectorEvents(builder.onJobStarted, builder.onPeriodCompleted, builder.onJobFailed,
                builder.onRevoked, builder.onMetadataUnreadable);
        this.timer = new ElectorTimer(state, scheduler, blobName, builder.pollInterval, builder.jitter);
        this.recorder = new CompletionRecorder(state, timer, events, blob, builder.leaseDuration,
                builder.operationTimeout, schedule.identity());
        ElectorLease leases = new ElectorLease(state, timer, events, blob, builder.leaseDuration, builder.ticker,
                scheduler, builder.operationTimeout);
        JobRunner runner = new JobRunner(state, timer, events, recorder, schedule, job, jobExecutor,
                builder.retryPolicy, blobName, builder.ticker);
        Campaign campaign = new Campaign(state, timer, events, leases, runner, schedule, blob,
                builder.operationTimeout);
        timer.onTick(campaign::tick);
    }

    /**
     * Starts building a periodic elector.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts: the first check runs at once on the executor. */
    private void begin() {
        timer.tickNow();
    }

    /**
     * The index of the period that contains {@code instant}. For a fixed period, 0 for the period that begins at the
     * first start, negative before it; for a {@link CalendarSchedule}, its stable count (days, weeks, months,
     * quarters or years since 1970).
     *
     * @param instant the instant
     * @return the period index
     */
    public long periodAt(Instant instant) {
        return schedule.periodAt(instant);
    }

    /**
     * When period {@code index} begins.
     *
     * @param index the period index
     * @return its start
     */
    public Instant periodStart(long index) {
        return schedule.periodStart(index);
    }

    /**
     * Stops: cancels the pending wait (whichever it is: for the next period, a poll, a retry backoff), interrupts a
     * running job, waits up to 10 seconds for it to stop, and releases the lease. A job that returns normally while
     * closing still has its period recorded complete (as does one whose completion record was being retried: it is
     * tried once more). If the job does not stop in time, the lease is not released
     * but no longer renewed, so no other instance starts the period while this job may still run, until the lease
     * expires. Does nothing if already closed.
     */
    @Override
    public void close() {
        @Nullable CountDownLatch jobDone;
        synchronized (state.lock) {
            if (state.closed) {
                return;
            }
            state.closed = true;
            timer.cancel();
            if (state.jobThread != null) {
                state.jobThread.interrupt();
            }
            jobDone = state.running != null ? state.runningDone : null;
        }
        boolean jobStopped = true;
        if (jobDone != null) {
            try {
                jobStopped = jobDone.await(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                jobStopped = false;
            }
        }
        PeriodContext pending;
        synchronized (state.lock) {
            pending = jobStopped ? state.unrecorded : null;
        }
        if (pending != null) {
            recorder.record(pending);
        }
        AutoRenewingLease toRelease;
        synchronized (state.lock) {
            toRelease = state.lease;
            state.lease = null;
            state.running = null;
        }
        try {
            if (toRelease != null) {
                if (jobStopped) {
                    ElectorLease.closeQuietly(toRelease);
                } else {
                    LOG.warn("Job on {} did not stop within {}; leaving the lease to expire", blobName, CLOSE_GRACE);
                }
            }
        } finally {
            if (ownsScheduler) {
                scheduler.shutdownNow();
            }
            if (ownJobExecutor != null) {
                ownJobExecutor.shutdownNow();
            }
        }
    }

    /**
     * Builds a {@link PeriodicElector}. Mutable and not thread-safe; {@link #build()} copies the settings, so one
     * builder can build several electors.
     */
    public static final class Builder {
        /** Job retries: 1 second, doubling up to 5 minutes, at most 20 attempts within an hour per term. */
        private static final RetryPolicy DEFAULT_RETRY = RetryPolicy.builder().initialDelay(Duration.ofSeconds(1))
                .maxDelay(Duration.ofMinutes(5)).maxAttempts(20).deadline(Duration.ofHours(1)).build();

        private @Nullable BlobClient blob;
        private @Nullable Instant firstPeriodStart;
        private @Nullable Duration period;
        private @Nullable CalendarSchedule calendar;
        private @Nullable PeriodicJob job;
        private Duration leaseDuration = Duration.ofSeconds(30);
        private Duration pollInterval = Duration.ofSeconds(5);
        private double jitter = 0.2;
        private MissedPeriodPolicy missedPeriods = MissedPeriodPolicy.LATEST_ONLY;
        private RetryPolicy retryPolicy = DEFAULT_RETRY;
        private Clock clock = Clock.systemUTC();
        private Ticker ticker = Ticker.systemTicker();
        private @Nullable ScheduledExecutorService executor;
        private @Nullable Executor jobExecutor;
        private @Nullable Duration operationTimeout;
        private Consumer<? super PeriodContext> onJobStarted = Listeners.none();
        private Consumer<? super PeriodContext> onPeriodCompleted = Listeners.none();
        private Consumer<? super JobFailedEvent> onJobFailed = Listeners.none();
        private Consumer<? super PeriodContext> onRevoked = Listeners.none();
        private Consumer<? super MetadataUnreadableEvent> onMetadataUnreadable = Listeners.none();

        private Builder() {
        }

        /**
         * The blob all instances share (created empty if missing; its container must exist). One blob serves one
         * elector; after a change of schedule the same blob may be kept (the record of another schedule is not
         * taken for this one's: see the class documentation).
         *
         * @param blobClient the blob
         * @return this builder
         * @throws NullPointerException if {@code blobClient} is null
         */
        public Builder blobClient(BlobClient blobClient) {
            this.blob = Objects.requireNonNull(blobClient, "'blobClient' must not be null");
            return this;
        }

        /**
         * A fixed-length schedule: period 0 begins at {@code firstPeriodStart}, period n at {@code firstPeriodStart
         * + n * period}. Weekly on Saturday 00:00 UTC is
         * {@code schedule(Instant.parse("2026-01-03T00:00:00Z"), Duration.ofDays(7))}. Every period lasts exactly
         * {@code period}, whatever the calendar does: for "daily at 02:00 in Europe/London" (which moves against UTC
         * twice a year), monthly, quarterly or yearly, use {@link #schedule(CalendarSchedule)}. Set this or a
         * calendar schedule, not both. A later call replaces an earlier fixed schedule.
         *
         * @param firstPeriodStart when period 0 begins
         * @param period the length of a period, at least one second, in whole milliseconds
         * @return this builder
         * @throws IllegalArgumentException if {@code period} is shorter than one second or not whole milliseconds
         * @throws NullPointerException if an argument is null
         */
        public Builder schedule(Instant firstPeriodStart, Duration period) {
            Objects.requireNonNull(firstPeriodStart, "'firstPeriodStart' must not be null");
            Objects.requireNonNull(period, "'period' must not be null");
            if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.getNano() % 1_000_000 != 0) {
                throw new IllegalArgumentException("'period' must be at least 1 second in whole milliseconds, was "
                        + period);
            }
            this.firstPeriodStart = firstPeriodStart;
            this.period = period;
            return this;
        }

        /**
         * A calendar schedule: daily, weekly, monthly, quarterly or yearly at a local time in a time zone, for
         * example {@code schedule(CalendarSchedule.monthly(1, LocalTime.of(2, 0), ZoneOffset.UTC))}. Period indexes
         * are stable counts (the first of December 2026 is month 683 since 1970-01), and a change of daylight saving
         * time never runs a period twice nor skips one (see {@link CalendarSchedule}). Set this or a fixed schedule
         * ({@link #schedule(Instant, Duration)}), not both. A later call replaces an earlier calendar schedule.
         *
         * @param schedule the calendar schedule
         * @return this builder
         * @throws NullPointerException if {@code schedule} is null
         */
        public Builder schedule(CalendarSchedule schedule) {
            this.calendar = Objects.requireNonNull(schedule, "'schedule' must not be null");
            return this;
        }

        /**
         * The job to run once per period (required).
         *
         * @param job the job
         * @return this builder
         * @throws NullPointerException if {@code job} is null
         */
        public Builder job(PeriodicJob job) {
            this.job = Objects.requireNonNull(job, "'job' must not be null");
            return this;
        }

        /**
         * The lease duration, 15 to 60 whole seconds (default 30). A dead instance's period is taken over within
         * the lease duration plus the poll interval (and its jitter). There is no infinite lease here: a dead
         * instance would then never be replaced.
         *
         * @param leaseDuration the duration
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws NullPointerException if {@code leaseDuration} is null
         */
        public Builder leaseDuration(Duration leaseDuration) {
            this.leaseDuration = Validation.leaseDuration(leaseDuration, "");
            return this;
        }

        /**
         * How often an instance checks the blob while another runs the job (default 5 seconds); also the longest
         * local wait between clock checks.
         *
         * @param pollInterval the interval
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @throws NullPointerException if {@code pollInterval} is null
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Validation.positive("pollInterval", pollInterval);
            return this;
        }

        /**
         * The jitter of the polls of the blob, as a fraction of the poll interval between 0 and 1 (default 0.2): each
         * poll waits a random time between {@code (1 - jitter) * pollInterval} and {@code (1 + jitter) *
         * pollInterval} (0.2 spreads it over plus or minus 20%, as every azkit jitter does), so instances do not all
         * ask at once. A take-over after a dead leader may therefore take up to {@code jitter * pollInterval} longer
         * than the lease plus the poll interval. The local waits for the next period are not jittered, so a period
         * still begins on time. (The jitter of job retries is the retry policy's.)
         *
         * @param jitter between 0 and 1
         * @return this builder
         * @throws IllegalArgumentException if not between 0 and 1
         */
        public Builder jitter(double jitter) {
            this.jitter = Polling.jitter(jitter);
            return this;
        }

        /**
         * What to do about periods missed during a full outage (default {@link MissedPeriodPolicy#LATEST_ONLY}).
         *
         * @param policy the policy
         * @return this builder
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder missedPeriods(MissedPeriodPolicy policy) {
            this.missedPeriods = Objects.requireNonNull(policy, "'missedPeriods' must not be null");
            return this;
        }

        /**
         * The backoff before retrying a job that threw: after failed attempt n the elector waits
         * {@link RetryPolicy#delayBeforeRetry(int) retryPolicy.delayBeforeRetry(n)}, the policy's exponential backoff
         * with its jitter, while this instance holds the lease. The policy's {@link RetryPolicy#maxAttempts()
         * maxAttempts} and {@link RetryPolicy#deadline() deadline} bound the attempts at one period in one term (the
         * deadline counted on the elector's {@link #ticker ticker} from the term's first attempt at the period, and
         * no retry begun after it): when either runs out, the elector logs a WARN, tells {@link #onJobFailed} with
         * {@link JobFailedEvent#willRetry()} {@code false}, gives the period up for this term and releases the
         * lease. The period stays incomplete, so a new term (on this or another instance, after a poll interval)
         * runs it again with a fresh budget: a period is never given up for good, but an instance on which it keeps
         * failing lets the others try. Default: from 1 second, doubling up to 5 minutes, at most 20 attempts within
         * 1 hour per term. With {@link MissedPeriodPolicy#LATEST_ONLY} a retry that finds a newer period begun runs
         * the newer period instead, with a fresh budget.
         *
         * @param retryPolicy the policy whose delays, attempts and deadline to use
         * @return this builder
         * @throws NullPointerException if {@code retryPolicy} is null
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "'retryPolicy' must not be null");
            return this;
        }

        /**
         * The wall clock, which decides which period it is. Default: the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
            return this;
        }

        /**
         * The monotonic source for lease validity. Default: {@link Ticker#systemTicker()}.
         *
         * @param ticker the ticker
         * @return this builder
         * @throws NullPointerException if {@code ticker} is null
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "'ticker' must not be null");
            return this;
        }

        /**
         * The executor for waits, polls, renewals and most listeners; never shut down by the elector. Default: one
         * daemon thread named {@code azkit-periodic-elector-<blob>-1}, shut down on close.
         *
         * @param executor the executor
         * @return this builder
         * @throws NullPointerException if {@code executor} is null
         */
        public Builder executor(ScheduledExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "'executor' must not be null");
            return this;
        }

        /**
         * The executor that runs the job; never shut down by the elector. Default: daemon threads named
         * {@code azkit-periodic-job-<blob>-n}, made as needed and shut down on close.
         *
         * @param jobExecutor the executor
         * @return this builder
         * @throws NullPointerException if {@code jobExecutor} is null
         */
        public Builder jobExecutor(Executor jobExecutor) {
            this.jobExecutor = Objects.requireNonNull(jobExecutor, "'jobExecutor' must not be null");
            return this;
        }

        /**
         * The timeout of each storage call the elector makes (a read, an acquire, a metadata write, a renewal, a
         * release). Default: none (the SDK client's own timeouts apply).
         *
         * @param operationTimeout the timeout
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @throws NullPointerException if {@code operationTimeout} is null
         */
        public Builder operationTimeout(Duration operationTimeout) {
            this.operationTimeout = Validation.positive("operationTimeout", operationTimeout);
            return this;
        }

        /**
         * Who to tell that this instance won the lease and is about to run the job. Runs on the elector's executor
         * and must not block; an exception it throws is logged at WARN and ignored. A later call replaces the
         * listener. Default: nobody.
         *
         * @param listener the listener, given the period and term
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onJobStarted(Consumer<? super PeriodContext> listener) {
            this.onJobStarted = Objects.requireNonNull(listener, "'listener' must not be null");
            return this;
        }

        /**
         * Who to tell that the job returned and its completion was recorded durably: once per period across all
         * instances. Runs on the job's thread and must not block; an exception it throws is logged at WARN and
         * ignored. A later call replaces the listener. Default: nobody.
         *
         * @param listener the listener, given the period and term
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onPeriodCompleted(Consumer<? super PeriodContext> listener) {
            this.onPeriodCompleted = Objects.requireNonNull(listener, "'listener' must not be null");
            return this;
        }

        /**
         * Who to tell that the job threw; it is retried after a backoff while this instance keeps the lease and the
         * retry policy allows, else given up for this term ({@link JobFailedEvent#willRetry()}). Runs on
         * the job's thread and must not block; an exception it throws is logged at WARN and ignored. A later call
         * replaces the listener. Default: nobody.
         *
         * @param listener the listener, given the failed attempt's context and what the job threw
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onJobFailed(Consumer<? super JobFailedEvent> listener) {
            this.onJobFailed = Objects.requireNonNull(listener, "'listener' must not be null");
            return this;
        }

        /**
         * Who to tell that this instance lost its lease while the period was not yet recorded complete (its job, if
         * running, is interrupted), or that its completion record was refused; another instance takes the period
         * over. Must not block; an exception it throws is logged at WARN and ignored. A later call replaces the
         * listener. Default: nobody.
         *
         * @param listener the listener, given the period and term that ended
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onRevoked(Consumer<? super PeriodContext> listener) {
            this.onRevoked = Objects.requireNonNull(listener, "'listener' must not be null");
            return this;
        }

        /**
         * Who to tell that the election blob's metadata cannot be read, so no instance runs the job until it is
         * fixed (see {@link MetadataUnreadableEvent}): once per distinct bad value. Runs on the elector's executor
         * and must not block; an exception it throws is logged at WARN and ignored. A later call replaces the
         * listener. Default: nobody (the elector logs it at ERROR either way).
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onMetadataUnreadable(Consumer<? super MetadataUnreadableEvent> listener) {
            this.onMetadataUnreadable = Objects.requireNonNull(listener, "'listener' must not be null");
            return this;
        }

        /**
         * Builds the elector and starts it: its first check runs at once on the executor. Does not call storage
         * itself.
         *
         * @return the running elector; close it to stop
         * @throws IllegalStateException naming each missing setting, if {@code blobClient}, {@code schedule} or
         *     {@code job} was not set, or if both a fixed and a calendar schedule were set
         */
        public PeriodicElector build() {
            Object anySchedule = calendar != null ? calendar : period;
            if (blob == null || anySchedule == null || job == null) {
                throw new IllegalStateException("'blobClient', 'schedule' and 'job' must be set; missing: "
                        + Validation.missing("blobClient", blob, "schedule", anySchedule, "job", job));
            }
            if (calendar != null && period != null) {
                throw new IllegalStateException("'schedule' was set twice, as a fixed period (" + period + " from "
                        + firstPeriodStart + ") and as a calendar schedule (" + calendar + "): set one of them");
            }
            Schedule schedule = calendar != null ? new Schedule(calendar, missedPeriods, clock)
                    : new Schedule(Objects.requireNonNull(firstPeriodStart), period, missedPeriods, clock);
            PeriodicElector elector = new PeriodicElector(this, blob, schedule, job);
            elector.begin();
            return elector;
        }
    }
}
