package io.github.azkit.table;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionFailedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Writes many entity actions as few transactions as the service allows: actions are grouped by PartitionKey (a
 * transaction never mixes partitions, although Azurite would accept that), split into transactions of at most
 * {@value #MAX_ACTIONS} actions and {@value #MAX_REQUEST_BYTES} bytes, and partitions are written in parallel
 * up to a bound. Within a partition, actions keep their order, and two actions on the same entity never share a
 * transaction (the service would reject it).
 *
 * <p>Nothing is dropped or duplicated: every action is applied once or reported once in
 * {@link BatchWriteResult#failures()}. When the service names the action that failed a transaction, that action
 * is reported and the rest of the transaction is sent again; when it names none, every action of that transaction
 * is reported. Keys and entity limits (252 custom properties, 64 KiB values, 1 MiB entities) are checked before
 * anything is sent.
 *
 * <pre>{@code
 * TableBatchWriter writer = TableBatchWriter.builder().tableClient(table).parallelism(4).build();
 * BatchWriteResult result = writer.write(actions);
 * result.failures().forEach(f -> log.warn("not written: {}", f.action().getEntity().getRowKey(), f.error()));
 * }</pre>
 *
 * <p>Immutable and thread-safe; each {@link #write} call uses its own threads and returns when all are done.
 */
public final class TableBatchWriter {

    /** The most actions in one transaction. */
    public static final int MAX_ACTIONS = 100;
    /** The largest transaction request the service takes (4 MiB). */
    public static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private final TableClient table;
    private final int parallelism;

    private TableBatchWriter(Builder builder) {
        this.table = Objects.requireNonNull(builder.table, "'tableClient' must be set");
        this.parallelism = builder.parallelism;
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
     * Writes the actions.
     *
     * @param actions the actions, in any order of partitions; order within a partition is kept
     * @return what was applied and what failed
     * @throws NullPointerException if the list or an action is null
     * @throws IllegalArgumentException if a key is invalid or an entity breaks a service limit (nothing is sent)
     */
    public BatchWriteResult write(List<TableTransactionAction> actions) {
        Objects.requireNonNull(actions, "actions");
        for (TableTransactionAction action : actions) {
            Objects.requireNonNull(action, "action");
            TableKeys.checkKeys(action.getEntity());
            EntitySizes.checkLimits(action.getEntity());
        }
        List<List<TableTransactionAction>> partitions = new ArrayList<>(groupByPartition(actions).values());
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger transactions = new AtomicInteger();
        List<BatchFailure> failures = new ArrayList<>();
        if (partitions.isEmpty()) {
            return new BatchWriteResult(0, 0, List.of());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, partitions.size()), r -> {
            Thread t = new Thread(r, "azkit-batch-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<BatchFailure>>> futures = new ArrayList<>();
            for (List<TableTransactionAction> partition : partitions) {
                futures.add(pool.submit(() -> {
                    List<BatchFailure> partitionFailures = new ArrayList<>();
                    for (List<TableTransactionAction> chunk : split(partition)) {
                        submit(chunk, applied, transactions, partitionFailures);
                    }
                    return partitionFailures;
                }));
            }
            for (Future<List<BatchFailure>> future : futures) {
                failures.addAll(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing batches", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new BatchWriteResult(applied.get(), transactions.get(), failures);
    }

    private void submit(List<TableTransactionAction> chunk, AtomicInteger applied, AtomicInteger transactions,
            List<BatchFailure> failures) {
        List<TableTransactionAction> remaining = new ArrayList<>(chunk);
        while (!remaining.isEmpty()) {
            transactions.incrementAndGet();
            try {
                table.submitTransaction(remaining);
                applied.addAndGet(remaining.size());
                return;
            } catch (TableTransactionFailedException e) {
                Integer index = e.getFailedTransactionActionIndex();
                if (index == null || index < 0 || index >= remaining.size() || remaining.size() == 1) {
                    remaining.forEach(a -> failures.add(new BatchFailure(a, e)));
                    return;
                }
                failures.add(new BatchFailure(remaining.remove((int) index), e));
            } catch (RuntimeException e) {
                remaining.forEach(a -> failures.add(new BatchFailure(a, e)));
                return;
            }
        }
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

        private Builder() {
        }

        /**
         * The table to write.
         *
         * @param tableClient the SDK client of the table
         * @return this builder
         * @throws NullPointerException if the client is null
         */
        public Builder tableClient(TableClient tableClient) {
            this.table = Objects.requireNonNull(tableClient, "tableClient");
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
            if (parallelism < 1 || parallelism > 64) {
                throw new IllegalArgumentException("'parallelism' must be between 1 and 64, was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * Builds the writer.
         *
         * @return the writer
         * @throws NullPointerException if no table client was set
         */
        public TableBatchWriter build() {
            return new TableBatchWriter(this);
        }
    }
}
