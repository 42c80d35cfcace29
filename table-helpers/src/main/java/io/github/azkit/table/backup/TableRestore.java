package io.github.azkit.table.backup;

import com.azure.core.exception.HttpResponseException;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.storage.blob.BlobClient;
import io.github.azkit.table.BatchFailure;
import io.github.azkit.table.BatchWriteResult;
import io.github.azkit.table.TableBatchWriter;
import com.azure.core.util.Context;
import io.github.azkit.storage.Ticker;
import io.github.azkit.table.internal.Checks;
import io.github.azkit.table.internal.Deadline;
import java.io.IOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a backup written by {@link TableBackup} into a table, new or existing, in a {@link RestoreMode}.
 *
 * <p>The whole backup is read and checked first (every chunk's SHA-256, every chunk decoded and every value
 * checked, every entity count, the manifest and its checksum chain): a damaged or truncated backup throws
 * {@link CorruptBackupException}, naming the byte offset, before anything is written. This pass builds no
 * entities, so it costs a fraction of the writing. Then the backup is read again, each chunk's SHA-256 checked
 * again (so a file changed in between is refused at the changed chunk), and the chunks are decoded and written on
 * the restore's threads in transactions of one partition each, at most 100 entities and 4 MiB, several chunks at
 * once; at most twice the parallelism of chunks are held in memory. Doubles are written with an explicit
 * {@code Edm.Double} annotation, so 2.0, NaN and the infinities come back as {@code Edm.Double}.
 *
 * <p>With a {@linkplain Builder#checkpointFile(Path) checkpoint file}, the restore saves after each chunk
 * (up to 1,000 entities) which chunks are done; run it again after a crash, even {@code kill -9}, and it goes
 * on with the chunks not yet done. Every write is an upsert (or, in {@link RestoreMode#SKIP_EXISTING}, an
 * insert whose conflicts are ignored), so a chunk written twice gives the same table.
 *
 * <pre>{@code
 * RestoreResult result = TableRestore.builder().tableClient(target).build().restoreFrom(Path.of("videos.azbak"));
 * }</pre>
 *
 * <p><b>Lost responses and throttling.</b> In {@link RestoreMode#FAIL_IF_EXISTS}, {@link RestoreMode#REPLACE}
 * and {@link RestoreMode#MERGE} every write is an upsert: a transaction applied whose response was lost is
 * re-sent by the SDK and applies again with the same result, so the table ends equal to the backup and each
 * entity is counted once in {@link RestoreResult#entitiesWritten()}. In {@link RestoreMode#SKIP_EXISTING} the
 * writes are inserts, written through {@link io.github.azkit.table.TableBatchWriter}: an insert refused with 409
 * is checked by reading the transaction's entities back, so an entity this restore inserted (its response lost,
 * the SDK's retry refused) is counted as written, not skipped; one that exists with other values is skipped.
 * On a table client without an {@link io.github.azkit.storage.AttemptTracker}, one case cannot be told: an entity
 * that already existed with exactly the backup's values is counted as written; with a tracker (the
 * {@code azkit-tables} command line has one) a 409 to a first attempt is the service's verdict and counts as
 * skipped. A transport error, timeout, 5xx or 429 that outlasts the SDK's retries sends the batch again (at most
 * 3 times in all, which is safe: an upsert applies with the same result, an insert is read back); if it still
 * fails, the restore fails, and running it again with the same checkpoint file goes on from there.
 *
 * <p>Cost: one write transaction per batch, plus one query to check an existing table in
 * {@link RestoreMode#FAIL_IF_EXISTS}; in {@link RestoreMode#SKIP_EXISTING}, a batch that meets existing entities
 * costs one more transaction and one query for each transaction refused. Storage errors propagate as the SDK's own exceptions
 * ({@code TableServiceException}, {@code TableTransactionFailedException}).
 *
 * <p>Immutable and thread-safe. Each {@code restoreFrom} call runs one restore, its transactions in parallel on
 * the {@linkplain Builder#executor(Executor) executor} given, or else on daemon threads
 * {@code azkit-table-restore-n} that live only for that call; it returns when all its work is done.
 */
public final class TableRestore {

    private static final Logger LOG = LoggerFactory.getLogger(TableRestore.class);
    static final int MAX_BATCH_ENTITIES = 100;
    static final long MAX_BATCH_BYTES = 4L * 1024 * 1024 - 128 * 1024;
    /** How many times a batch is sent when failures outlast the SDK's retries. */
    private static final int MAX_ROUNDS = 3;

    private final TableClient table;
    private final RestoreMode mode;
    private final int parallelism;
    private final @Nullable Path checkpointFile;
    private final @Nullable Consumer<RestoreProgress> progress;
    private final @Nullable Executor executor;
    private final Ticker ticker;

    private TableRestore(Builder b) {
        if (b.table == null) {
            throw new IllegalStateException("'tableClient' must be set");
        }
        this.table = b.table;
        this.executor = b.executor;
        this.ticker = b.ticker;
        this.mode = b.mode;
        this.parallelism = b.parallelism;
        this.checkpointFile = b.checkpointFile;
        this.progress = b.progress;
    }

    /**
     * A new builder.
     *
     * @return a builder with mode {@link RestoreMode#FAIL_IF_EXISTS}, parallelism 8 and no checkpoint
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks and restores a backup file.
     *
     * @param file the backup file
     * @return what was done
     * @throws NullPointerException if {@code file} is null
     * @throws IllegalArgumentException if the file does not exist
     * @throws CorruptBackupException if the backup is damaged (nothing was written)
     * @throws IllegalStateException in {@link RestoreMode#FAIL_IF_EXISTS} if the table holds entities, or if the
     *     checkpoint file belongs to another restore
     * @throws TableServiceException if a write fails
     */
    public RestoreResult restoreFrom(Path file) {
        return restoreFrom(file, null, Context.NONE);
    }

    /**
     * Checks and restores a backup file, all within {@code timeout}: each write gets the time left, and none starts
     * after it.
     *
     * @param file the backup file
     * @param timeout the bound on the whole restore, or null for none
     * @param context passed to every call to the table
     * @return what was done
     * @throws NullPointerException if {@code file} or {@code context} is null
     * @throws IllegalArgumentException if the file does not exist, or the timeout is not positive
     * @throws CorruptBackupException if the backup is damaged (nothing was written)
     * @throws IllegalStateException in {@link RestoreMode#FAIL_IF_EXISTS} if the table holds entities, or if the
     *     checkpoint file belongs to another restore; or, with a {@link java.util.concurrent.TimeoutException} as
     *     cause, if the timeout elapsed (with a checkpoint file, the restore resumes when run again)
     * @throws TableServiceException if a write fails
     */
    public RestoreResult restoreFrom(Path file, @Nullable Duration timeout, Context context) {
        Checks.notNull(file, "file");
        return run(deadline -> BackupSource.of(file), timeout, context);
    }

    /**
     * Checks and restores a backup blob.
     *
     * @param blob the backup blob
     * @return what was done
     * @throws NullPointerException if {@code blob} is null
     * @throws IllegalArgumentException if the blob does not exist
     * @throws CorruptBackupException if the backup is damaged (nothing was written)
     * @throws IllegalStateException in {@link RestoreMode#FAIL_IF_EXISTS} if the table holds entities, or if the
     *     checkpoint file belongs to another restore
     * @throws TableServiceException if a write fails
     */
    public RestoreResult restoreFrom(BlobClient blob) {
        return restoreFrom(blob, null, Context.NONE);
    }

    /**
     * Checks and restores a backup blob, all within {@code timeout}: each write and each ranged read of the blob gets
     * the time left, the sequential reads of the blob stop once it has passed, and no write starts after it.
     *
     * @param blob the backup blob
     * @param timeout the bound on the whole restore, or null for none
     * @param context passed to every call to the table and the blob
     * @return what was done
     * @throws NullPointerException if {@code blob} or {@code context} is null
     * @throws IllegalArgumentException if the blob does not exist, or the timeout is not positive
     * @throws CorruptBackupException if the backup is damaged (nothing was written)
     * @throws IllegalStateException in {@link RestoreMode#FAIL_IF_EXISTS} if the table holds entities, or if the
     *     checkpoint file belongs to another restore; or, with a {@link java.util.concurrent.TimeoutException} as
     *     cause, if the timeout elapsed (with a checkpoint file, the restore resumes when run again)
     * @throws TableServiceException if a write fails
     */
    public RestoreResult restoreFrom(BlobClient blob, @Nullable Duration timeout, Context context) {
        Checks.notNull(blob, "blob");
        Checks.notNull(context, "context");
        return run(deadline -> BackupSource.of(blob, deadline, context), timeout, context);
    }

    private RestoreResult run(java.util.function.Function<Deadline, BackupSource> sources, @Nullable Duration timeout,
            Context context) {
        Checks.notNull(context, "context");
        Deadline deadline = Deadline.after(timeout, ticker);
        BackupSource source = sources.apply(deadline);
        BackupManifest manifest = BackupReader.read(source, null);
        deadline.check();
        String name = table.getTableName();
        RestoreCheckpoint checkpoint = null;
        boolean resumed = false;
        if (checkpointFile != null && Files.exists(checkpointFile)) {
            checkpoint = RestoreCheckpoint.load(checkpointFile);
            if (!checkpoint.table.equals(name) || !checkpoint.chain.equals(manifest.chunkChainSha256())
                    || checkpoint.mode != mode) {
                throw new IllegalStateException("the restore checkpoint " + checkpointFile + " belongs to a restore of "
                        + "another backup, table or mode (table '" + checkpoint.table + "', mode " + checkpoint.mode
                        + "); delete it or choose another checkpoint file");
            }
            resumed = true;
            LOG.info("Resuming the restore of {} into table {}", source.name(), name);
        } else {
            List<TableEntity> existing = firstEntityCreatingTable(deadline, context);
            if (mode == RestoreMode.FAIL_IF_EXISTS) {
                if (!existing.isEmpty()) {
                    throw new IllegalStateException("the table '" + name + "' already holds entities (for example "
                            + BackupEntity.describeKey(existing.get(0).getPartitionKey(), existing.get(0).getRowKey())
                            + "); restore into a new table, or choose RestoreMode SKIP_EXISTING, MERGE or REPLACE");
                }
            }
            if (checkpointFile != null) {
                checkpoint = new RestoreCheckpoint(checkpointFile, name, manifest.chunkChainSha256(), mode);
                checkpoint.save();
            }
        }
        AtomicLong written = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        AtomicLong transactions = new AtomicLong();
        RestoreCheckpoint done = checkpoint;
        try (RestoreTasks tasks = new RestoreTasks(parallelism, executor)) {
            // The first pass checked every chunk in full; this one checks each chunk's digest again (the same
            // bytes, so they decode) and leaves decoding to the writing threads, each transaction a task of its own.
            BackupReader.readBodies(source, (index, offset, range, count, body) -> {
                if (done != null && done.isDone(index)) {
                    return;
                }
                tasks.admit(chunk -> {
                    List<BackupEntity> entities;
                    try {
                        entities = BackupCodec.decodeChunk(body, count);
                    } catch (IOException e) {
                        throw BackupReader.undecodable(source, offset, index, e);
                    }
                    for (List<BackupEntity> batch : batches(entities)) {
                        chunk.fork(() -> writeBatch(batch, written, skipped, transactions, deadline, context));
                    }
                }, () -> {
                    if (done != null) {
                        done.markDone(index);
                    }
                    if (progress != null) {
                        synchronized (progress) {
                            try {
                                progress.accept(new RestoreProgress(written.get(), skipped.get(),
                                        manifest.entityCount()));
                            } catch (RuntimeException e) {
                                LOG.warn("a TableRestore progress listener threw; the restore goes on", e);
                            }
                        }
                    }
                });
            });
            tasks.awaitAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted; the restore can be resumed from its checkpoint", e);
        }
        if (checkpoint != null) {
            checkpoint.delete();
        }
        return new RestoreResult(manifest, written.get(), skipped.get(), transactions.get(), resumed);
    }

    /**
     * The keys of one entity of the table, or none; creates the table if it does not exist. A query comes first and a
     * create only after its 404, because the SDK logs every refused {@code TableClient} request at ERROR and a restore
     * into a table that exists is normal: a create first would log its 409 there. A failed query is not logged.
     */
    private List<TableEntity> firstEntityCreatingTable(Deadline deadline, Context context) {
        try {
            return table.listEntities(new ListEntitiesOptions().setTop(1).setSelect(List.of("RowKey")),
                    deadline.remaining(), context).iterableByPage().iterator().next().getValue();
        } catch (HttpResponseException e) {
            // the paged query throws the SDK's implementation type here, not TableServiceException
            if (e.getResponse() == null || e.getResponse().getStatusCode() != 404) {
                throw e;
            }
        }
        try {
            table.createTableWithResponse(deadline.remaining(), context);
        } catch (TableServiceException e) {
            if (e.getResponse() == null || e.getResponse().getStatusCode() != 409) {
                throw e; // 409: created by another restore meanwhile
            }
        }
        return List.of();
    }

    /** The chunk's entities in transactions: one partition each, at most 100 entities and about 4 MiB. */
    static List<List<BackupEntity>> batches(List<BackupEntity> entities) {
        List<List<BackupEntity>> batches = new ArrayList<>();
        List<BackupEntity> batch = new ArrayList<>();
        long bytes = 0;
        for (BackupEntity e : entities) {
            long size = e.estimatedWireSize();
            if (!batch.isEmpty() && (!batch.get(0).partitionKey().equals(e.partitionKey())
                    || batch.size() == MAX_BATCH_ENTITIES || bytes + size > MAX_BATCH_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(e);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private void writeBatch(List<BackupEntity> batch, AtomicLong written, AtomicLong skipped,
            AtomicLong transactions, Deadline deadline, Context context) {
        TableTransactionActionType type = switch (mode) {
            case FAIL_IF_EXISTS, REPLACE -> TableTransactionActionType.UPSERT_REPLACE;
            case MERGE -> TableTransactionActionType.UPSERT_MERGE;
            case SKIP_EXISTING -> TableTransactionActionType.CREATE;
        };
        List<TableTransactionAction> actions = new ArrayList<>(batch.size());
        for (BackupEntity e : batch) {
            actions.add(new TableTransactionAction(type, e.toTableEntity()));
        }
        if (mode == RestoreMode.SKIP_EXISTING) {
            insertMissing(actions, written, skipped, transactions, deadline, context);
            return;
        }
        // Upserts: sending a batch again is harmless, so a failure that outlasted the SDK's retries is retried.
        for (int attempt = 1; ; attempt++) {
            Duration left = deadline.remaining();
            transactions.incrementAndGet();
            try {
                table.submitTransactionWithResponse(actions, left, context);
                written.addAndGet(batch.size());
                return;
            } catch (RuntimeException e) {
                if (attempt >= MAX_ROUNDS || !isTransient(e)) {
                    throw e;
                }
                LOG.debug("a restore transaction failed after the SDK's retries ({}); sending it again", e.toString());
            }
        }
    }

    /**
     * Inserts, leaving existing entities alone: the writer reads a refused transaction back, so an insert whose
     * response was lost counts as written and only an entity stored with other values counts as skipped. Actions
     * that failed transiently, or whose outcome the writer could not tell, are sent again (an insert applied
     * already is then refused, read back and counted as written).
     */
    private void insertMissing(List<TableTransactionAction> actions, AtomicLong written, AtomicLong skipped,
            AtomicLong transactions, Deadline deadline, Context context) {
        TableBatchWriter writer = TableBatchWriter.builder().tableClient(table).parallelism(1).build();
        List<TableTransactionAction> pending = actions;
        for (int round = 1; !pending.isEmpty(); round++) {
            BatchWriteResult result = writer.write(pending, deadline.remaining(), context);
            transactions.addAndGet(result.transactions() + result.verificationReads());
            written.addAndGet(result.applied());
            List<TableTransactionAction> again = new ArrayList<>();
            for (BatchFailure f : result.failures()) {
                if (!f.isOutcomeUnknown() && isConflict(f.error())) {
                    skipped.incrementAndGet();
                } else if (round < MAX_ROUNDS && (f.isOutcomeUnknown() || isTransient(f.error()))) {
                    again.add(f.action());
                } else {
                    throw f.error();
                }
            }
            pending = again;
        }
    }

    /** A failure that may pass: a transport error, timeout, 5xx, 408 or 429 (not a wrapped {@link Error}). */
    private static boolean isTransient(RuntimeException e) {
        if (Deadline.isExpiry(e)) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Error) {
                return false;
            }
        }
        if (e instanceof TableServiceException t) {
            int status = t.getResponse() == null ? 0 : t.getResponse().getStatusCode();
            return status >= 500 || status == 408 || status == 429;
        }
        return true;
    }

    private static boolean isConflict(RuntimeException e) {
        if (!(e instanceof TableServiceException t)) {
            return false;
        }
        if (t.getResponse() != null && t.getResponse().getStatusCode() == 409) {
            return true;
        }
        return (t.getValue() != null && t.getValue().getErrorCode() != null
                && "EntityAlreadyExists".equals(t.getValue().getErrorCode().toString()))
                || String.valueOf(t.getMessage()).contains("EntityAlreadyExists");
    }

    /**
     * Builds a {@link TableRestore}. Mutable and not thread-safe.
     */
    public static final class Builder {
        private @Nullable TableClient table;
        private RestoreMode mode = RestoreMode.FAIL_IF_EXISTS;
        private int parallelism = 8;
        private @Nullable Path checkpointFile;
        private @Nullable Consumer<RestoreProgress> progress;
        private @Nullable Executor executor;
        private Ticker ticker = Ticker.systemTicker();

        private Builder() {
        }

        /**
         * Where the transactions are written in parallel. An executor given here is never shut down; without one,
         * each restore makes daemon threads {@code azkit-table-restore-n} and stops them before it returns. At most
         * {@link #parallelism(int)} transactions run at once either way.
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
         * The monotonic time source that measures the timeouts of {@code restoreFrom}.
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
         * The table to restore into; it is created if it does not exist.
         *
         * @param tableClient the SDK client of the target table
         * @return this builder
         * @throws NullPointerException if {@code tableClient} is null
         */
        public Builder tableClient(TableClient tableClient) {
            this.table = Objects.requireNonNull(tableClient, "tableClient");
            return this;
        }

        /**
         * What to do about entities already in the table.
         *
         * @param mode the mode; default {@link RestoreMode#FAIL_IF_EXISTS}
         * @return this builder
         * @throws NullPointerException if {@code mode} is null
         */
        public Builder mode(RestoreMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * How many chunks are written at once.
         *
         * @param parallelism 1 to 64; default 8
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
         * A local file that records which chunks are done, so that a crashed restore can be resumed by running
         * it again with the same file; it is deleted when the restore completes.
         *
         * @param checkpointFile the file, or null for a restore that starts over when run again
         * @return this builder
         */
        public Builder checkpointFile(@Nullable Path checkpointFile) {
            this.checkpointFile = checkpointFile == null ? null : checkpointFile.toAbsolutePath();
            return this;
        }

        /**
         * Receives a {@link RestoreProgress} after each chunk (up to 1,000 entities) is written, from the restore's
         * threads, one call at a time. It must not block; an exception it throws is logged at WARN and the restore
         * goes on. A later call replaces the listener.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onProgress(Consumer<RestoreProgress> listener) {
            this.progress = Checks.notNull(listener, "listener");
            return this;
        }

        /**
         * Builds the restore.
         *
         * @return the immutable restore
         * @throws IllegalStateException if no table client was set
         */
        public TableRestore build() {
            return new TableRestore(this);
        }
    }
}
