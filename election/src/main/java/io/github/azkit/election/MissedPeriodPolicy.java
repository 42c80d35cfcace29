package io.github.azkit.election;

/**
 * What a {@link PeriodicElector} does about periods that passed with no instance running (a full outage), or whose
 * job kept failing until a newer period began.
 *
 * <p>With no completion recorded at all (a new blob), both policies begin with the current period.
 *
 * <p>Immutable and thread-safe.
 */
public enum MissedPeriodPolicy {
    /**
     * Run only the latest period that has begun; skip the missed ones. Right for reports that cover "everything up
     * to now" (a weekly summary of the last week only needs running once).
     */
    LATEST_ONLY,
    /**
     * Run every missed period, oldest first, one after another, until the current one is done. Right when each
     * period's job has its own output (one invoice run per week). A period whose job always fails blocks the later
     * ones (each failure reaches {@link PeriodicElector.Builder#onJobFailed}); fix the job, or switch to
     * {@link #LATEST_ONLY}.
     */
    EACH
}
