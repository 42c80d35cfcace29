package io.github.azkit.logging;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.storage.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A log that always holds the newest entries of one log id, in one block blob capped at a number of committed
 * blocks (50,000 by default, the service limit, which Azurite does not enforce; this class does). When the cap is
 * reached, the oldest blocks are dropped in the same Put Block List that adds the new ones; an optional header block
 * (for example a CSV header) is kept first and never dropped.
 *
 * <p>Each {@link #appendAll(List)} packs its entries, in order, into blocks of at most {@code maxBlockBytes} (4 MiB by
 * default), starting a new block only when the next entry would not fit in the current one; so a batch whose
 * encoded entries total at most {@code maxBlockBytes} is one block and costs one Put Block and one Put Block List,
 * two write transactions and no read (the committed block list is cached with its ETag), and a larger batch costs
 * one Put Block per block and still one Put Block List. The first append of an instance reads the
 * block list once. Many instances, on many machines, may append to the same log: commits are conditional on the
 * ETag, and an instance that loses the race reads the list again, stages its block again and commits again, so no
 * entry is lost and each instance's entries keep their order (after 1,000 lost races in a row for one append, which
 * the operation's timeout usually ends first, the append throws the last 412). These bounds, like the three
 * unanswered commits below, are fixed: they are part of the guarantee, not retries a {@code RetryPolicy} tunes. Wrap a log in an {@link AsyncLogWriter} to take the
 * writes off the caller's path and batch them.
 *
 * <p><b>Under faults, each entry is written exactly once.</b> A commit whose response is lost (the SDK's retry of it
 * then gets 412, or 409 if it created the blob), or that fails with a timeout, a transport error or a 5xx after the
 * SDK's retries, may still have been applied: this is the ambiguous case. The log then reads the block list once
 * (the read a lost race costs anyway) and looks for the batch's own block ids, unique to this instance: found, the
 * append has succeeded; not found, it stages and commits again, conditional on the ETag just read. The happy path
 * costs nothing more. If {@link #appendAll(List)} throws anyway (the Get Block List failed too, or three commits
 * in a row failed without an answer), the entries may or may not be in the log; appending exactly the same entries
 * again as the next append through this instance reuses the failed append's block ids, so they are written once
 * (which {@link AsyncLogWriter} relies on; a deliberate repeat of the very same entries right after a failure is
 * taken as such a retry). The one case that cannot be told apart: other writers commit more than the cap of blocks
 * between the lost commit and the read, so that the cap trims every block of the batch off before it is looked for;
 * the batch is then written twice.
 *
 * <p>The cap counts blocks, not entries: a log appended one entry at a time keeps the newest 50,000 entries, a log
 * written by an {@link AsyncLogWriter} keeps the newest 50,000 batches. Each entry is stored as one UTF-8 line
 * (line breaks and backslashes escaped), so the blob downloads as a text or CSV file.
 *
 * <p>Every operation that calls storage has an overload ending in {@code Duration timeout, Context context}: the
 * timeout bounds the whole operation, its re-reads and re-commits included (each SDK call is given the time left,
 * measured on the builder's {@link Ticker}), and the {@code Context} is passed to every SDK call. The simple forms
 * pass {@code null, Context.NONE}.
 *
 * <p>Thread-safe: appends through one instance are serialized; reads run concurrently with them.
 */
public final class OngoingLog implements LogSink {

    /** The service limit of committed blocks in a block blob, and the default cap. */
    public static final int MAX_BLOCKS = 50_000;
    /** The default largest block: 4 MiB. */
    public static final int DEFAULT_MAX_BLOCK_BYTES = 4 * 1024 * 1024;

    private final BlobClient blob;
    private final String logId;
    private final int maxBlockBytes;
    private final int maxBlocks;
    private final BlockAppender appender;
    private final Ticker ticker;

    private OngoingLog(Builder b) {
        Checks.requireSet(b.container, "containerClient", b.logId, "logId");
        BlobContainerClient container = b.container;
        this.logId = b.logId;
        String name = LogNames.checkLength(b.prefix + LogNames.escape(logId) + ".log", logId);
        this.blob = container.getBlobClient(name);
        this.maxBlockBytes = b.maxBlockBytes;
        this.ticker = b.ticker;
        byte[] header = Checks.headerLine(b.header, maxBlockBytes);
        int total = committedCap(b.maxBlocks, header != null);
        this.maxBlocks = total - (header != null ? 1 : 0);
        this.appender = new BlockAppender(blob.getBlockBlobClient(), total, header, b.contentType);
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
     * Appends one entry (one Put Block and one Put Block List). Prefer {@link #appendAll(List)} or an
     * {@link AsyncLogWriter} for many entries.
     *
     * @param entry the entry, any string
     * @throws NullPointerException if {@code entry} is null
     * @throws IllegalArgumentException if the entry is larger than {@code maxBlockBytes}
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the write
     */
    public void append(String entry) {
        append(entry, null, Context.NONE);
    }

    /**
     * Appends one entry, as {@link #append(String)}, within {@code timeout}.
     *
     * @param entry the entry, any string
     * @param timeout the longest the whole append may take, retries included; null for no limit
     * @param context passed to every SDK call
     * @throws NullPointerException if {@code entry} or {@code context} is null
     * @throws IllegalArgumentException if the entry is larger than {@code maxBlockBytes}, or {@code timeout} is zero
     *     or negative
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the write
     * @throws RuntimeException caused by a {@link java.util.concurrent.TimeoutException} if the timeout ran out (the
     *     entry may have been committed; append it again to settle it, as {@link #appendAll(List)} says)
     */
    public void append(String entry, @Nullable Duration timeout, Context context) {
        appendAll(List.of(Checks.notNull(entry, "entry")), timeout, context);
    }

    /**
     * Appends entries in order, in one commit that also drops the oldest blocks beyond the cap. The entries are
     * packed, in order, into blocks of at most {@code maxBlockBytes} (4 MiB by default), a new block starting only
     * when the next entry would not fit in the current one: one block if they total at most {@code maxBlockBytes}
     * encoded. Costs one Put Block per block and one Put Block List;
     * after a lost race, one Get Block List and the same again; after a commit that failed but may have been applied
     * (lost response, timeout, 5xx), one Get Block List, and the same again only if it was not applied. Nothing is
     * written if {@code entries} is empty. If this throws, the entries may have been committed; calling it again
     * with the same entries, before any other append through this instance, does not write them twice.
     *
     * @param entries the entries, each any string
     * @throws NullPointerException if {@code entries} or one of its entries is null
     * @throws IllegalArgumentException if one entry is larger than {@code maxBlockBytes}
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the write
     * @throws RuntimeException the SDK's transport failure if storage cannot be reached (the Get Block List after an
     *     uncertain commit failed too, or three commits failed without an answer)
     */
    @Override
    public void appendAll(List<String> entries) {
        appendAll(entries, null, Context.NONE);
    }

    /**
     * Appends entries, as {@link #appendAll(List)}, within {@code timeout}. The transactions are the same.
     *
     * @param entries the entries, each any string
     * @param timeout the longest the whole append may take, its re-reads and re-commits included; null for no
     *     limit
     * @param context passed to every SDK call
     * @throws NullPointerException if {@code entries}, one of its entries or {@code context} is null
     * @throws IllegalArgumentException if one entry is larger than {@code maxBlockBytes}, or {@code timeout} is zero
     *     or negative
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the write
     * @throws RuntimeException the SDK's transport failure if storage cannot be reached, or a failure caused by a
     *     {@link java.util.concurrent.TimeoutException} if the timeout ran out; either way the entries may have been
     *     committed, and calling again with the same entries does not write them twice
     */
    @Override
    public void appendAll(List<String> entries, @Nullable Duration timeout, Context context) {
        Checks.notNull(entries, "entries");
        Checks.notNull(context, "context");
        Deadline deadline = Deadline.after(timeout, ticker);
        appender.append(LineCodec.pack(entries, maxBlockBytes), deadline, context);
    }

    /**
     * Checks that an entry fits in one block ({@code maxBlockBytes}, after escaping, in UTF-8).
     *
     * @param entry the entry
     * @throws NullPointerException if {@code entry} is null
     * @throws IllegalArgumentException if the entry is larger than {@code maxBlockBytes}
     */
    @Override
    public void checkEntry(String entry) {
        LineCodec.checkFits(entry, maxBlockBytes);
    }

    /**
     * Reads the entries, oldest first, without the header: one Get Block List and one ranged read per 200 blocks
     * or 8 MiB. Holds them all in memory; {@link #forEachEntry(Consumer)} does not.
     *
     * @return the entries; empty if nothing was written yet
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the read
     */
    public List<String> readEntries() {
        return readEntries(null, Context.NONE);
    }

    /**
     * Reads the entries, as {@link #readEntries()}, within {@code timeout}.
     *
     * @param timeout the longest the whole read may take, its restarts included; null for no limit
     * @param context passed to every SDK call
     * @return the entries; empty if nothing was written yet
     * @throws NullPointerException if {@code context} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the read
     * @throws RuntimeException caused by a {@link java.util.concurrent.TimeoutException} if the timeout ran out
     */
    public List<String> readEntries(@Nullable Duration timeout, Context context) {
        Checks.notNull(context, "context");
        return RangedReader.readEntries(blob.getBlockBlobClient(), Deadline.after(timeout, ticker), context);
    }

    /**
     * Gives each entry to {@code action}, oldest first, without the header, reading by ranges of at most 200 blocks
     * or 8 MiB, so that only one range is in memory at a time. If a writer commits during the read, the read goes
     * on in the new version after the last block read: each entry is given at most once, in order, and entries
     * appended meanwhile may be included.
     *
     * @param action what to do with each entry
     * @throws NullPointerException if {@code action} is null
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the read
     */
    public void forEachEntry(Consumer<? super String> action) {
        forEachEntry(action, null, Context.NONE);
    }

    /**
     * Gives each entry to {@code action}, as {@link #forEachEntry(Consumer)}, within {@code timeout}.
     *
     * @param action what to do with each entry
     * @param timeout the longest the whole read may take, the time {@code action} takes and the restarts
     *     included; null for no limit
     * @param context passed to every SDK call
     * @throws NullPointerException if {@code action} or {@code context} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws com.azure.storage.blob.models.BlobStorageException if storage refuses the read
     * @throws RuntimeException caused by a {@link java.util.concurrent.TimeoutException} if the timeout ran out
     *     (the entries given so far stay given)
     */
    public void forEachEntry(Consumer<? super String> action, @Nullable Duration timeout, Context context) {
        Checks.notNull(action, "action");
        Checks.notNull(context, "context");
        RangedReader.forEachEntry(blob.getBlockBlobClient(), action, Deadline.after(timeout, ticker), context);
    }

    /**
     * The blob that holds this log, to download it as a whole, give out a SAS link or delete it. Makes no request.
     *
     * @return the blob client
     */
    public BlobClient blobClient() {
        return blob;
    }

    /**
     * The log id.
     *
     * @return the id this log was built with
     */
    public String logId() {
        return logId;
    }

    /**
     * The cap of committed entry blocks, not counting the header block (with a header, the blob holds at most one
     * block more).
     *
     * @return the cap
     */
    public int maxBlocks() {
        return maxBlocks;
    }

    /**
     * The cap of committed blocks of a blob, header included, for a cap of entry blocks.
     *
     * @param entryBlocks the cap of entry blocks set on a builder, or null for the most the service allows
     * @param withHeader whether a header block is kept too
     * @return the cap of all committed blocks, at most {@link #MAX_BLOCKS}
     * @throws IllegalArgumentException if the entry blocks and the header do not fit the service limit
     */
    static int committedCap(@Nullable Integer entryBlocks, boolean withHeader) {
        int header = withHeader ? 1 : 0;
        if (entryBlocks == null) {
            return MAX_BLOCKS;
        }
        if (entryBlocks + header > MAX_BLOCKS) {
            throw new IllegalArgumentException("'maxBlocks' must be at most " + (MAX_BLOCKS - header) + " with a header"
                    + " (the header block counts toward the service's " + MAX_BLOCKS + " committed blocks), was "
                    + entryBlocks + ": lower it, or leave it unset for the most that fits");
        }
        return entryBlocks + header;
    }

    /** Times this instance lost a commit race to another writer and committed again. */
    long conflicts() {
        return appender.conflicts();
    }

    /** Times a commit that failed here turned out to be applied, so was not committed again. */
    long appliedDespiteFailure() {
        return appender.appliedDespiteFailure();
    }

    /**
     * Builds an {@link OngoingLog}. Mutable and not thread-safe; {@link #build()} validates and copies.
     */
    public static final class Builder {
        private @Nullable BlobContainerClient container;
        private @Nullable String logId;
        private String prefix = "";
        private @Nullable Integer maxBlocks;
        private int maxBlockBytes = DEFAULT_MAX_BLOCK_BYTES;
        private @Nullable String header;
        private String contentType = "text/plain; charset=utf-8";
        private Ticker ticker = Ticker.systemTicker();

        private Builder() {
        }

        /**
         * Sets the container that holds the log's blob (required; it must exist).
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
         * Sets the log id (required). Any characters are allowed; they are escaped into the blob name
         * {@code <prefix><escaped id>.log}.
         *
         * @param logId the id, not empty
         * @return this builder
         * @throws NullPointerException if {@code logId} is null
         * @throws IllegalArgumentException if {@code logId} is empty
         */
        public Builder logId(String logId) {
            LogNames.escape(logId);
            this.logId = logId;
            return this;
        }

        /**
         * Sets a folder-like prefix for the blob name (default none).
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
         * Sets the cap of committed entry blocks; the header block, if any, is kept on top of them (default: the
         * most the service allows, 50,000 blocks in all, so 49,999 with a header).
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
         * Sets the largest block one append writes (default 4 MiB); a batch larger than this takes several blocks.
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
         * Sets a header line kept as the first block of the blob and never trimmed, for example a CSV header from
         * {@link CsvLog#header()} (default none). Readers skip it.
         *
         * @param header the header line, or null for none
         * @return this builder
         */
        public Builder header(@Nullable String header) {
            this.header = header;
            return this;
        }

        /**
         * Sets the blob's content type (default {@code text/plain; charset=utf-8}; {@code text/csv} suits a CSV log).
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
         * {@link Ticker#systemTicker()}).
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
         * Validates the settings and builds the log. Makes no request: the first append reads the block list.
         *
         * @return the log
         * @throws IllegalStateException naming each required setting not set (the container, the log id)
         * @throws IllegalArgumentException if the settings do not fit together (header larger than a block, a cap
         *     of 1 with a header, a blob name longer than 1,024 characters)
         */
        public OngoingLog build() {
            return new OngoingLog(this);
        }
    }
}
