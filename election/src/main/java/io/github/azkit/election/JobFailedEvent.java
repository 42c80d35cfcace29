package io.github.azkit.election;

/**
 * A {@link PeriodicJob} threw; the elector retries it after the backoff of its retry policy while this instance
 * keeps the lease. Given to the listener set by {@link PeriodicElector.Builder#onJobFailed}.
 *
 * <p>Immutable and thread-safe.
 */
public final class JobFailedEvent {

    private final PeriodContext context;
    private final Throwable failure;

    JobFailedEvent(PeriodContext context, Throwable failure) {
        this.context = context;
        this.failure = failure;
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

    @Override
    public String toString() {
        return "JobFailedEvent[" + context + ", failure=" + failure + "]";
    }
}
