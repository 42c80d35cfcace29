package io.github.azkit.logging;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A log that always holds the newest entries of one log id, in one block blob capped at a number of committed
 * blocks (50,000 by default, the service limit, which Azurite does not enforce; this class does). When the cap is
 * reached, the oldest blocks are dropped in the same Put Block List that adds the new ones; an optional header block
 * (for example a CSV header) is kept first and never dropped.
 *
 * <p>Each {@link #appendAll(List)} packs its entries into one block (more only if they exceed
 * {@code maxBlockBytes}), so a batch of N entries costs one Put Block and one Put Block List: two write transactions
 * and no read, because the committed block list is cached with its ETag. The first append of an instance reads the
 * block list once. Many instances, on many machines, may append to the same log: commits are conditional on the
 * ETag, and an instance that loses the race reads the list again, stages its block again and commits again, so no
 * entry is lost and each instance's entries keep their order. Wrap a log in an {@link AsyncLogWriter} to take the
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

    private OngoingLog(Builder b) {
        this.logId = Objects.requireNonNull(b.logId, "'logId' must be set: call logId(...) before build()");
        BlobContainerClient container = Objects.requireNonNull(b.container,
                "'containerClient' must be set: call containerClient(...) before build()");
        String name = LogNames.checkLength(b.prefix + LogNames.escape(logId) + ".log", logId);
        this.blob = container.getBlobClient(name);
        this.maxBlockBytes = b.maxBlockBytes;
        byte[] header = b.header == null ? null : LineCodec.line(b.header);
        if (header != null && header.length > maxBlockBytes) {
            throw new IllegalArgumentException("the header of " + header.length + " bytes exceeds 'maxBlockBytes' ("
                    + maxBlockBytes + "): raise maxBlockBytes");
        }
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
        appendAll(List.of(Objects.requireNonNull(entry, "'entry' must not be null")));
    }

    /**
     * Appends entries in order, packed into one block (or more, of at most {@code maxBlockBytes} each), in one
     * commit that also drops the oldest blocks beyond the cap. Costs one Put Block per block and one Put Block List;
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
        Objects.requireNonNull(entries, "'entries' must not be null");
        appender.append(LineCodec.pack(entries, maxBlockBytes));
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
        return RangedReader.readEntries(blob.getBlockBlobClient());
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
        Objects.requireNonNull(action, "'action' must not be null");
        RangedReader.forEachEntry(blob.getBlockBlobClient(), action);
    }

    /**
     * The blob that holds this log, to download it as a whole, give out a SAS link or delete it.
     *
     * @return the blob client
     */
    public BlobClient getBlobClient() {
        return blob;
    }

    /**
     * The log id.
     *
     * @return the id this log was built with
     */
    public String getLogId() {
        return logId;
    }

    /**
     * The cap of committed entry blocks, not counting the header block (with a header, the blob holds at most one
     * block more).
     *
     * @return the cap
     */
    public int getMaxBlocks() {
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
            this.container = Objects.requireNonNull(containerClient, "'containerClient' must not be null");
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
            if (maxBlocks < 1 || maxBlocks > MAX_BLOCKS) {
                throw new IllegalArgumentException("'maxBlocks' must be between 1 and " + MAX_BLOCKS
                        + " (the service limit of committed blocks), was " + maxBlocks);
            }
            this.maxBlocks = maxBlocks;
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
            if (maxBlockBytes < 1024 || maxBlockBytes > 100 * 1024 * 1024) {
                throw new IllegalArgumentException("'maxBlockBytes' must be between 1024 and 104857600, was "
                        + maxBlockBytes);
            }
            this.maxBlockBytes = maxBlockBytes;
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
            this.contentType = Objects.requireNonNull(contentType, "'contentType' must not be null");
            return this;
        }

        /**
         * Validates the settings and builds the log. Builds no request: the first append reads the block list.
         *
         * @return the log
         * @throws NullPointerException if the container or the log id is not set
         * @throws IllegalArgumentException if the settings do not fit together (header larger than a block, a cap
         *     of 1 with a header, a blob name longer than 1,024 characters)
         */
        public OngoingLog build() {
            return new OngoingLog(this);
        }
    }
}
