package io.github.azkit.logging;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One period's blob of a {@link PeriodicLog}, as {@link PeriodicLog#list(String, Instant, Instant)} finds it. Give it
 * back to {@link PeriodicLog#readEntries(LogBlob)} or {@link PeriodicLog#forEachEntry(LogBlob,
 * java.util.function.Consumer)}. Values are equal when all their accessors are.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogBlob {

    private final String logId;
    private final LogPeriod period;
    private final Instant start;
    private final Instant end;
    private final String blobName;

    LogBlob(String logId, LogPeriod period, Instant start, Instant end, String blobName) {
        this.logId = Checks.notNull(logId, "logId");
        this.period = Checks.notNull(period, "period");
        this.start = Checks.notNull(start, "start");
        this.end = Checks.notNull(end, "end");
        this.blobName = Checks.notNull(blobName, "blobName");
    }

    /**
     * The log id.
     *
     * @return the id, unescaped
     */
    public String logId() {
        return logId;
    }

    /**
     * The period kind.
     *
     * @return the period
     */
    public LogPeriod period() {
        return period;
    }

    /**
     * The first instant of the period (UTC).
     *
     * @return the start, inclusive
     */
    public Instant start() {
        return start;
    }

    /**
     * The first instant after the period.
     *
     * @return the end, exclusive
     */
    public Instant end() {
        return end;
    }

    /**
     * The blob's name in its container.
     *
     * @return the name
     */
    public String blobName() {
        return blobName;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof LogBlob other && logId.equals(other.logId) && period == other.period
                && start.equals(other.start) && end.equals(other.end) && blobName.equals(other.blobName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(logId, period, start, end, blobName);
    }

    @Override
    public String toString() {
        return "LogBlob[logId=" + logId + ", period=" + period + ", start=" + start + ", end=" + end + ", blobName="
                + blobName + "]";
    }
}
