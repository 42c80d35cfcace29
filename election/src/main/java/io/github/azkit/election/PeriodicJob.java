package io.github.azkit.election;

/**
 * The work done once per period by the one elected instance of a {@link PeriodicElector}.
 *
 * <p>The job runs on the elector's job executor. It should stop soon when interrupted (the instance lost its lease
 * or is closing), and should make its writes conditional on {@link PeriodContext#fencingToken()} so that a
 * stalled, revoked instance cannot overwrite a newer leader's output. A job may run more than once for the same
 * period (when its instance dies or stalls mid-job, another runs it again), so it must be idempotent.
 *
 * <p>One instance's elector calls its job from one thread at a time; the same job object given to several electors
 * in one JVM must be thread-safe.
 */
@FunctionalInterface
public interface PeriodicJob {

    /**
     * Does the period's work. Returning normally marks the period complete (durably, once); throwing makes the
     * elector retry it after a backoff.
     *
     * @param context the period, the fencing token and the attempt number
     * @throws Exception anything; the elector logs it, tells its listener and retries
     */
    void run(PeriodContext context) throws Exception;
}
