package io.github.azkit.election;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every wait of a {@link PeriodicElector}: one task at a time on its executor ({@link ElectorState#nextWait}), none
 * after close, and none longer than the poll interval plus its jitter, so a clock that jumps is noticed within one
 * interval (a local wait for the next period is never jittered).
 */
final class ElectorTimer {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicElector.class);

    private final ElectorState state;
    private final ScheduledExecutorService scheduler;
    private final String blobName;
    private final Duration pollInterval;
    private final double jitter;
    private @Nullable Runnable tick;

    ElectorTimer(ElectorState state, ScheduledExecutorService scheduler, String blobName, Duration pollInterval,
            double jitter) {
        this.state = state;
        this.scheduler = scheduler;
        this.blobName = blobName;
        this.pollInterval = pollInterval;
        this.jitter = jitter;
    }

    /** Sets the check that every wait but a retry ends in (once, before anything is scheduled). */
    void onTick(Runnable check) {
        this.tick = check;
    }

    /** Checks at once. */
    void tickNow() {
        schedule(Duration.ZERO, tick());
    }

    /** Checks again after the poll interval, spread by a random jitter either way. */
    void poll() {
        schedule(Polling.jittered(pollInterval, jitter), tick());
    }

    /** Waits until {@code until} without touching storage, but never longer than one poll interval. */
    void waitLocally(Instant now, Instant until) {
        Duration left = Duration.between(now, until);
        schedule(left.compareTo(pollInterval) < 0 ? left : pollInterval, tick());
    }

    /** Runs {@code task} after the poll interval or {@code atMost}, whichever is shorter, spread by the jitter. */
    void soon(Duration atMost, Runnable task) {
        schedule(Polling.jittered(pollInterval.compareTo(atMost) < 0 ? pollInterval : atMost, jitter), task);
    }

    /** Runs {@code task} after {@code delay}, unless closed. */
    void schedule(Duration delay, Runnable task) {
        synchronized (state.lock) {
            if (state.closed) {
                return;
            }
            try {
                state.nextWait = scheduler.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("Scheduler of {} refused a task; stopping", blobName);
            }
        }
    }

    /** Cancels the pending wait; called with the lock held. */
    void cancel() {
        if (state.nextWait != null) {
            state.nextWait.cancel(false);
        }
    }

    private Runnable tick() {
        return Objects.requireNonNull(tick, "onTick");
    }
}
