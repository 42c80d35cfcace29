/**
 * A Log4j 2 appender onto azkit's Azure block-blob logs: {@link io.github.azkit.log4j2.AzureBlobAppender}, the
 * {@code <AzureBlob>} element of {@code log4j2.xml}, writes each event as one line of an
 * {@link io.github.azkit.logging.OngoingLog} (one rolling blob capped at 50,000 blocks) or of a
 * {@link io.github.azkit.logging.PeriodicLog} (one blob per day, week, month, quarter or year, with retention), in
 * batches, through an {@link io.github.azkit.logging.AsyncLogWriter}: the logging thread never waits on storage.
 */
@NullMarked
package io.github.azkit.log4j2;

import org.jspecify.annotations.NullMarked;
