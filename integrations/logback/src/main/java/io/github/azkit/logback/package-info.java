/**
 * A Logback appender onto azkit's block-blob logs: {@link io.github.azkit.logback.AzureBlobAppender}, configured in
 * {@code logback.xml}, queues each formatted event and writes the queue in batches through azkit-logging's
 * {@link io.github.azkit.logging.AsyncLogWriter} into a rolling {@link io.github.azkit.logging.OngoingLog} or a
 * {@link io.github.azkit.logging.PeriodicLog} with retention. The logging thread never waits on storage.
 *
 * <p>Each public type says whether it is thread-safe.
 */
@NullMarked
package io.github.azkit.logback;

import org.jspecify.annotations.NullMarked;
