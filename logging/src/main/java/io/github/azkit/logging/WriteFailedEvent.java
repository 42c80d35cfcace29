package io.github.azkit.logging;

import java.time.Duration;

/**
 * A failed write of one batch of an {@link AsyncLogWriter}, given to its
 * {@link AsyncLogWriter.Builder#onWriteFailed(java.util.function.Consumer)} listener once the writer's
 * {@link io.github.azkit.storage.RetryPolicy} has given up on it (or at once, for a failure it does not retry).
 *
 * <p>Immutable and thread-safe.
 */
public final class WriteFailedEvent {

    private final RuntimeException failure;
    private final int entryCount;
    private final boolean kept;
    private final long consecutiveFailures;
    private final Duration failingFor;

    WriteFailedEvent(RuntimeException failure, int entryCount, boolean kept, long consecutiveFailures,
            Duration failingFor) {
        this.failure = failure;
        this.entryCount = entryCount;
        this.kept = kept;
        this.consecutiveFailures = consecutiveFailures;
        this.failingFor = failingFor;
    }

    /**
     * The last attempt's failure, with the earlier attempts' failures of this write attached as
     * {@linkplain Throwable#getSuppressed() suppressed}.
     *
     * @return the failure
     */
    public RuntimeException failure() {
        return failure;
    }

    /**
     * How many entries the batch holds.
     *
     * @return the number of entries
     */
    public int entryCount() {
        return entryCount;
    }

    /**
     * Whether the batch is kept to be written first at the next flush (a transient fault), or was dropped and
     * counted in {@link AsyncLogWriter#lostCount()}.
     *
     * @return {@code true} if kept, {@code false} if dropped
     */
    public boolean isKept() {
        return kept;
    }

    /**
     * The failed write attempts in a row, this write's included, since the writer last wrote a batch (or was
     * built): {@code 1} for a first failure, growing while storage keeps failing.
     *
     * @return the count, at least 1
     */
    public long consecutiveFailures() {
        return consecutiveFailures;
    }

    /**
     * How long writes have been failing: from the first of the {@link #consecutiveFailures()} to this one, measured
     * on the writer's ticker.
     *
     * @return the duration, zero for a first failure that was not retried
     */
    public Duration failingFor() {
        return failingFor;
    }

    @Override
    public String toString() {
        return "WriteFailedEvent[failure=" + failure + ", entryCount=" + entryCount + ", kept=" + kept
                + ", consecutiveFailures=" + consecutiveFailures + ", failingFor=" + failingFor + "]";
    }
}
