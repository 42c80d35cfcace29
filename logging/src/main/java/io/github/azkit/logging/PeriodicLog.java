package io.github.azkit.logging;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs cut into one block blob per period (day, ISO week, month, quarter or year, in UTC) for each log id, with
 * retention by a count of periods. Blobs are named {@code <prefix><escaped id>/<period>/<label>.log}, for example
 * {@code errors/daily/2026-11-22.log}, so one prefix listing returns one id's logs in time order; an id may hold
 * any characters (they are escaped, and no id's prefix is a prefix of another id's).
 *
 * <p>Appends cost what {@link OngoingLog} appends cost (one Put Block and one Put Block List per batch, the block
 * list cached with its ETag, commits conditional on it, lost races committed again), and each period's blob is
 * capped at 50,000 blocks in the same way. Under lost responses, timeouts and 5xx each entry is written exactly
 * once, as for {@link OngoingLog} (the ambiguous commit is settled by one Get Block List; a failed append retried
 * with the same entries for the same id and period, as an {@link AsyncLogWriter} does, reuses its block ids, even
 * if appends to another period of that id came in between). Not covered: a retry through {@link #sink(String)}
 * that crosses a period boundary goes to the new period's blob, so a batch first applied to the old one is in
 * both; give the writer {@link #sink(String, Instant)} to keep a batch in one period. When an append creates the blob of a new period, the log purges that
 * id's blobs older than the retention right away: one List and one Delete per expired blob, once per period (a
 * purge that fails is logged and does not fail the append). {@link #purge(String)} does the same on demand. The current time comes from the injected {@link Clock}; the period
 * of a batch is the one current when it is written, so with an {@link AsyncLogWriter} an entry appended just before
 * a boundary may land in the next period.
 *
 * <p>Thread-safe. Appends to one id through one instance are serialized.
 */
public final class PeriodicLog {

    private static final Logger LOGGER = LoggerFactory.getLogger(PeriodicLog.class);

    private final BlobContainerClient container;
    private final LogPeriod period;
    private final int retention;
    private final Clock clock;
    private final String prefix;
    private final byte @Nullable [] header;
    private final int maxBlockBytes;
    private final int maxBlocks;
    private final String contentType;
    private final ConcurrentMap<String, Current> current = new ConcurrentHashMap<>();

    /**
     * The appender of an id's latest period, and the one before it while that one has an append in doubt (so that
     * a retry of it, for a writer's sink of that period, reuses its block ids instead of writing it twice).
     */
    private record Current(Instant start, BlockAppender appender, @Nullable Current previous) {
        Current asPrevious() {
            return new Current(start, appender, null);
        }
    }

    private PeriodicLog(Builder b) {
        this.container = Objects.requireNonNull(b.container,
                "'containerClient' must be set: call containerClient(...) before build()");
        this.period = Objects.requireNonNull(b.period, "'period' must be set: call period(...) before build()");
        this.retention = b.retention;
        this.clock = b.clock;
        this.prefix = b.prefix;
        this.header = b.header == null ? null : LineCodec.line(b.header);
        this.maxBlockBytes = b.maxBlockBytes;
        this.maxBlocks = OngoingLog.committedCap(b.maxBlocks, header != null);
        this.contentType = b.contentType;
        if (header != null && header.length > maxBlockBytes) {
            throw new IllegalArgumentException("the header of " + header.length + " bytes exceeds 'maxBlockBytes' ("
                    + maxBlockBytes + "): raise maxBlockBytes");
        }
    }

    /**
     * A new builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Appends one entry to the current period's log of {@code logId}.
     *
     * @param logId the log id, any characters
     * @param entry the entry, any string
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code logId} is empty or the entry is larger than {@code maxBlockBytes}
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the write
     */
    public void append(String logId, String entry) {
        appendAll(logId, List.of(Objects.requireNonNull(entry, "'entry' must not be null")));
    }

    /**
     * Appends entries in order to the current period's log of {@code logId}: one Put Block and one Put Block List.
     * If this creates the period's blob, blobs of {@code logId} beyond the retention are deleted too.
     *
     * @param logId the log id, any characters
     * @param entries the entries, each any string
     * @throws NullPointerException if an argument or an entry is null
     * @throws IllegalArgumentException if {@code logId} is empty or an entry is larger than {@code maxBlockBytes}
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the write
     */
    public void appendAll(String logId, List<String> entries) {
        appendTo(logId, null, entries);
    }

    /**
     * Appends entries in order to the log of {@code logId} for the period that contains {@code when}, which may be
     * a past period: for a buffered writer whose entries must land in the period they happened in, not the one they
     * are written in (a monthly transcript whose last lines of November are flushed on December 1st).
     *
     * @param logId the log id, any characters
     * @param when any instant in the period to append to
     * @param entries the entries, each any string
     * @throws NullPointerException if an argument or an entry is null
     * @throws IllegalArgumentException if {@code logId} is empty, {@code when} is out of range, or an entry is
     *     larger than {@code maxBlockBytes}
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the write
     */
    public void appendAll(String logId, Instant when, List<String> entries) {
        Objects.requireNonNull(when, "'when' must not be null");
        appendTo(logId, when, entries);
    }

    private void appendTo(String logId, @Nullable Instant when, List<String> entries) {
        Objects.requireNonNull(entries, "'entries' must not be null");
        String escaped = LogNames.escape(logId);
        List<byte[]> blocks = LineCodec.pack(entries, maxBlockBytes);
        if (blocks.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant start = period.start(when == null ? now : when);
        Current c = current.compute(logId, (id, old) -> {
            if (old != null && old.start().equals(start)) {
                return old;
            }
            Current kept = old != null && old.appender().hasAppendInDoubt() ? old.asPrevious() : null;
            if (old != null && old.previous() != null && old.previous().start().equals(start)) {
                return new Current(start, old.previous().appender(), kept);
            }
            return new Current(start, new BlockAppender(blobClient(logId, escaped, start).getBlockBlobClient(),
                    maxBlocks, header, contentType), kept);
        });
        if (c.appender().append(blocks) && retention > 0) {
            try {
                int deleted = purge(logId, now);
                LOGGER.debug("Started period {} of log '{}', purged {} old blobs", period.label(now), logId, deleted);
            } catch (RuntimeException e) {
                // The entries are committed: a failed purge must not make the caller write them again.
                LOGGER.warn("Started period {} of log '{}' but could not purge old blobs (purge(id) retries): {}",
                        period.label(now), logId, e.toString());
            }
        }
    }

    /**
     * A sink that appends to the current period's log of one id, for an {@link AsyncLogWriter}.
     *
     * @param logId the log id, any characters
     * @return the sink
     * @throws NullPointerException if {@code logId} is null
     * @throws IllegalArgumentException if {@code logId} is empty
     */
    public LogSink sink(String logId) {
        return sinkFor(logId, null);
    }

    /**
     * A sink that appends to the log of one id for the period that contains {@code when}, whenever it is flushed:
     * give an {@link AsyncLogWriter} one per period, so that entries buffered at the end of a period are not filed
     * under the next.
     *
     * @param logId the log id, any characters
     * @param when any instant in the period the sink writes to
     * @return the sink
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code logId} is empty or {@code when} is out of range
     */
    public LogSink sink(String logId, Instant when) {
        Objects.requireNonNull(when, "'when' must not be null");
        period.start(when);
        return sinkFor(logId, when);
    }

    private LogSink sinkFor(String logId, @Nullable Instant when) {
        LogNames.escape(logId);
        return new LogSink() {
            @Override
            public void appendAll(List<String> entries) {
                appendTo(logId, when, entries);
            }

            @Override
            public void checkEntry(String entry) {
                LineCodec.checkFits(entry, maxBlockBytes);
            }
        };
    }

    /**
     * Deletes the blobs of {@code logId} older than the retention (the current period and the
     * {@code retention - 1} before it are kept): one List and one Delete per expired blob. Does nothing without a
     * retention.
     *
     * @param logId the log id
     * @return how many blobs were deleted
     * @throws NullPointerException if {@code logId} is null
     * @throws IllegalArgumentException if {@code logId} is empty
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the listing or a delete
     */
    public int purge(String logId) {
        LogNames.escape(logId);
        return retention > 0 ? purge(logId, clock.instant()) : 0;
    }

    private int purge(String logId, Instant now) {
        Instant oldestKept = period.shift(now, -(retention - 1));
        int deleted = 0;
        for (LogBlob blob : listAll(logId)) {
            if (blob.start().isBefore(oldestKept) && container.getBlobClient(blob.blobName()).deleteIfExists()) {
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Finds the logs of {@code logId} whose periods overlap {@code [from, to)}, oldest first: one List per 5,000
     * blobs of that id.
     *
     * @param logId the log id
     * @param from the start of the range, inclusive
     * @param to the end of the range, exclusive
     * @return the logs found
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code logId} is empty or {@code to} is before {@code from}
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the listing
     */
    public List<LogBlob> list(String logId, Instant from, Instant to) {
        Objects.requireNonNull(from, "'from' must not be null");
        Objects.requireNonNull(to, "'to' must not be null");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("'to' (" + to + ") must not be before 'from' (" + from + ")");
        }
        List<LogBlob> found = new ArrayList<>();
        for (LogBlob blob : listAll(logId)) {
            if (blob.start().isBefore(to) && blob.end().isAfter(from)) {
                found.add(blob);
            }
        }
        return found;
    }

    private List<LogBlob> listAll(String logId) {
        String folder = prefix + LogNames.escape(logId) + "/" + period.folder() + "/";
        List<LogBlob> found = new ArrayList<>();
        for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(folder), null)) {
            String name = item.getName();
            if (!name.endsWith(".log") || name.length() <= folder.length() + 4) {
                continue;
            }
            String label = name.substring(folder.length(), name.length() - 4);
            Instant start;
            try {
                start = period.parse(label);
            } catch (IllegalArgumentException e) {
                continue; // not one of ours
            }
            found.add(new LogBlob(logId, period, start, period.end(start), name));
        }
        found.sort(Comparator.comparing(LogBlob::start));
        return found;
    }

    /**
     * Reads the entries of one period's log, oldest first, without the header, by ranges.
     *
     * @param log a log found by {@link #list(String, Instant, Instant)}
     * @return the entries; empty if the blob does not exist
     * @throws NullPointerException if {@code log} is null
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the read
     */
    public List<String> readEntries(LogBlob log) {
        Objects.requireNonNull(log, "'log' must not be null");
        return RangedReader.readEntries(container.getBlobClient(log.blobName()).getBlockBlobClient());
    }

    /**
     * Gives each entry of one period's log to {@code action}, oldest first, without the header, reading by ranges
     * so that only one range is in memory at a time (see {@link OngoingLog#forEachEntry(Consumer)}).
     *
     * @param log a log found by {@link #list(String, Instant, Instant)}
     * @param action what to do with each entry
     * @throws NullPointerException if an argument is null
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the read
     */
    public void forEachEntry(LogBlob log, Consumer<? super String> action) {
        Objects.requireNonNull(log, "'log' must not be null");
        Objects.requireNonNull(action, "'action' must not be null");
        RangedReader.forEachEntry(container.getBlobClient(log.blobName()).getBlockBlobClient(), action);
    }

    /**
     * Reads the entries of the log of {@code logId} for the period that contains {@code when}.
     *
     * @param logId the log id
     * @param when any instant in the period
     * @return the entries, oldest first; empty if that period has no blob
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code logId} is empty or {@code when} is out of range
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the read
     */
    public List<String> readEntries(String logId, Instant when) {
        return RangedReader.readEntries(getBlobClient(logId, when).getBlockBlobClient());
    }

    /**
     * The blob of the log of {@code logId} for the period that contains {@code when}, to download it or give out a
     * SAS link. Makes no request.
     *
     * @param logId the log id
     * @param when any instant in the period
     * @return the blob client (the blob may not exist)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code logId} is empty or {@code when} is out of range
     */
    public BlobClient getBlobClient(String logId, Instant when) {
        return blobClient(logId, LogNames.escape(logId), period.start(when));
    }

    private BlobClient blobClient(String logId, String escaped, Instant start) {
        String name = prefix + escaped + "/" + period.folder() + "/" + period.label(start) + ".log";
        return container.getBlobClient(LogNames.checkLength(name, logId));
    }

    /**
     * The period kind.
     *
     * @return the period
     */
    public LogPeriod getPeriod() {
        return period;
    }

    /**
     * Builds a {@link PeriodicLog}. Mutable and not thread-safe; {@link #build()} validates and copies.
     */
    public static final class Builder {
        private @Nullable BlobContainerClient container;
        private @Nullable LogPeriod period;
        private int retention;
        private Clock clock = Clock.systemUTC();
        private String prefix = "";
        private @Nullable String header;
        private int maxBlockBytes = OngoingLog.DEFAULT_MAX_BLOCK_BYTES;
        private @Nullable Integer maxBlocks;
        private String contentType = "text/plain; charset=utf-8";

        private Builder() {
        }

        /**
         * Sets the container that holds the logs (required; it must exist).
         *
         * @param containerClient the container
         * @return this builder
         * @throws NullPointerException if {@code containerClient} is null
         */
        public Builder containerClient(BlobContainerClient containerClient) {
            this.container = Objects.requireNonNull(containerClient, "'containerClient' must not be null");
            return this;
        }

        /**
         * Sets the period of one blob (required).
         *
         * @param period the period
         * @return this builder
         * @throws NullPointerException if {@code period} is null
         */
        public Builder period(LogPeriod period) {
            this.period = Objects.requireNonNull(period, "'period' must not be null");
            return this;
        }

        /**
         * Sets how many periods to keep, counting the current one, for example 30 daily logs (default: keep all).
         *
         * @param periods at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code periods} is less than 1
         */
        public Builder retention(int periods) {
            if (periods < 1) {
                throw new IllegalArgumentException("'retention' must be at least 1 period (the current one), was "
                        + periods + "; leave it unset to keep every period");
            }
            this.retention = periods;
            return this;
        }

        /**
         * Sets the clock that decides the current period (default {@link Clock#systemUTC()}; only its instant is
         * used, periods are always UTC).
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
            return this;
        }

        /**
         * Sets a folder-like prefix for the blob names (default none).
         *
         * @param prefix empty, or ending with {@code /}
         * @return this builder
         * @throws NullPointerException if {@code prefix} is null
         * @throws IllegalArgumentException if {@code prefix} is not empty and does not end with {@code /}
         */
        public Builder prefix(String prefix) {
            this.prefix = LogNames.checkPrefix(prefix);
            return this;
        }

        /**
         * Sets a header line written first in every period's blob, for example {@link CsvLog#header()}.
         *
         * @param header the header line, or null for none
         * @return this builder
         */
        public Builder header(@Nullable String header) {
            this.header = header;
            return this;
        }

        /**
         * Sets the largest block one append writes (default 4 MiB).
         *
         * @param maxBlockBytes between 1 KiB and 100 MiB
         * @return this builder
         * @throws IllegalArgumentException if {@code maxBlockBytes} is out of range
         */
        public Builder maxBlockBytes(int maxBlockBytes) {
            OngoingLog.builder().maxBlockBytes(maxBlockBytes);
            this.maxBlockBytes = maxBlockBytes;
            return this;
        }

        /**
         * Sets the cap of committed entry blocks per period's blob; the header block, if any, is kept on top of
         * them (default: the most the service allows, 50,000 blocks in all, so 49,999 with a header).
         *
         * @param maxBlocks between 1 and 50,000 (49,999 with a header; checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if {@code maxBlocks} is out of range
         */
        public Builder maxBlocks(int maxBlocks) {
            if (maxBlocks < 1 || maxBlocks > OngoingLog.MAX_BLOCKS) {
                throw new IllegalArgumentException("'maxBlocks' must be between 1 and " + OngoingLog.MAX_BLOCKS
                        + ", was " + maxBlocks);
            }
            this.maxBlocks = maxBlocks;
            return this;
        }

        /**
         * Sets the blobs' content type (default {@code text/plain; charset=utf-8}).
         *
         * @param contentType the MIME type
         * @return this builder
         * @throws NullPointerException if {@code contentType} is null
         */
        public Builder contentType(String contentType) {
            this.contentType = Objects.requireNonNull(contentType, "'contentType' must not be null");
            return this;
        }

        /**
         * Validates the settings and builds the log. Makes no request.
         *
         * @return the log
         * @throws NullPointerException if the container or the period is not set
         * @throws IllegalArgumentException if the header is larger than a block
         */
        public PeriodicLog build() {
            return new PeriodicLog(this);
        }
    }
}
