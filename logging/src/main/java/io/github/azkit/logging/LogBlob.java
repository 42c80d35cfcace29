package io.github.azkit.logging;

import java.time.Instant;
import java.util.Objects;

/**
 * One period's blob of a {@link PeriodicLog}, as {@link PeriodicLog#list(String, Instant, Instant)} finds it.
 *
 * @param logId the log id
 * @param period the period kind
 * @param start the first instant of the period (UTC)
 * @param end the first instant after the period
 * @param blobName the blob's name in its container
 */
public record LogBlob(String logId, LogPeriod period, Instant start, Instant end, String blobName) {

    /**
     * Checks that no component is null.
     *
     * @param logId the log id
     * @param period the period kind
     * @param start the first instant of the period (UTC)
     * @param end the first instant after the period
     * @param blobName the blob's name in its container
     * @throws NullPointerException if a component is null
     */
    public LogBlob {
        Objects.requireNonNull(logId, "'logId' must not be null");
        Objects.requireNonNull(period, "'period' must not be null");
        Objects.requireNonNull(start, "'start' must not be null");
        Objects.requireNonNull(end, "'end' must not be null");
        Objects.requireNonNull(blobName, "'blobName' must not be null");
    }
}
