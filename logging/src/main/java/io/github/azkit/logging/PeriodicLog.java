package io.github.azkit.logging;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.github.azkit.storage.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * <p>Appends cost what {@link OngoingLog} appends cost (one Put Block per block of at most {@code maxBlockBytes}, so
 * one for a batch that fits a block, and one Put Block List per batch; the block list cached with its ETag, commits conditional on it, lost races committed again), and each period's blob is
 * capped at 50,000 blocks in the same way. Under lost responses, timeouts and 5xx each entry is written exactly
 * once, as for {@link OngoingLog} (the ambiguous commit is settled by one Get Block List; a failed append retried
 * with the same entries for the same id and period, as an {@link AsyncLogWriter} does, reuses its block ids, even
 * if appends to another period of that id came in between). Not covered: a retry through {@link #sink(String)}
 * that crosses a period boundary goes to the new period's blob, so a batch first applied to the old one is in
 * both; give the writer {@link #sink(String, Instant)} to keep a batch in one period.
 *
 * <p>Retention: when an append creates the blob of a new period, the log purges that id's expired blobs right away:
 * one List and one Delete per expired blob, once per period (a purge that fails is logged and does not fail the
 * append). {@link #purge(String)} does the same on demand, and {@link #purgeAll()} does it for every log id in the
 * container (one List per 5,000 blobs and one Delete per expired blob), so that ids that stopped logging do not
 * keep their blobs forever. A period expires when the local clock reads at least its end plus
 * {@code max(retention - 1, 1)} periods plus {@link Builder#maxClockSkew(Duration)} (5 minutes by default): while
 * the clocks of all writers and purgers differ by no more than that skew, no purge deletes a period any writer
 * still counts within its retention, nor any writer's current or previous period. Purges are safe from several
 * machines at once and under lost responses (a Delete retried into 404 counts as done).
 *
 * <p>The current time comes from the injected {@link Clock}; the period of a batch is the one current when it is
 * written, so with an {@link AsyncLogWriter} an entry appended just before a boundary may land in the next period.
 *
 * <p>Every operation that calls storage has an overload ending in {@code Duration timeout, Context context}: the
 * timeout bounds the whole operation, retries, re-reads and paging included (each SDK call is given the time left,
 * measured on the builder's {@link Ticker}), and the {@code Context} is passed to every SDK call that takes one (the
 * SDK's synchronous {@code BlobContainerClient.listBlobs} takes none, so listings are bounded by the timeout but do
 * not carry the context). The simple forms pass {@code null, Context.NONE}.
 *
 * <p>Thread-safe. Appends to one id through one instance are serialized.
 */
public final class PeriodicLog {

    private static final Logger LOGGER = LoggerFactory.getLogger(PeriodicLog.class);

    /** The default {@link Builder#maxClockSkew(Duration)}: 5 minutes. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /** The largest {@link Builder#maxClockSkew(Duration)}: one day. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

    /** Blobs per List Blobs page: the service's maximum. */
    private static final int LIST_PAGE_SIZE = 5_000;

    private final BlobContainerClient container;
    private final LogPeriod period;
    private final int retention;
    private final Duration maxClockSkew;
    private final int listPageSize;
    private final Clock clock;
    private final String prefix;
    private final byte @Nullable [] header;
    private final int maxBlockBytes;
    private final int maxBlocks;
    private final String contentType;
    private final Ticker ticker;
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
        Checks.requireSet(b.container, "containerClient", b.period, "period");
        this.container = b.container;
        this.period = b.period;
        this.retention = b.retention;
        this.maxClockSkew = b.maxClockSkew;
        this.listPageSize = b.listPageSize;
        this.clock = b.clock;
        this.prefix = b.prefix;
        this.maxBlockBytes = b.maxBlockBytes;
        this.header = Checks.headerLine(b.header, maxBlockBytes);
        this.maxBlocks = OngoingLog.committedCap(b.maxBlocks, header != null);
        this.contentType = b.contentType;
        this.ticker = b.ticker;
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
        append(logId, entry, null, Context.NONE);
    }

    /**
     * Appends one entry, as {@link #append(String, String)}, within {@code timeout}.
     *
     * @param logId the log id, any characters
     * @param entry the entry, any string
     * @param timeout the longest the whole append may take, retries and the purge of a new period included; null
     *     for no limit
     * @param context passed to every SDK call
     * @throws NullPointerException if {@code logId}, {@code entry} or {@code context} is null
     * @throws IllegalArgumentException if {@code logId} is empty, the entry is larger than {@code maxBlockBytes}, or
     *     {@code timeout} is zero or negative
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the write
     * @throws RuntimeException caused by a {@link java.util.concurrent.TimeoutException} if the timeout ran out (the
     *     entry may have been committed; appending it again does not write it twice)
     */
    public void append(String logId, String entry, @Nullable Duration timeout, Context context) {
        appendAll(logId, List.of(Checks.notNull(entry, "entry")), timeout, context);
    }

    /**
     * Appends entries in order to the current period's log of {@code logId}: one Put Block and one Put Block List.
     * If this creates the period's blob, the expired blobs of {@code logId} are deleted too.
     *
     * @param logId the log id, any characters
     * @param entries the entries, each any string
     * @throws NullPointerException if an argument or an entry is null
     * @throws IllegalArgumentException if {@code logId} is empty or an entry is larger than {@code maxBlockBytes}
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the write
     */
    public void appendAll(String logId, List<String> entries) {
        appendAll(logId, entries, null, Context.NONE);
    }

    /**
     * Appends entries, as {@link #appendAll(String, List)}, within {@code timeout}. The transactions are the same.
     *
     * @param logId the log id, any characters
     * @param entries the entries, each any string
     * @param timeout the longest the whole append may take, retries and the purge of a new period included (a
     *     purge cut short is logged and does not fail the append); null for no limit
     * @param context passed to every SDK call
     * @throws NullPointerException if an argument or an entry is null
     * @throws IllegalArgumentException if {@code logId} is empty, an entry is larger than {@code maxBlockBytes}, or
     *     {@code timeout} is zero or negative
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the write
     * @throws RuntimeException caused by a {@link java.util.concurrent.TimeoutException} if the timeout ran out (the
     *     entries may have been committed; appending them again does not write them twice)
     */
    public void appendAll(String logId, List<String> entries, @Nullable Duration timeout, Context context) {
        appendTo(logId, null, entries, timeout, context);
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
        appendAll(logId, when, entries, null, Context.NONE);
    }

    /**
     * Appends entries to the period that contains {@code when}, as {@link #appendAll(String, Instant, List)}, within
     * {@code timeout}.
     *
     * @param logId the log id, any characters
     * @param when any instant in the period to append to
     * @param entries the entries, each any string
     * @param timeout the longest the whole append may take, retries and the purge of a new period included; null
     *     for no limit
     * @param context passed to every SDK call
     * @throws NullPointerException if an argument or an entry is null
     * @throws IllegalArgumentException if {@code logId} is empty, {@code when} is out of range, an entry is larger
     *     than {@code maxBlockBytes}, or {@code timeout} is zero or negative
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the write
     * @throws RuntimeException caused by a {@link java.util.concurrent.TimeoutException} if the timeout ran out (the
     *     entries may have been committed; appending them again does not write them twice)
     */
    public void appendAll(String logId, Instant when, List<String> entries, @Nullable Duration timeout,
            Context context) {
        Checks.notNull(when, "when");
        appendTo(logId, when, entries, timeout, context);
    }

    private void appendTo(String logId, @Nullable Instant when, List<String> entries, @Nullable Duration timeout,
            Context context) {
        Checks.notNull(entries, "entries");
        Checks.notNull(context, "context");
        Deadline deadline = Deadline.after(timeout, ticker);
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
            return new Current(start, new BlockAppender(blobFor(logId, escaped, start).getBlockBlobClient(),
                    maxBlocks, header, contentType), kept);
        });
        if (c.appender().append(blocks, deadline, context) && retention > 0) {
            try {
                int deleted = purge(logId, now, deadline, context);
                LOGGER.debug("Started period {} of log '{}', purged {} old blobs", period.label(now), logId, deleted);
            } catch (RuntimeException e) {
                // The entries are committed: a failed purge must not make the caller write them again.
                LOGGER.warn("Started period {} of log '{}' but could not purge old blobs (purge(id) or purgeAll() "
                        + "retries): {}", period.label(now), logId, e.toString());
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
        Checks.notNull(when, "when");
        period.start(when);
        return sinkFor(logId, when);
    }

    private LogSink sinkFor(String logId, @Nullable Instant when) {
        LogNames.escape(logId);
        return new LogSink() {
            @Override
            public void appendAll(List<String> entries) {
                appendTo(logId, when, entries, null, Context.NONE);
            }

            @Override
            public void appendAll(List<String> entries, @Nullable Duration timeout, Context context) {
                appendTo(logId, when, entries, timeout, context);
            }

            @Override
            public void checkEntry(String entry) {
                LineCodec.checkFits(entry, maxBlockBytes);
            }
        };
    }

    /**
     * Deletes the blobs of {@code logId} whose periods expired (see {@link Builder#retention(int)} and
     * {@link Builder#maxClockSkew(Duration)}): one List per 5,000 blobs of that id and one Delete per expired blob.
     * Does nothing, and makes no request, without a retention. Safe to run from several machines at once and
     * under lost responses: a blob already gone (404, deleted by another purge or by this one's own retried
     * Delete whose response was lost) counts as deleted.
     *
     * @param logId the log id
     * @return how many expired blobs were deleted (or found already gone)
     * @throws NullPointerException if {@code logId} is null
     * @throws IllegalArgumentException if {@code logId} is empty
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the listing or a delete (the
     *     other expired blobs are still deleted; run it again)
     */
    public int purge(String logId) {
        return purge(logId, null, Context.NONE);
    }

    /**
     * Deletes the expired blobs of {@code logId}, as {@link #purge(String)}, within {@code timeout}.
     *
     * @param logId the log id
     * @param timeout the longest the whole purge may take, the listing and every Delete included; null for no limit
     * @param context passed to every Delete (the listing takes none: see the class comment)
     * @return how many expired blobs were deleted (or found already gone)
     * @throws NullPointerException if {@code logId} or {@code context} is null
     * @throws IllegalArgumentException if {@code logId} is empty or {@code timeout} is zero or negative
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the listing or a delete
     * @throws RuntimeException caused by a {@link java.util.concurrent.TimeoutException} if the timeout ran out (run
     *     it again to finish)
     */
    public int purge(String logId, @Nullable Duration timeout, Context context) {
        LogNames.escape(logId);
        Checks.notNull(context, "context");
        Deadline deadline = Deadline.after(timeout, ticker);
        return retention > 0 ? purge(logId, clock.instant(), deadline, context) : 0;
    }

    private int purge(String logId, Instant now, Deadline deadline, Context context) {
        Instant oldestKept = oldestKept(period, retention, maxClockSkew, now);
        List<String> expired = new ArrayList<>();
        for (LogBlob blob : listAll(logId, deadline)) {
            if (blob.start().isBefore(oldestKept)) {
                expired.add(blob.blobName());
            }
        }
        return deleteAll(expired, deadline, context);
    }

    /**
     * Deletes the expired blobs of every log id of this log's period kind under its prefix in the container,
     * without an append: for log ids that stopped logging, whose old periods no append will ever purge. Run it
     * from a scheduled job (daily for daily logs, for example).
     *
     * <p>Cost: one List Blobs per 5,000 blobs under the prefix (every blob there is listed, including other ids'
     * current periods, other period kinds and other logs sharing the prefix) and one Delete Blob per expired blob;
     * nothing else. Which periods are expired is decided as for {@link #purge(String)}: by the local clock, keeping
     * the margin of {@link Builder#maxClockSkew(Duration)}. Only blobs named {@code <prefix><escaped id>/<period
     * kind>/<label>.log} for this log's period kind are deleted; other blobs are listed and left alone.
     *
     * <p>Safe to run from several machines at once, and at the same time as appends from writers whose clocks are
     * within the tolerated skew. Under lost responses, timeouts and 5xx: a listing is a read the SDK retries; a
     * Delete whose response was lost is retried by the SDK and answered 404, which counts as deleted (as does a
     * 404 because another purge deleted it first), so {@link PurgeResult#deletedBlobs()} counts the expired blobs
     * now gone, not only those this call deleted. A Delete that fails for good does not stop the others; the
     * first failure is thrown at the end with the later ones suppressed, and running it again finishes the work.
     *
     * @return what was listed and deleted, and the requests made (SDK retries not counted)
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the listing or a delete
     */
    public PurgeResult purgeAll() {
        return purgeAll(null, Context.NONE);
    }

    /**
     * Deletes the expired blobs of every log id, as {@link #purgeAll()}, within {@code timeout}.
     *
     * @param timeout the longest the whole purge may take, every page of the listing and every Delete included;
     *     null for no limit
     * @param context passed to every Delete (the listing takes none: see the class comment)
     * @return what was listed and deleted, and the requests made (SDK retries not counted)
     * @throws NullPointerException if {@code context} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the listing or a delete
     * @throws RuntimeException caused by a {@link java.util.concurrent.TimeoutException} if the timeout ran out (run
     *     it again to finish)
     */
    public PurgeResult purgeAll(@Nullable Duration timeout, Context context) {
        Checks.notNull(context, "context");
        Deadline deadline = Deadline.after(timeout, ticker);
        if (retention == 0) {
            return new PurgeResult(0, 0, 0, 0);
        }
        Instant oldestKept = oldestKept(period, retention, maxClockSkew, clock.instant());
        String suffix = "/" + period.folder() + "/";
        long listed = 0;
        long pages = 0;
        List<String> expired = new ArrayList<>();
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(prefix).setMaxResultsPerPage(listPageSize);
        for (PagedResponse<BlobItem> page : container.listBlobs(options, deadline.remaining()).iterableByPage()) {
            pages++;
            deadline.remaining(); // the time is up: stop before asking for another page
            for (BlobItem item : page.getValue()) {
                listed++;
                Instant start = periodStart(item.getName(), suffix);
                if (start != null && start.isBefore(oldestKept)) {
                    expired.add(item.getName());
                }
            }
        }
        int deleted = deleteAll(expired, deadline, context);
        LOGGER.debug("Purged {} expired {} blobs of {} listed under '{}' in {} List and {} Delete requests",
                deleted, period.folder(), listed, prefix, pages, expired.size());
        return new PurgeResult(listed, deleted, pages, expired.size());
    }

    /**
     * The start of the period a blob name under the prefix holds, if it is {@code <escaped id>/<folder>/<label>.log}
     * for this period kind; null for any other blob.
     */
    private @Nullable Instant periodStart(String name, String suffix) {
        if (!name.startsWith(prefix) || !name.endsWith(".log")) {
            return null;
        }
        String rest = name.substring(prefix.length(), name.length() - 4);
        int slash = rest.indexOf(suffix);
        if (slash < 1 || !LogNames.isEscaped(rest.substring(0, slash))) {
            return null;
        }
        String label = rest.substring(slash + suffix.length());
        if (label.indexOf('/') >= 0) {
            return null;
        }
        try {
            return period.parse(label);
        } catch (IllegalArgumentException e) {
            return null; // not one of ours
        }
    }

    /**
     * Deletes blobs, counting a 404 as deleted; a failure does not stop the others and is thrown at the end.
     */
    private int deleteAll(List<String> blobNames, Deadline deadline, Context context) {
        int deleted = 0;
        RuntimeException failure = null;
        for (String name : blobNames) {
            if (failure != null && deadline.hasExpired()) {
                failure.addSuppressed(deadline.expired());
                break;
            }
            try {
                // false: 404, gone already (maybe by our own retry)
                container.getBlobClient(name).deleteIfExistsWithResponse(null, null, deadline.remaining(), context);
                deleted++;
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return deleted;
    }

    /**
     * The start of the oldest period kept at local time {@code now}: a period whose start is before it is
     * expired. Keeps {@code retention} periods counting the current one, and never fewer than two (the current
     * and the previous), as seen by a clock {@code maxClockSkew} behind {@code now}; so a period is expired only
     * when {@code now >= its end + max(retention - 1, 1) periods + maxClockSkew}.
     */
    static Instant oldestKept(LogPeriod period, int retention, Duration maxClockSkew, Instant now) {
        return period.shift(now.minus(maxClockSkew), -Math.max(retention - 1, 1));
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
        return list(logId, from, to, null, Context.NONE);
    }

    /**
     * Finds the logs of {@code logId} whose periods overlap {@code [from, to)}, as
     * {@link #list(String, Instant, Instant)}, within {@code timeout}.
     *
     * @param logId the log id
     * @param from the start of the range, inclusive
     * @param to the end of the range, exclusive
     * @param timeout the longest the whole listing may take, every page included; null for no limit
     * @param context for the SDK calls; the SDK's synchronous listing takes none (see the class comment)
     * @return the logs found
     * @throws NullPointerException if an argument other than {@code timeout} is null
     * @throws IllegalArgumentException if {@code logId} is empty, {@code to} is before {@code from}, or
     *     {@code timeout} is zero or negative
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the listing
     * @throws RuntimeException caused by a {@link java.util.concurrent.TimeoutException} if the timeout ran out
     */
    public List<LogBlob> list(String logId, Instant from, Instant to, @Nullable Duration timeout, Context context) {
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        Checks.notNull(context, "context");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("'to' (" + to + ") must not be before 'from' (" + from + ")");
        }
        Deadline deadline = Deadline.after(timeout, ticker);
        List<LogBlob> found = new ArrayList<>();
        for (LogBlob blob : listAll(logId, deadline)) {
            if (blob.start().isBefore(to) && blob.end().isAfter(from)) {
                found.add(blob);
            }
        }
        return found;
    }

    /** Lists the blobs of {@code logId}: the sync listing takes a timeout (per page) but no Context. */
    private List<LogBlob> listAll(String logId, Deadline deadline) {
        String folder = prefix + LogNames.escape(logId) + "/" + period.folder() + "/";
        List<LogBlob> found = new ArrayList<>();
        for (PagedResponse<BlobItem> page : container.listBlobs(new ListBlobsOptions().setPrefix(folder),
                deadline.remaining()).iterableByPage()) {
            deadline.remaining(); // the time is up: stop before asking for another page
            for (BlobItem item : page.getValue()) {
                addIfOurs(found, item.getName(), folder, logId);
            }
        }
        found.sort(Comparator.comparing(LogBlob::start));
        return found;
    }

    private void addIfOurs(List<LogBlob> found, String name, String folder, String logId) {
        if (!name.endsWith(".log") || name.length() <= folder.length() + 4) {
            return;
        }
        String label = name.substring(folder.length(), name.length() - 4);
        Instant start;
        try {
            start = period.parse(label);
        } catch (IllegalArgumentException e) {
            return; // not one of ours
        }
        found.add(new LogBlob(logId, period, start, period.end(start), name));
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
        return readEntries(log, null, Context.NONE);
    }

    /**
     * Reads the entries of one period's log, as {@link #readEntries(LogBlob)}, within {@code timeout}.
     *
     * @param log a log found by {@link #list(String, Instant, Instant)}
     * @param timeout the longest the whole read may take, its restarts included; null for no limit
     * @param context passed to every SDK call
     * @return the entries; empty if the blob does not exist
     * @throws NullPointerException if {@code log} or {@code context} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the read
     * @throws RuntimeException caused by a {@link java.util.concurrent.TimeoutException} if the timeout ran out
     */
    public List<String> readEntries(LogBlob log, @Nullable Duration timeout, Context context) {
        Checks.notNull(log, "log");
        Checks.notNull(context, "context");
        return RangedReader.readEntries(container.getBlobClient(log.blobName()).getBlockBlobClient(),
                Deadline.after(timeout, ticker), context);
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
        forEachEntry(log, action, null, Context.NONE);
    }

    /**
     * Gives each entry of one period's log to {@code action}, as {@link #forEachEntry(LogBlob, Consumer)}, within
     * {@code timeout}.
     *
     * @param log a log found by {@link #list(String, Instant, Instant)}
     * @param action what to do with each entry
     * @param timeout the longest the whole read may take, the time {@code action} takes and the restarts included;
     *     null for no limit
     * @param context passed to every SDK call
     * @throws NullPointerException if an argument other than {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the read
     * @throws RuntimeException caused by a {@link java.util.concurrent.TimeoutException} if the timeout ran out
     *     (the entries given so far stay given)
     */
    public void forEachEntry(LogBlob log, Consumer<? super String> action, @Nullable Duration timeout,
            Context context) {
        Checks.notNull(log, "log");
        Checks.notNull(action, "action");
        Checks.notNull(context, "context");
        RangedReader.forEachEntry(container.getBlobClient(log.blobName()).getBlockBlobClient(), action,
                Deadline.after(timeout, ticker), context);
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
        return readEntries(logId, when, null, Context.NONE);
    }

    /**
     * Reads the entries of the log of {@code logId} for the period that contains {@code when}, as
     * {@link #readEntries(String, Instant)}, within {@code timeout}.
     *
     * @param logId the log id
     * @param when any instant in the period
     * @param timeout the longest the whole read may take, its restarts included; null for no limit
     * @param context passed to every SDK call
     * @return the entries, oldest first; empty if that period has no blob
     * @throws NullPointerException if an argument other than {@code timeout} is null
     * @throws IllegalArgumentException if {@code logId} is empty, {@code when} is out of range, or {@code timeout}
     *     is zero or negative
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the read
     * @throws RuntimeException caused by a {@link java.util.concurrent.TimeoutException} if the timeout ran out
     */
    public List<String> readEntries(String logId, Instant when, @Nullable Duration timeout, Context context) {
        Checks.notNull(context, "context");
        return RangedReader.readEntries(blobClient(logId, when).getBlockBlobClient(),
                Deadline.after(timeout, ticker), context);
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
    public BlobClient blobClient(String logId, Instant when) {
        return blobFor(logId, LogNames.escape(logId), period.start(Checks.notNull(when, "when")));
    }

    private BlobClient blobFor(String logId, String escaped, Instant start) {
        String name = prefix + escaped + "/" + period.folder() + "/" + period.label(start) + ".log";
        return container.getBlobClient(LogNames.checkLength(name, logId));
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
     * Builds a {@link PeriodicLog}. Mutable and not thread-safe; {@link #build()} validates and copies.
     */
    public static final class Builder {
        private @Nullable BlobContainerClient container;
        private @Nullable LogPeriod period;
        private int retention;
        private Duration maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;
        private int listPageSize = LIST_PAGE_SIZE;
        private Clock clock = Clock.systemUTC();
        private String prefix = "";
        private @Nullable String header;
        private int maxBlockBytes = OngoingLog.DEFAULT_MAX_BLOCK_BYTES;
        private @Nullable Integer maxBlocks;
        private String contentType = "text/plain; charset=utf-8";
        private Ticker ticker = Ticker.systemTicker();

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
            this.container = Checks.notNull(containerClient, "containerClient");
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
            this.period = Checks.notNull(period, "period");
            return this;
        }

        /**
         * Sets how many periods to keep, counting the current one, for example 30 daily logs (default: keep all).
         * The previous period is always kept too, so {@code retention(1)} keeps as much as {@code retention(2)}:
         * it is still written after the period ends, by writers whose clocks are behind, by a sink for that period
         * flushing late ({@link #sink(String, Instant)}) and by the retry of an append in doubt. Expiry also waits
         * for {@link #maxClockSkew(Duration)}: a period is purged when the local clock reads at least its end plus
         * {@code max(periods - 1, 1)} periods plus the skew.
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
         * Sets the largest difference tolerated between the clocks of any two machines that write or purge these
         * logs, plus the longest an append may take from reading the clock to its commit (its retries included)
         * (default {@link PeriodicLog#DEFAULT_MAX_CLOCK_SKEW}, 5 minutes). Precisely: no writer's clock may read
         * more than this behind what a purger's clock read at any earlier moment, so a clock stepped back counts. A purge (on a new period's first
         * append, {@link PeriodicLog#purge(String)} or {@link PeriodicLog#purgeAll()}) deletes a period only when
         * the local clock reads at least its end plus {@code max(retention - 1, 1)} periods plus this skew: so
         * while every clock is within the skew of the purger's, no purge deletes a period that any writer counts
         * within its retention, its current and previous periods included. Beyond it, a writer whose clock is
         * behind by more can see its previous period (or, with retention 2, its oldest kept one) deleted while it
         * still writes it: entries committed there are lost, and a later append re-creates the blob, which the
         * next purge deletes. Appends to a period given explicitly ({@link PeriodicLog#appendAll(String, Instant,
         * List)}) are protected only while that period is within the retention. A larger skew only keeps blobs
         * longer; zero suits a single writer whose clock is the purger's.
         *
         * @param maxClockSkew between zero and {@link PeriodicLog#MAX_CLOCK_SKEW} (one day)
         * @return this builder
         * @throws NullPointerException if {@code maxClockSkew} is null
         * @throws IllegalArgumentException if {@code maxClockSkew} is negative or longer than a day
         */
        public Builder maxClockSkew(Duration maxClockSkew) {
            Checks.notNull(maxClockSkew, "maxClockSkew");
            if (maxClockSkew.isNegative() || maxClockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new IllegalArgumentException("'maxClockSkew' must be between " + Duration.ZERO + " and "
                        + MAX_CLOCK_SKEW + ", was " + maxClockSkew + "; synchronize the clocks (NTP) rather than "
                        + "tolerate more");
            }
            this.maxClockSkew = maxClockSkew;
            return this;
        }

        /** The blobs per List Blobs page of {@link PeriodicLog#purgeAll()}, for tests of its paging. */
        Builder listPageSize(int listPageSize) {
            if (listPageSize < 1 || listPageSize > LIST_PAGE_SIZE) {
                throw new IllegalArgumentException("'listPageSize' must be between 1 and " + LIST_PAGE_SIZE
                        + ", was " + listPageSize);
            }
            this.listPageSize = listPageSize;
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
            this.clock = Checks.notNull(clock, "clock");
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
            this.maxBlockBytes = Checks.maxBlockBytes(maxBlockBytes);
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
            this.maxBlocks = Checks.maxBlocks(maxBlocks);
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
            this.contentType = Checks.notNull(contentType, "contentType");
            return this;
        }

        /**
         * Sets the monotonic time source that operations' timeouts are measured on (default
         * {@link Ticker#systemTicker()}). Which period it is comes from {@link #clock(Clock)}.
         *
         * @param ticker the ticker
         * @return this builder
         * @throws NullPointerException if {@code ticker} is null
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.notNull(ticker, "ticker");
            return this;
        }

        /**
         * Validates the settings and builds the log. Makes no request.
         *
         * @return the log
         * @throws IllegalStateException naming each required setting not set (the container, the period)
         * @throws IllegalArgumentException if the header is larger than a block, or a header and a cap of 50,000
         *     blocks do not fit the service limit
         */
        public PeriodicLog build() {
            return new PeriodicLog(this);
        }
    }
}
