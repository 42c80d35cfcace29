package io.github.azkit.table.backup;

import com.azure.data.tables.TableClient;
import com.azure.storage.blob.BlobClient;
import io.github.azkit.table.Comparison;
import io.github.azkit.table.TableFilter;
import io.github.azkit.table.TablePage;
import io.github.azkit.table.TableScan;
import com.azure.core.util.Context;
import io.github.azkit.storage.Ticker;
import io.github.azkit.table.internal.Checks;
import io.github.azkit.table.internal.Deadline;
import io.github.azkit.table.internal.TaskGroup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up a table, or the part of it a filter selects, to a local file or a block blob, in the documented
 * azkit backup format (version 1): compressed chunks of entities, each with a SHA-256, and a manifest at the end
 * with the table name, the entity count, the times and a checksum chain over all chunks. Every EDM type is kept
 * exactly, including {@code Edm.Double} values such as 2.0, NaN and the infinities.
 *
 * <p>The key space can be cut at {@linkplain Builder#partitionKeySplits(List) partition keys} into ranges that
 * are read in parallel. Memory stays flat whatever the table size: each range holds one page (at most
 * {@linkplain Builder#pageSize(int) 1,000 entities}) at a time, and a backup to a blob also buffers at most one
 * block (32 MiB). A backup that crashed, even by {@code kill -9}, resumes where its last checkpoint
 * ({@code name.checkpoint} beside the output) says when it is run again with the same table, filter and splits;
 * the result is byte-for-byte a complete backup with each entity exactly once. To a local file the checkpoint is
 * saved after every page: the data ({@code name.partial}) is synced first ({@code FileChannel.force}), then the
 * checkpoint is written to a temporary file, synced and moved over the old one atomically, so a crash at any
 * point (mid-append, mid-checkpoint, or a power loss) leaves a checkpoint that names only data on disk; the
 * resumed run truncates the bytes after it. To a blob, pages are packed into blocks of up to 32 MiB; the
 * checkpoint is uploaded after each staged block and names only staged blocks, so a crash loses at most the
 * pages buffered since the last block (up to 32 MiB of backup), which the resumed run reads again.
 *
 * <p><b>Largest backup.</b> A local file has no limit. A block blob holds at most 50,000 blocks; a block is
 * staged only when the next record does not fit in it, so a blob holds up to 50,000 x 32 MiB = 1,600 GiB
 * (1.68 TB) of backup, less only when single chunks approach the block size. At 73 bytes per entity (the
 * 10-property mixed-type entities of the tests, compressed: measured in {@code BlobPackingIT}) that is about 23
 * billion entities; at 1 KB per compressed entity, 1.7 billion; divide 1.68 TB by your entities' compressed size. Past that the backup fails with an
 * {@code IllegalStateException} that says to back up to a local file, or in parts to several blobs with
 * {@linkplain Builder#filter(TableFilter) filters} on partition-key ranges.
 *
 * <p>A backup is not a point-in-time snapshot: Azure Tables has none. Entities written while it runs may or may
 * not be in it, each entity is copied as it was when its page was read, and pages of different partitions are
 * read at different times.
 *
 * <pre>{@code
 * BackupManifest manifest = TableBackup.builder().tableClient(table).build().backupTo(Path.of("videos.azbak"));
 * }</pre>
 *
 * <p><b>Lost responses and throttling.</b> Every write of a backup to a blob can be sent twice without harm:
 * a block is staged under an id fixed by its position (a re-sent Put Block stores the same bytes under the same
 * id), the checkpoint is overwritten whole, and the final Put Block List, sent only if the blob does not exist
 * yet, is checked when it is refused with 409: if its response was lost and the SDK's retry met the blob the
 * first attempt created, the committed block list is exactly this backup's ids and length, and the backup
 * completes normally. The blob is thus complete and holds each record once. A 409 on a blob whose block list is
 * not this backup's (another writer created it meanwhile) fails the backup with an
 * {@code IllegalArgumentException}. A 5xx or 429 that outlasts the SDK's retries propagates; the backup resumes
 * from its checkpoint when run again.
 *
 * <p>Cost: one query transaction per page of up to 1,000 entities; to a blob, one Put Block and one checkpoint
 * upload per block of up to 32 MiB (not per page), and one Put Block List at the end; one read of the block list only if the commit is refused
 * with 409. Storage errors propagate as the SDK's own exceptions.
 *
 * <p>Immutable and thread-safe. Each {@code backupTo} call runs one backup, its ranges in parallel on the
 * {@linkplain Builder#executor(Executor) executor} given, or else on daemon threads {@code azkit-table-backup-n}
 * that live only for that call; it returns when all its work is done.
 */
public final class TableBackup {

    private static final Logger LOG = LoggerFactory.getLogger(TableBackup.class);
    private static final long MAX_CHUNK_WIRE_BYTES = 32L * 1024 * 1024;

    private final TableClient table;
    private final @Nullable TableFilter filter;
    private final List<String> splits;
    private final int parallelism;
    private final int pageSize;
    private final Clock clock;
    private final @Nullable Consumer<BackupProgress> progress;
    private final @Nullable Executor executor;
    private final Ticker ticker;
    private final int blobBlockBytes;
    private final int maxBlobBlocks;

    private TableBackup(Builder b) {
        this.blobBlockBytes = b.blobBlockBytes;
        this.maxBlobBlocks = b.maxBlobBlocks;
        if (b.table == null) {
            throw new IllegalStateException("'tableClient' must be set");
        }
        this.table = b.table;
        this.executor = b.executor;
        this.ticker = b.ticker;
        this.filter = b.filter;
        this.splits = b.splits;
        this.parallelism = b.parallelism;
        this.pageSize = b.pageSize;
        this.clock = b.clock;
        this.progress = b.progress;
    }

    /**
     * A new builder.
     *
     * @return a builder: whole table, one range, page size 1,000, parallelism 4, the system UTC clock
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Backs up to a local file, or resumes an interrupted backup to it.
     *
     * @param file the backup file to create; it must not exist yet
     * @return the manifest of the finished backup
     * @throws NullPointerException if {@code file} is null
     * @throws IllegalArgumentException if the file already exists
     * @throws IllegalStateException if a checkpoint beside the file belongs to a different backup
     * @throws java.io.UncheckedIOException if the file cannot be written
     * @throws com.azure.data.tables.models.TableServiceException if the table cannot be read
     */
    public BackupManifest backupTo(Path file) {
        return backupTo(file, null, Context.NONE);
    }

    /**
     * Backs up to a local file, or resumes an interrupted backup to it, all within {@code timeout}: each page's
     * query gets the time left, and no page is read after it.
     *
     * @param file the backup file to create; it must not exist yet
     * @param timeout the bound on the whole backup, or null for none
     * @param context passed to every call to the table
     * @return the manifest of the finished backup
     * @throws NullPointerException if {@code file} or {@code context} is null
     * @throws IllegalArgumentException if the file already exists, or the timeout is not positive
     * @throws IllegalStateException if a checkpoint beside the file belongs to a different backup; or, with a
     *     {@link java.util.concurrent.TimeoutException} as cause, if the timeout elapsed (the backup resumes from
     *     its checkpoint when run again)
     * @throws java.io.UncheckedIOException if the file cannot be written
     * @throws com.azure.data.tables.models.TableServiceException if the table cannot be read
     */
    public BackupManifest backupTo(Path file, @Nullable Duration timeout, Context context) {
        Checks.notNull(file, "file");
        return run(BackupSink.of(file), timeout, context);
    }

    /**
     * Backs up to a block blob (committed only when complete), or resumes an interrupted backup to it. The
     * checkpoint is the blob {@code name.checkpoint} in the same container.
     *
     * @param blob the blob to create; it must not exist yet
     * @return the manifest of the finished backup
     * @throws NullPointerException if {@code blob} is null
     * @throws IllegalArgumentException if the blob already exists
     * @throws IllegalStateException if the checkpoint belongs to a different backup, or the backup would need
     *     more than 50,000 blocks of 32 MiB (about 1,600 GiB of backup; back up to a file, or in parts with
     *     filters)
     * @throws com.azure.storage.blob.models.BlobStorageException if the blob cannot be written
     * @throws com.azure.data.tables.models.TableServiceException if the table cannot be read
     */
    public BackupManifest backupTo(BlobClient blob) {
        return backupTo(blob, null, Context.NONE);
    }

    /**
     * Backs up to a block blob, or resumes an interrupted backup to it, all within {@code timeout}: each page's
     * query and each call to the blob gets the time left, and no page is read after it.
     *
     * @param blob the blob to create; it must not exist yet
     * @param timeout the bound on the whole backup, or null for none
     * @param context passed to every call to the table and the blob
     * @return the manifest of the finished backup
     * @throws NullPointerException if {@code blob} or {@code context} is null
     * @throws IllegalArgumentException if the blob already exists, or the timeout is not positive
     * @throws IllegalStateException if the checkpoint belongs to a different backup, or the backup would need
     *     more than 50,000 blocks of 32 MiB; or, with a {@link java.util.concurrent.TimeoutException} as cause, if
     *     the timeout elapsed (the backup resumes from its checkpoint when run again)
     * @throws com.azure.storage.blob.models.BlobStorageException if the blob cannot be written
     * @throws com.azure.data.tables.models.TableServiceException if the table cannot be read
     */
    public BackupManifest backupTo(BlobClient blob, @Nullable Duration timeout, Context context) {
        Checks.notNull(blob, "blob");
        return run(BackupSink.of(blob, blobBlockBytes, maxBlobBlocks), timeout, context);
    }

    /**
     * Reads the manifest at the end of a backup file without reading its data (a quick look; use
     * {@link TableRestore} or {@link BackupComparison} to check the data).
     *
     * @param file the backup file
     * @return its manifest
     * @throws NullPointerException if {@code file} is null
     * @throws IllegalArgumentException if the file does not exist
     * @throws CorruptBackupException if the manifest or trailer is damaged
     */
    public static BackupManifest readManifest(Path file) {
        return BackupReader.readManifest(BackupSource.of(file));
    }

    /**
     * Reads the manifest at the end of a backup blob with two ranged reads, without reading its data.
     *
     * @param blob the backup blob
     * @return its manifest
     * @throws NullPointerException if {@code blob} is null
     * @throws IllegalArgumentException if the blob does not exist
     * @throws CorruptBackupException if the manifest or trailer is damaged
     */
    public static BackupManifest readManifest(BlobClient blob) {
        return readManifest(blob, null, Context.NONE);
    }

    /**
     * Reads the manifest at the end of a backup blob with two ranged reads (and one read of its properties), each
     * given the time left of {@code timeout}.
     *
     * @param blob the backup blob
     * @param timeout the bound on the whole call, or null for none
     * @param context passed to every call to the blob
     * @return its manifest
     * @throws NullPointerException if {@code blob} or {@code context} is null
     * @throws IllegalArgumentException if the blob does not exist, or the timeout is not positive
     * @throws IllegalStateException with a {@link java.util.concurrent.TimeoutException} as cause, if the timeout
     *     elapsed
     * @throws CorruptBackupException if the manifest or trailer is damaged
     */
    public static BackupManifest readManifest(BlobClient blob, @Nullable Duration timeout, Context context) {
        Checks.notNull(blob, "blob");
        Checks.notNull(context, "context");
        return BackupReader.readManifest(BackupSource.of(blob, Deadline.after(timeout, Ticker.systemTicker()),
                context));
    }

    /**
     * Reads a whole backup file and checks every checksum, count and the manifest, without touching a table.
     *
     * @param file the backup file
     * @return its manifest, once everything matched
     * @throws NullPointerException if {@code file} is null
     * @throws IllegalArgumentException if the file does not exist
     * @throws CorruptBackupException if anything is damaged; the message gives the byte offset
     */
    public static BackupManifest check(Path file) {
        return BackupReader.read(BackupSource.of(file), null);
    }

    /**
     * Reads a whole backup blob and checks every checksum, count and the manifest, without touching a table.
     *
     * @param blob the backup blob
     * @return its manifest, once everything matched
     * @throws NullPointerException if {@code blob} is null
     * @throws IllegalArgumentException if the blob does not exist
     * @throws CorruptBackupException if anything is damaged; the message gives the byte offset
     */
    public static BackupManifest check(BlobClient blob) {
        return check(blob, null, Context.NONE);
    }

    /**
     * Reads a whole backup blob and checks every checksum, count and the manifest, within {@code timeout}: the read
     * stops with a timeout once it has passed.
     *
     * @param blob the backup blob
     * @param timeout the bound on the whole check, or null for none
     * @param context passed to every call to the blob
     * @return its manifest, once everything matched
     * @throws NullPointerException if {@code blob} or {@code context} is null
     * @throws IllegalArgumentException if the blob does not exist, or the timeout is not positive
     * @throws IllegalStateException with a {@link java.util.concurrent.TimeoutException} as cause, if the timeout
     *     elapsed
     * @throws CorruptBackupException if anything is damaged; the message gives the byte offset
     */
    public static BackupManifest check(BlobClient blob, @Nullable Duration timeout, Context context) {
        Checks.notNull(blob, "blob");
        Checks.notNull(context, "context");
        return BackupReader.read(BackupSource.of(blob, Deadline.after(timeout, Ticker.systemTicker()), context), null);
    }

    private BackupManifest run(BackupSink sink, @Nullable Duration timeout, Context context) {
        Checks.notNull(context, "context");
        Deadline deadline = Deadline.after(timeout, ticker);
        sink.bind(deadline, context);
        String filterText = filter == null ? null : filter.toString();
        String name = table.getTableName();
        String saved = sink.readCheckpoint();
        BackupCheckpoint state;
        if (saved != null) {
            state = BackupCheckpoint.fromJson(saved, sink.name() + ".checkpoint");
            if (!state.sameBackupAs(name, filterText, splits)) {
                throw new IllegalStateException("the checkpoint beside " + sink.name() + " belongs to a backup of table '"
                        + state.table + "' with filter " + state.filter + " and splits " + state.splits
                        + ", not this one; delete it (and " + sink.name() + ".partial) or choose another name");
            }
            LOG.info("Resuming the backup of table {} to {} after {} entities", name, sink.name(), state.entities);
            sink.open(state.blocks, state.bytes);
        } else {
            if (sink.exists()) {
                throw new IllegalArgumentException("the backup " + sink.name()
                        + " already exists; delete it or choose another name");
            }
            state = new BackupCheckpoint(name, filterText, splits, clock.instant());
            sink.open(0, 0);
            sink.append(BackupCodec.header());
            state.blocks = sink.blocks();
            state.bytes = sink.bytes();
            sink.writeCheckpoint(state.toJson());
        }
        try {
            runRanges(sink, state, deadline, context);
            BackupManifest manifest = new BackupManifest(BackupCodec.FORMAT_VERSION, name, filterText, splits,
                    state.startedAt, clock.instant(), state.entities, state.chunks, HexFormat.of().formatHex(state.chain));
            sink.append(manifestRecord(manifest, sink.bytes()));
            sink.complete();
            return manifest;
        } finally {
            sink.close();
        }
    }

    static byte[] manifestRecord(BackupManifest manifest, long offset) {
        byte[] json = manifest.toJson();
        java.security.MessageDigest digest = BackupCodec.sha256();
        digest.update(json);
        byte[] record = new byte[BackupCodec.MANIFEST_HEADER_LENGTH + json.length + BackupCodec.TRAILER_LENGTH];
        record[0] = 'M';
        BackupCodec.putInt(record, 1, json.length);
        System.arraycopy(digest.digest(), 0, record, 5, 32);
        System.arraycopy(json, 0, record, BackupCodec.MANIFEST_HEADER_LENGTH, json.length);
        int t = BackupCodec.MANIFEST_HEADER_LENGTH + json.length;
        BackupCodec.putLong(record, t, offset);
        System.arraycopy(BackupCodec.TRAILER_MAGIC, 0, record, t + 8, 8);
        return record;
    }

    /**
     * Runs the ranges; returns or throws only after every range thread has stopped, so that a range still reading
     * when another failed appends nothing after the backup threw (a resumed run would race it).
     */
    private void runRanges(BackupSink sink, BackupCheckpoint state, Deadline deadline, Context context) {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        try (TaskGroup tasks = TaskGroup.open(executor, "table-backup", Math.min(parallelism, splits.size() + 1))) {
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i <= splits.size(); i++) {
                    int range = i;
                    futures.add(tasks.submit(() -> {
                        backupRange(range, sink, state, stop, deadline, context);
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                stop(stop, tasks);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted; the backup can be resumed from its checkpoint", e);
            } catch (ExecutionException e) {
                stop(stop, tasks);
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** After a failure: no range appends anything more (a resumed run would race it). */
    private static void stop(java.util.concurrent.atomic.AtomicBoolean stop, TaskGroup tasks) {
        stop.set(true);
        tasks.cancel();
    }

    private @Nullable TableFilter rangeFilter(int range) {
        TableFilter f = filter;
        if (range > 0) {
            TableFilter lower = TableFilter.where("PartitionKey", Comparison.GREATER_THAN_OR_EQUAL, splits.get(range - 1));
            f = f == null ? lower : lower.and(f);
        }
        if (range < splits.size()) {
            TableFilter upper = TableFilter.where("PartitionKey", Comparison.LESS_THAN, splits.get(range));
            f = f == null ? upper : f.and(upper);
        }
        return f;
    }

    private void backupRange(int range, BackupSink sink, BackupCheckpoint state,
            java.util.concurrent.atomic.AtomicBoolean stop, Deadline deadline, Context context) {
        String token;
        synchronized (state) {
            if (state.done[range]) {
                return;
            }
            token = state.tokens[range];
        }
        TableScan scan = TableScan.builder().tableClient(table).filter(rangeFilter(range)).pageSize(pageSize)
                .continuationToken(token).ticker(ticker).build();
        for (TablePage page : scan.pages(deadline.remaining(), context)) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            List<BackupCodec.Chunk> chunks = new ArrayList<>();
            List<BackupEntity> current = new ArrayList<>();
            long size = 0;
            for (var entity : page.entities()) {
                BackupEntity e = BackupEntity.from(entity);
                long s = e.estimatedWireSize();
                if (!current.isEmpty() && size + s > MAX_CHUNK_WIRE_BYTES) {
                    chunks.add(BackupCodec.encodeChunk(range, current));
                    current = new ArrayList<>();
                    size = 0;
                }
                current.add(e);
                size += s;
            }
            if (!current.isEmpty()) {
                chunks.add(BackupCodec.encodeChunk(range, current));
            }
            synchronized (state) {
                if (stop.get()) {
                    return; // another range failed: the backup has stopped, nothing more is written
                }
                for (BackupCodec.Chunk c : chunks) {
                    sink.append(c.record());
                    state.chain = BackupCodec.chain(state.chain, c.headerAndDigest());
                    state.chunks++;
                    state.entities += c.entityCount();
                }
                state.tokens[range] = page.continuationToken();
                state.done[range] = page.isLast();
                state.blocks = sink.blocks();
                state.bytes = sink.bytes();
                sink.writeCheckpoint(state.toJson());
                if (progress != null) {
                    try {
                        progress.accept(new BackupProgress(state.table, state.entities, state.bytes));
                    } catch (RuntimeException e) {
                        LOG.warn("a TableBackup progress listener threw; the backup goes on", e);
                    }
                }
            }
        }
    }

    /**
     * Builds a {@link TableBackup}. Mutable and not thread-safe.
     */
    public static final class Builder {
        private @Nullable TableClient table;
        private @Nullable TableFilter filter;
        private List<String> splits = List.of();
        private int parallelism = 4;
        private int pageSize = TableScan.MAX_PAGE_SIZE;
        private Clock clock = Clock.systemUTC();
        private @Nullable Consumer<BackupProgress> progress;
        private @Nullable Executor executor;
        private Ticker ticker = Ticker.systemTicker();
        private int blobBlockBytes = BackupSink.BlobSink.DEFAULT_BLOCK_BYTES;
        private int maxBlobBlocks = BackupSink.BlobSink.MAX_BLOCKS;

        private Builder() {
        }

        /**
         * For tests: the block budget of a backup to a blob (bytes per staged block, 32 MiB by default) and the
         * most blocks it may have (50,000 by default, the service's limit), lowered so that packing and the limit
         * show on a small table.
         *
         * @param blockBytes at least 1
         * @param maxBlocks 2 to 50,000
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        Builder blobBlocks(int blockBytes, int maxBlocks) {
            if (blockBytes < 1 || maxBlocks < 2 || maxBlocks > BackupSink.BlobSink.MAX_BLOCKS) {
                throw new IllegalArgumentException("'blockBytes' must be at least 1 and 'maxBlocks' 2 to 50,000, were "
                        + blockBytes + " and " + maxBlocks);
            }
            this.blobBlockBytes = blockBytes;
            this.maxBlobBlocks = maxBlocks;
            return this;
        }

        /**
         * The table to back up.
         *
         * @param tableClient the SDK client of the table
         * @return this builder
         * @throws NullPointerException if {@code tableClient} is null
         */
        public Builder tableClient(TableClient tableClient) {
            this.table = Objects.requireNonNull(tableClient, "tableClient");
            return this;
        }

        /**
         * Backs up only the entities this filter selects.
         *
         * @param filter the filter, or null for the whole table
         * @return this builder
         */
        public Builder filter(@Nullable TableFilter filter) {
            this.filter = filter;
            return this;
        }

        /**
         * Cuts the key space at these partition keys into ranges read in parallel: {@code [a, b]} gives the
         * ranges {@code < a}, {@code >= a and < b}, {@code >= b}. Pick keys that split the table into parts of
         * similar size.
         *
         * @param partitionKeySplits strictly increasing partition keys (ordinal {@code String} order), at most 255
         * @return this builder
         * @throws NullPointerException if the list or a key is null
         * @throws IllegalArgumentException if the keys are not strictly increasing or there are more than 255
         */
        public Builder partitionKeySplits(List<String> partitionKeySplits) {
            List<String> copy = List.copyOf(partitionKeySplits);
            if (copy.size() > 255) {
                throw new IllegalArgumentException("'partitionKeySplits' must hold at most 255 keys, was " + copy.size());
            }
            for (int i = 1; i < copy.size(); i++) {
                if (copy.get(i - 1).compareTo(copy.get(i)) >= 0) {
                    throw new IllegalArgumentException("'partitionKeySplits' must be strictly increasing, but '"
                            + copy.get(i - 1) + "' comes before '" + copy.get(i) + "'; sort them and drop duplicates");
                }
            }
            this.splits = copy;
            return this;
        }

        /**
         * How many ranges are read at once.
         *
         * @param parallelism 1 to 64; default 4
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1 || parallelism > 64) {
                throw new IllegalArgumentException("'parallelism' must be between 1 and 64, was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * Entities per query page, which is also the unit of a checkpoint.
         *
         * @param pageSize 1 to 1,000; default 1,000 (use fewer for tables of very large entities, to bound memory)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > TableScan.MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("'pageSize' must be between 1 and 1000, was " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /**
         * The clock that stamps the manifest's times.
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Receives a {@link BackupProgress} after each page is appended (to a file: synced, its checkpoint saved; to
         * a blob: buffered, and saved with its block), from the backup's threads, one call at a time. It must not
         * block; an exception it throws is logged at WARN and the backup goes on. A later call replaces the
         * listener.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onProgress(Consumer<BackupProgress> listener) {
            this.progress = Checks.notNull(listener, "listener");
            return this;
        }

        /**
         * Where the partition-key ranges are read in parallel. An executor given here is never shut down; without
         * one, each backup makes daemon threads {@code azkit-table-backup-n} and stops them before it returns. At
         * most {@link #parallelism(int)} ranges run at once either way.
         *
         * @param executor the executor
         * @return this builder
         * @throws NullPointerException if {@code executor} is null
         */
        public Builder executor(Executor executor) {
            this.executor = Checks.notNull(executor, "executor");
            return this;
        }

        /**
         * The monotonic time source that measures the timeouts of {@code backupTo}.
         *
         * @param ticker the ticker; {@link Ticker#systemTicker()} by default
         * @return this builder
         * @throws NullPointerException if {@code ticker} is null
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.notNull(ticker, "ticker");
            return this;
        }

        /**
         * Builds the backup.
         *
         * @return the immutable backup
         * @throws IllegalStateException if no table client was set
         */
        public TableBackup build() {
            return new TableBackup(this);
        }
    }
}
