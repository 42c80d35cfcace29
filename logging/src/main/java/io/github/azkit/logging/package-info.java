/**
 * Cheap, best-effort logs in Azure block blobs: {@link io.github.azkit.logging.OngoingLog} keeps the newest
 * entries of one log in one blob capped at 50,000 blocks, {@link io.github.azkit.logging.PeriodicLog} keeps one
 * blob per day, week, month, quarter or year with retention, and {@link io.github.azkit.logging.AsyncLogWriter}
 * takes appends off the caller's path and writes them in batches (one Put Block List per batch, and one Put Block
 * per block of at most 4 MiB that the batch fills). {@link io.github.azkit.logging.CsvLog} formats entries as CSV
 * rows under a header.
 *
 * <p>Each public type says whether it is thread-safe. Every operation that calls storage has an overload ending in
 * {@code Duration timeout, Context context}; {@link io.github.azkit.logging.AsyncLogWriter} takes an
 * {@code operationTimeout} on its builder instead.
 */
@NullMarked
package io.github.azkit.logging;

import org.jspecify.annotations.NullMarked;
