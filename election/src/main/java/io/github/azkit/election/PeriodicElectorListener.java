package io.github.azkit.election;

/**
 * Told what a {@link PeriodicElector} instance does. Every method does nothing by default. Methods run on the
 * elector's scheduler or job threads and must return quickly; an exception they throw is logged and ignored.
 *
 * <p>Implementations must be thread-safe.
 */
public interface PeriodicElectorListener {

    /**
     * This instance won the lease and is about to run the job.
     *
     * @param context the period and term
     */
    default void onJobStarted(PeriodContext context) {
    }

    /**
     * The job returned and its completion was recorded durably. Called once per period across all instances.
     *
     * @param context the period and term
     */
    default void onPeriodCompleted(PeriodContext context) {
    }

    /**
     * The job threw; it will be retried after a backoff while this instance keeps the lease.
     *
     * @param context the period and term of the failed attempt
     * @param failure what the job threw
     */
    default void onJobFailed(PeriodContext context, Throwable failure) {
    }

    /**
     * This instance lost its lease while the period was not yet recorded complete (its job, if running, is
     * interrupted); another instance will take the period over.
     *
     * @param context the period and term that ended
     */
    default void onRevoked(PeriodContext context) {
    }

    /**
     * The election blob's metadata holds a value this library cannot read, so no instance can tell whether a period
     * is done and none runs the job until it is fixed: for example {@code azkitfencingtoken} or
     * {@code azkitlastcompletedperiod} set by hand to something that is not a whole number. Fix it by deleting that
     * metadata key from the blob (or deleting the blob, which also forgets which periods are complete); the elector
     * keeps polling and heals by itself once it can read the blob. Called (and logged at ERROR) once per distinct bad
     * value, not on every poll.
     *
     * @param blobName the election blob's name
     * @param key the metadata key that holds the bad value
     * @param value the bad value
     * @param error the error, whose message says all of this and the fix
     */
    default void onMetadataUnreadable(String blobName, String key, String value, IllegalStateException error) {
    }
}
