package io.github.azkit.logging;

import com.azure.core.util.Context;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Somewhere a batch of log entries can be written synchronously: an {@link OngoingLog}, or one id of a
 * {@link PeriodicLog} ({@link PeriodicLog#sink(String)}). {@link AsyncLogWriter} writes its batches to a sink.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface LogSink {

    /**
     * Writes {@code entries}, in order, after the entries already written, all of them in one commit. If this
     * throws, they may or may not have been committed (a lost response); a call again with the same entries must
     * then not write them twice, as {@link OngoingLog} and {@link PeriodicLog} ensure: {@link AsyncLogWriter}
     * retries a failed batch that way.
     *
     * @param entries the entries, each any string (line breaks are escaped)
     * @throws NullPointerException if {@code entries} or one of its entries is null
     * @throws IllegalArgumentException if one entry is larger than the sink's block size
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the write
     */
    void appendAll(List<String> entries);

    /**
     * Writes {@code entries} as {@link #appendAll(List)} does, within {@code timeout} and passing {@code context}
     * to every SDK call: {@link AsyncLogWriter} calls this with its {@code operationTimeout}. The sinks of
     * {@link OngoingLog} and {@link PeriodicLog} honour both; the default calls {@link #appendAll(List)} and so
     * ignores them (override it in a sink that can be bounded).
     *
     * @param entries the entries, each any string (line breaks are escaped)
     * @param timeout the longest the write may take, retries included; null for no limit
     * @param context passed to every SDK call
     * @throws NullPointerException if {@code entries}, one of its entries or {@code context} is null
     * @throws IllegalArgumentException if one entry is larger than the sink's block size
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the write
     * @throws RuntimeException caused by a {@link java.util.concurrent.TimeoutException} if the timeout ran out (the
     *     entries may have been committed, as for any failure)
     */
    default void appendAll(List<String> entries, @Nullable Duration timeout, Context context) {
        Objects.requireNonNull(context, "'context' must not be null");
        appendAll(entries);
    }

    /**
     * Checks, without writing, that an entry could be written, so that {@link AsyncLogWriter#append(String)} refuses
     * an impossible entry at once instead of failing its whole batch later. The default accepts any non-null entry.
     *
     * @param entry the entry
     * @throws NullPointerException if {@code entry} is null
     * @throws IllegalArgumentException if the entry can never be written (for example, larger than a block)
     */
    default void checkEntry(String entry) {
        Objects.requireNonNull(entry, "'entry' must not be null");
    }
}
