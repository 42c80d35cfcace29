package io.github.azkit.table;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionFailedException;
import com.azure.core.util.Context;
import io.github.azkit.storage.AttemptTracker;
import io.github.azkit.storage.Ticker;
import io.github.azkit.table.internal.Checks;
import io.github.azkit.table.internal.Deadline;
import io.github.azkit.table.internal.TaskGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes many entity actions as few transactions as the service allows: actions are grouped by PartitionKey (a
 * transaction never mixes partitions, although Azurite would accept that), split into transactions of at most
 * {@value #MAX_ACTIONS} actions and {@value #MAX_REQUEST_BYTES} bytes, and partitions are written in parallel
 * up to a bound. Within a partition, actions keep their order, and two actions on the same entity never share a
 * transaction (the service would reject it).
 *
 * <p>Nothing is dropped or duplicated: every action is counted once in {@link BatchWriteResult#applied()} or
 * reported once in {@link BatchWriteResult#failures()}. When the service names the action that failed a
 * transaction, that action is reported and the rest of the transaction is sent again; when it names none, every
 * action of that transaction is reported. Keys and entity limits (252 custom properties, 64 KiB values, 1 MiB
 * entities) are checked before anything is sent.
 *
 * <p><b>Lost responses.</b> When a transaction is applied but its response is lost (a dropped connection, a
 * timeout), the SDK sends it again. What the second attempt gets depends on the action:
 * <ul>
 *   <li>upserts ({@code UPSERT_MERGE}, {@code UPSERT_REPLACE}) and updates without an ETag apply again with the
 *       same result: harmless;
 *   <li>an insert ({@code CREATE}) gets 409 {@code EntityAlreadyExists};
 *   <li>an update or delete conditional on an ETag gets 412 {@code UpdateConditionNotSatisfied};
 *   <li>a delete gets 404 {@code ResourceNotFound}.
 * </ul>
 * So after a transaction fails with one of those on such an action, or with a transport error, timeout, 5xx,
 * 408 or 429 that outlasted the SDK's retries, the writer does not guess: it reads the transaction's entities
 * back (one query over their RowKey range in the partition) and counts each action whose effect the table shows
 * as applied: the entity is gone for a delete, holds exactly the action's properties for an insert, upsert or
 * replace, and at least them for a merge. The failing action, if the table does not show it, is reported with
 * the service's error; the other actions are sent again (after a transport failure they are reported with it).
 * Only if that read fails as well are the actions reported with {@link BatchFailure#isOutcomeUnknown()} set: the
 * one case the writer cannot tell (see {@link BatchWriteResult#outcomeUnknown()}). The check compares values, so
 * an action whose values were already stored counts as applied, and one whose entity another writer changed
 * between the lost attempt and the read counts as failed (its effect was overwritten). A delete of an entity that
 * is not stored counts as applied (the table holds its effect): whether this delete, an earlier attempt of it or
 * another writer removed the entity cannot be told, and makes no difference to the table.
 *
 * <p><b>Cost.</b> One transaction per at most 100 actions of one partition; nothing more when no transaction
 * fails. A failed transaction that may hide an applied attempt costs one query (plus a point read per action
 * only if its RowKey range holds more than 1,000 other entities), counted in
 * {@link BatchWriteResult#verificationReads()}; a failure that no earlier attempt can explain (for example a
 * merge of a missing entity) costs no read. Build the table client with an
 * {@link io.github.azkit.storage.AttemptTracker}: a 409, 412 or 404 that the service gave to the transaction's first
 * attempt is then known to be the service's verdict, costs no read, and an insert of an entity that already holds
 * the same values is reported as failed (409), not as applied.
 *
 * <pre>{@code
 * TableBatchWriter writer = TableBatchWriter.builder().tableClient(table).parallelism(4).build();
 * BatchWriteResult result = writer.write(actions);
 * result.failures().forEach(f -> log.warn("not written: {}", f.action().getEntity().getRowKey(), f.error()));
 * }</pre>
 *
 * <p>Immutable and thread-safe. A {@link #write} call of one partition runs on the calling thread; several
 * partitions run in parallel on the {@linkplain Builder#executor(Executor) executor} given, or else on daemon
 * threads {@code azkit-batch-writer-n} that live only for that call. The call returns when all its work is done.
 */
public final class TableBatchWriter {

    /** The most actions in one transaction. */
    public static final int MAX_ACTIONS = 100;
    /** The largest transaction request the service takes (4 MiB). */
    public static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private static final Logger LOGGER = LoggerFactory.getLogger(TableBatchWriter.class);

    private final TableClient table;
    private final int parallelism;
    private final @Nullable Executor executor;
    private final Ticker ticker;

    private TableBatchWriter(Builder builder) {
        if (builder.table == null) {
            throw new IllegalStateException("'tableClient' must be set");
        }
        this.table = builder.table;
        this.parallelism = builder.parallelism;
        this.executor = builder.executor;
        this.ticker = builder.ticker;
    }

    /**
     * A new builder.
     *
     * @return a builder with parallelism 4
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the actions, with no timeout and no context.
     *
     * @param actions the actions, in any order of partitions; order within a partition is kept
     * @return what was applied and what failed
     * @throws NullPointerException if the list or an action is null
     * @throws IllegalArgumentException if a key is invalid or an entity breaks a service limit (nothing is sent)
     */
    public BatchWriteResult write(List<TableTransactionAction> actions) {
        return write(actions, null, Context.NONE);
    }

    /**
     * Writes the actions, all within {@code timeout}: each transaction and read-back gets the time left, and none
     * starts after it.
     *
     * @param actions the actions, in any order of partitions; order within a partition is kept
     * @param timeout the bound on the whole call, or null for none
     * @param context passed to every SDK call
     * @return what was applied and what failed
     * @throws NullPointerException if the list, an action or the context is null
     * @throws IllegalArgumentException if a key is invalid or an entity breaks a service limit (nothing is sent),
     *     or the timeout is not positive
     * @throws IllegalStateException with a {@link java.util.concurrent.TimeoutException} as cause, if the timeout
     *     elapsed; transactions sent before may have been applied
     */
    public BatchWriteResult write(List<TableTransactionAction> actions, @Nullable Duration timeout,
            Context context) {
        Checks.notNull(actions, "actions");
        Checks.notNull(context, "context");
        Deadline deadline = Deadline.after(timeout, ticker);
        for (TableTransactionAction action : actions) {
            Objects.requireNonNull(action, "action");
            TableKeys.checkKeys(action.getEntity());
            EntitySizes.checkLimits(action.getEntity());
        }
        List<List<TableTransactionAction>> partitions = new ArrayList<>(groupByPartition(actions).values());
        Counts counts = new Counts();
        List<BatchFailure> failures = new ArrayList<>();
        if (partitions.isEmpty()) {
            return new BatchWriteResult(0, 0, List.of(), 0);
        }
        if (partitions.size() == 1) {
            for (List<TableTransactionAction> chunk : split(partitions.get(0))) {
                submit(chunk, counts, failures, deadline, context);
            }
            return counts.result(failures);
        }
        try (TaskGroup tasks = TaskGroup.open(executor, "batch-writer", Math.min(parallelism, partitions.size()))) {
            try {
                List<Future<List<BatchFailure>>> futures = new ArrayList<>();
                for (List<TableTransactionAction> partition : partitions) {
                    futures.add(tasks.submit(() -> {
                        List<BatchFailure> partitionFailures = new ArrayList<>();
                        for (List<TableTransactionAction> chunk : split(partition)) {
                            submit(chunk, counts, partitionFailures, deadline, context);
                        }
                        return partitionFailures;
                    }));
                }
                for (Future<List<BatchFailure>> future : futures) {
                    failures.addAll(future.get());
                }
            } catch (InterruptedException e) {
                tasks.cancel();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing batches", e);
            } catch (ExecutionException e) {
                tasks.cancel();
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return counts.result(failures);
    }

    /** The counters of one write call, shared by its threads. */
    private static final class Counts {
        final AtomicInteger applied = new AtomicInteger();
        final AtomicInteger transactions = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();

        BatchWriteResult result(List<BatchFailure> failures) {
            return new BatchWriteResult(applied.get(), transactions.get(), failures, reads.get());
        }
    }

    private void submit(List<TableTransactionAction> chunk, Counts counts, List<BatchFailure> failures,
            Deadline deadline, Context context) {
        List<TableTransactionAction> remaining = new ArrayList<>(chunk);
        while (!remaining.isEmpty()) {
            Duration left = deadline.remaining();
            counts.transactions.incrementAndGet();
            try {
                List<TableTransactionAction> sending = remaining;
                AttemptTracker.track(context, c -> table.submitTransactionWithResponse(sending, left, c));
                counts.applied.addAndGet(remaining.size());
                return;
            } catch (TableTransactionFailedException e) {
                Integer index = e.getFailedTransactionActionIndex();
                boolean named = index != null && index >= 0 && index < remaining.size();
                int status = StoredCheck.status(e);
                boolean echo = AttemptTracker.mayHaveBeenApplied(e) && (named
                        ? StoredCheck.mayEcho(remaining.get(index), status)
                        : remaining.stream().anyMatch(a -> StoredCheck.mayEcho(a, status)));
                if (echo) {
                    // Maybe an earlier attempt of this transaction was applied and its response lost: look.
                    remaining = verify(remaining, named ? remaining.get(index) : null, e, counts, failures, deadline,
                            context);
                } else if (!named || remaining.size() == 1) {
                    remaining.forEach(a -> failures.add(BatchFailure.failed(a, e)));
                    return;
                } else {
                    failures.add(BatchFailure.failed(remaining.remove((int) index), e));
                }
            } catch (RuntimeException e) {
                if (StoredCheck.mayHaveApplied(e)) {
                    verify(remaining, null, e, counts, failures, deadline, context);
                } else {
                    remaining.forEach(a -> failures.add(BatchFailure.failed(a, e)));
                }
                return;
            }
        }
    }

    /**
     * Reads the failed transaction's entities back: each action the table shows is counted as applied; the failing
     * one (or, when {@code failing} is null, every other one) is reported with {@code error}; the rest are returned
     * to be sent again. If the read fails, every action is reported with its outcome unknown.
     */
    private List<TableTransactionAction> verify(List<TableTransactionAction> sent,
            @Nullable TableTransactionAction failing, RuntimeException error, Counts counts,
            List<BatchFailure> failures, Deadline deadline, Context context) {
        String partitionKey = sent.get(0).getEntity().getPartitionKey();
        Map<String, TableEntity> stored;
        try {
            stored = StoredCheck.read(table, partitionKey,
                    sent.stream().map(a -> a.getEntity().getRowKey()).toList(), counts.reads, deadline, context);
        } catch (RuntimeException readFailure) {
            if (Deadline.isExpiry(readFailure)) {
                readFailure.addSuppressed(error);
                throw readFailure;
            }
            error.addSuppressed(readFailure);
            LOGGER.debug("could not read back a failed transaction of {} actions in partition {}; their outcome is "
                    + "unknown", sent.size(), partitionKey, readFailure);
            sent.forEach(a -> failures.add(new BatchFailure(a, error, true)));
            return List.of();
        }
        List<TableTransactionAction> again = new ArrayList<>();
        int applied = 0;
        for (TableTransactionAction action : sent) {
            if (StoredCheck.holds(action, stored.get(action.getEntity().getRowKey()))) {
                applied++;
            } else if (failing == null || action == failing) {
                failures.add(BatchFailure.failed(action, error));
            } else {
                again.add(action);
            }
        }
        counts.applied.addAndGet(applied);
        LOGGER.debug("a failed transaction of {} actions in partition {} ({}): {} found applied on reading back, "
                + "{} to send again", sent.size(), partitionKey, error.getMessage(), applied, again.size());
        return again;
    }

    static Map<String, List<TableTransactionAction>> groupByPartition(List<TableTransactionAction> actions) {
        Map<String, List<TableTransactionAction>> byPartition = new LinkedHashMap<>();
        for (TableTransactionAction action : actions) {
            byPartition.computeIfAbsent(action.getEntity().getPartitionKey(), k -> new ArrayList<>()).add(action);
        }
        return byPartition;
    }

    /** Splits one partition's actions, in order, into transactions within the count and size limits. */
    static List<List<TableTransactionAction>> split(List<TableTransactionAction> partition) {
        List<List<TableTransactionAction>> chunks = new ArrayList<>();
        List<TableTransactionAction> chunk = new ArrayList<>();
        Set<String> rowKeys = new HashSet<>();
        long bytes = 0;
        for (TableTransactionAction action : partition) {
            TableEntity entity = action.getEntity();
            long size = EntitySizes.requestBytes(entity);
            if (!chunk.isEmpty() && (chunk.size() == MAX_ACTIONS || bytes + size > MAX_REQUEST_BYTES - 64 * 1024
                    || rowKeys.contains(entity.getRowKey()))) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                rowKeys.clear();
                bytes = 0;
            }
            chunk.add(action);
            rowKeys.add(entity.getRowKey());
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    /**
     * Builds a {@link TableBatchWriter}. Mutable and not thread-safe.
     */
    public static final class Builder {
        private @Nullable TableClient table;
        private int parallelism = 4;
        private @Nullable Executor executor;
        private Ticker ticker = Ticker.systemTicker();

        private Builder() {
        }

        /**
         * Where partitions are written in parallel. An executor given here is never shut down; without one, each
         * {@link TableBatchWriter#write} call of several partitions makes daemon threads {@code azkit-batch-writer-n}
         * and stops them before it returns. At most {@link #parallelism(int)} partitions run at once either way.
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
         * The monotonic time source that measures the timeouts of
         * {@link TableBatchWriter#write(List, Duration, Context)}.
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
         * The table to write.
         *
         * @param tableClient the SDK client of the table
         * @return this builder
         * @throws NullPointerException if the client is null
         */
        public Builder tableClient(TableClient tableClient) {
            this.table = Checks.notNull(tableClient, "tableClient");
            return this;
        }

        /**
         * How many partitions are written at the same time.
         *
         * @param parallelism between 1 and 64
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = Checks.between(parallelism, "parallelism", 1, 64);
            return this;
        }

        /**
         * Builds the writer.
         *
         * @return the writer
         * @throws IllegalStateException if no table client was set
         */
        public TableBatchWriter build() {
            return new TableBatchWriter(this);
        }
    }
}
