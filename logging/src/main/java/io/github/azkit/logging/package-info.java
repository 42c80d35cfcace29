/**
 * Cheap, best-effort logs in Azure block blobs: {@link io.github.azkit.logging.OngoingLog} keeps the newest
 * entries of one log in one blob capped at 50,000 blocks, {@link io.github.azkit.logging.PeriodicLog} keeps one
 * blob per day, week, month, quarter or year with retention, and {@link io.github.azkit.logging.AsyncLogWriter}
 * takes appends off the caller's path and packs them into one block per flush (one Put Block and one Put Block
 * List for any number of entries). {@link io.github.azkit.logging.CsvLog} formats entries as CSV rows under a
 * header.
 */
@NullMarked
package io.github.azkit.logging;

import org.jspecify.annotations.NullMarked;
