package io.github.azkit.election;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The mutable state of one {@link PeriodicElector}, shared by the classes that make it up ({@link Campaign},
 * {@link JobRunner}, {@link CompletionRecorder}, {@link ElectorLease}, {@link ElectorTimer}). Every field is read and
 * written with {@link #lock} held, except the volatile ones, which may also be read without it.
 */
final class ElectorState {

    final Object lock = new Object();
    /** Set once by close(); nothing new is scheduled after it. */
    volatile boolean closed;
    /** The one pending wait on the executor: for the next period, a poll, a retry backoff or a completion retry. */
    @Nullable ScheduledFuture<?> nextWait;
    /** The lease of the current term, while this instance holds one. */
    @Nullable AutoRenewingLease lease;
    /** The election blob as this term last wrote it (its ETag for the completion record). */
    FencedBlob.@Nullable State blob;
    /** The attempt running or about to run (or backing off before its retry) under the current term. */
    @Nullable PeriodContext running;
    /** The thread running the job, while it runs. */
    @Nullable Thread jobThread;
    /** Counted down when the running attempt's task ends. */
    @Nullable CountDownLatch runningDone;
    /** The last completed period this instance saw, so that it need not read the blob until the next is due. */
    volatile @Nullable Long knownCompleted;
    /** The ticker reading when this term's first attempt at the running period began: the retry deadline's start. */
    long attemptsStartedAt;
    /** A job that returned, whose completion record has an unknown outcome and is being retried. */
    @Nullable PeriodContext unrecorded;

    /** The held lease of {@code context}'s term, or null if the current lease (if any) is another term's. */
    @Nullable AutoRenewingLease leaseOf(PeriodContext context) {
        AutoRenewingLease held = lease;
        return held != null && context.term().leaseId().equals(held.leaseId()) ? held : null;
    }
}
