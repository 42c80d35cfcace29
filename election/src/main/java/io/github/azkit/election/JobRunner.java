package io.github.azkit.election;

import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.storage.Ticker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link PeriodicElector}'s job on the job executor, one attempt at a time under the term's lease: a job that
 * returns is recorded complete; one that throws is retried after the retry policy's backoff while the lease is held,
 * within the policy's attempts and deadline for the period in this term (with {@link MissedPeriodPolicy#LATEST_ONLY},
 * a retry that finds a newer period begun runs that one, with a fresh budget). When the budget runs out, the term gives
 * the period up: the lease is released unrecorded, and a new term runs the period after a poll interval.
 */
final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicElector.class);

    private final ElectorState state;
    private final ElectorTimer timer;
    private final ElectorEvents events;
    private final CompletionRecorder recorder;
    private final Schedule schedule;
    private final PeriodicJob job;
    private final Executor jobExecutor;
    private final RetryPolicy backoff;
    private final String blobName;
    private final Ticker ticker;

    JobRunner(ElectorState state, ElectorTimer timer, ElectorEvents events, CompletionRecorder recorder,
            Schedule schedule, PeriodicJob job, Executor jobExecutor, RetryPolicy backoff, String blobName,
            Ticker ticker) {
        this.state = state;
        this.timer = timer;
        this.events = events;
        this.recorder = recorder;
        this.schedule = schedule;
        this.job = job;
        this.jobExecutor = jobExecutor;
        this.backoff = backoff;
        this.blobName = blobName;
        this.ticker = ticker;
    }

    /** Runs an attempt on the job executor, if its term's lease is still the current one. */
    void run(PeriodContext context) {
        CountDownLatch done = new CountDownLatch(1);
        synchronized (state.lock) {
            if (state.closed || state.lease == null || state.lease != state.leaseOf(context)) {
                return;
            }
            state.running = context;
            state.runningDone = done;
            if (context.attempt() == 1) {
                state.attemptsStartedAt = ticker.read();
            }
            try {
                jobExecutor.execute(() -> execute(context, done));
            } catch (RejectedExecutionException e) {
                done.countDown();
                throw e;
            }
        }
    }

    private void execute(PeriodContext context, CountDownLatch done) {
        try {
            synchronized (state.lock) {
                if (state.running != context || state.closed) {
                    return;
                }
                state.jobThread = Thread.currentThread();
            }
            Throwable failure = null;
            try {
                job.run(context);
            } catch (Throwable t) {
                failure = t;
            } finally {
                synchronized (state.lock) {
                    state.jobThread = null;
                }
                Thread.interrupted(); // an interrupt meant for the job must not hit the completion record
            }
            if (failure == null) {
                recorder.record(context);
            } else {
                failed(context, failure);
            }
        } finally {
            done.countDown();
        }
    }

    private void failed(PeriodContext context, Throwable failure) {
        synchronized (state.lock) {
            if (state.closed || state.running != context) {
                return; // revoked or closed: the interruption is ours
            }
        }
        Duration delay = backoff.delayBeforeRetry(context.attempt());
        long elapsed;
        synchronized (state.lock) {
            elapsed = ticker.read() - state.attemptsStartedAt;
        }
        boolean attemptsLeft = context.attempt() < backoff.maxAttempts();
        boolean timeLeft = elapsed + delay.toNanos() <= backoff.deadline().toNanos();
        if (attemptsLeft && timeLeft) {
            LOG.warn("Job for period {} of {} failed (attempt {}); retrying in {}", context.period(), blobName,
                    context.attempt(), delay, failure);
            events.jobFailed(context, failure, true);
            synchronized (state.lock) {
                if (!state.closed && state.running == context) {
                    timer.schedule(delay, () -> retry(context));
                }
            }
            return;
        }
        LOG.warn("Job for period {} of {} failed (attempt {}); giving the period up for this term ({}): releasing the "
                + "lease, so that a new term runs it after the poll interval", context.period(), blobName,
                context.attempt(), attemptsLeft ? "the retry deadline of " + backoff.deadline() + " would pass"
                        : "all " + backoff.maxAttempts() + " attempts used", failure);
        events.jobFailed(context, failure, false);
        giveUp(context);
    }

    /** Ends the term without recording the period: releases the lease, and polls again. */
    private void giveUp(PeriodContext context) {
        AutoRenewingLease held;
        synchronized (state.lock) {
            if (state.closed || state.running != context) {
                return;
            }
            held = state.lease;
            state.lease = null;
            state.running = null;
            state.unrecorded = null;
        }
        if (held != null) {
            ElectorLease.closeQuietly(held);
        }
        timer.poll();
    }

    private void retry(PeriodContext failed) {
        PeriodContext next;
        synchronized (state.lock) {
            AutoRenewingLease held = state.lease;
            if (state.closed || state.running != failed || held == null || !held.isHeld()) {
                return;
            }
            long target = schedule.retryTarget(failed.period());
            int attempt = target == failed.period() ? failed.attempt() + 1 : 1;
            next = schedule.context(target, attempt, failed.term());
            state.running = next;
        }
        run(next);
    }
}
