package io.github.azkit.election;

/**
 * A {@link PeriodicJob} threw. The elector retries it after the backoff of its retry policy while this instance keeps
 * the lease, until the policy's attempts or deadline run out for this term ({@link #willRetry()} is then
 * {@code false}): the lease is released and a new term, on whichever instance acquires the lease next, runs the period
 * again. Given to the listener set by {@link PeriodicElector.Builder#onJobFailed}.
 *
 * <p>Immutable and thread-safe.
 */
public final class JobFailedEvent {

    private final PeriodContext context;
    private final Throwable failure;
    private final boolean willRetry;

    JobFailedEvent(PeriodContext context, Throwable failure, boolean willRetry) {
        this.context = context;
        this.failure = failure;
        this.willRetry = willRetry;
    }

    /**
     * The period, term and attempt number of the attempt that failed.
     *
     * @return the context
     */
    public PeriodContext context() {
        return context;
    }

    /**
     * What the job threw.
     *
     * @return the failure
     */
    public Throwable failure() {
        return failure;
    }

    /**
     * Whether this instance retries the period in this term. {@code false} when the retry policy's
     * {@link io.github.azkit.storage.RetryPolicy#maxAttempts() maxAttempts} are used up or its
     * {@link io.github.azkit.storage.RetryPolicy#deadline() deadline}, counted from the term's first attempt of the
     * period, would pass before the next attempt: the elector then gives the period up for this term and releases the
     * lease; the period stays incomplete, so a new term runs it after a poll interval (or, with
     * {@link MissedPeriodPolicy#LATEST_ONLY}, a newer period once one has begun).
     *
     * @return {@code true} if another attempt follows under this term
     */
    public boolean willRetry() {
        return willRetry;
    }

    @Override
    public String toString() {
        return "JobFailedEvent[" + context + ", failure=" + failure + ", willRetry=" + willRetry + "]";
    }
}
