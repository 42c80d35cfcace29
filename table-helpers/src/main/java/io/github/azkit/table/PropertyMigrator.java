package io.github.azkit.table;

import com.azure.core.http.HttpResponse;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renames, adds and deletes properties over a whole table or a filtered part of it, in batches per partition,
 * without ever overwriting a concurrent writer.
 *
 * <ul>
 *   <li><b>Batched</b>: changed entities of one partition go to the service as transactions of up to 100
 *       Replace actions; a page of up to 1,000 entities is one list request. Partitions of a page run in
 *       parallel up to {@link Builder#parallelism(int)}.
 *   <li><b>Safe beside live writers</b>: each Replace is conditional on the ETag the entity was read with. If
 *       another writer changed an entity in between (412), the entities of that transaction are read again (one
 *       query), migrated again from what is stored now, and sent again.
 *   <li><b>Once per entity under lost responses</b>: when a transaction is applied but its response is lost,
 *       the SDK sends it again and the service refuses it (412: the ETags changed by the first attempt). The
 *       migrator then reads the transaction's entities back with one query; an entity that holds exactly what
 *       was sent is counted as changed, once, and not written again; only entities that hold something else are
 *       migrated again. The same read follows a transport failure, timeout or 5xx that outlasts the SDK's
 *       retries (up to 3 times per transaction; then the run throws, and the last
 *       checkpoint is safe to resume from). So every entity is migrated once and counted once in
 *       {@link MigrationProgress#changed()}. The one case it cannot tell: if another writer changes an entity
 *       between the lost attempt and the read, the entity is migrated (the other writer kept the migration or
 *       wrote its own) but not counted.
 *   <li><b>Idempotent</b>: a rename moves a value only if the old property exists (if both exist, the new one
 *       wins and the old one is deleted), an add sets only a missing property, a delete removes only a present
 *       one. An entity the steps do not change is not written; running twice changes nothing the second time.
 *   <li><b>Resumable</b>: after each page the {@link MigrationProgress} listener gets a checkpoint (the scan's
 *       continuation token); {@link #run(String)} resumes from it after a crash.
 *   <li><b>Dry run</b>: {@link #dryRun()} counts the entities that would change and writes nothing.
 * </ul>
 *
 * <pre>{@code
 * PropertyMigrator migrator = PropertyMigrator.builder()
 *         .tableClient(accounts)
 *         .rename("Email", "EmailAddress")
 *         .add("Plan", "monthly")
 *         .delete("LegacyFlags")
 *         .progress(p -> checkpoints.save(p.checkpoint()))
 *         .build();
 * MigrationProgress done = migrator.run(checkpoints.load());
 * }</pre>
 *
 * <p>Immutable and thread-safe; each run uses its own threads and returns when they are done.
 */
public final class PropertyMigrator {

    private static final Logger LOGGER = LoggerFactory.getLogger(PropertyMigrator.class);
    /** How many transport failures that outlast the SDK's retries one transaction survives. */
    private static final int MAX_TRANSPORT_FAILURES = 3;

    private final TableClient table;
    private final @Nullable TableFilter filter;
    private final List<Step> steps;
    private final int pageSize;
    private final int parallelism;
    private final int maxAttempts;
    private final Consumer<MigrationProgress> progress;

    /** One idempotent change to an entity's properties; answers whether it changed anything. */
    private interface Step {
        boolean apply(Map<String, Object> properties);
    }

    private PropertyMigrator(Builder builder) {
        this.table = Objects.requireNonNull(builder.table, "'tableClient' must be set");
        if (builder.steps.isEmpty()) {
            throw new IllegalStateException("no migration steps: call rename, add or delete before build()");
        }
        this.filter = builder.filter;
        this.steps = List.copyOf(builder.steps);
        this.pageSize = builder.pageSize;
        this.parallelism = builder.parallelism;
        this.maxAttempts = builder.maxAttempts;
        this.progress = builder.progress;
    }

    /**
     * A new builder.
     *
     * @return a builder with page size 1,000, parallelism 4, and 20 attempts per transaction on conflicts
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Migrates from the beginning.
     *
     * @return the final progress (its checkpoint is {@code null})
     * @throws TableServiceException a storage error, or the last conflict when an entity kept changing for all
     *     the attempts (earlier failures suppressed); the last reported checkpoint is safe to resume from
     */
    public MigrationProgress run() {
        return run(null);
    }

    /**
     * Migrates from a checkpoint.
     *
     * @param checkpoint a checkpoint reported by an earlier run with the same table and filter, or {@code null}
     *     for the beginning
     * @return the final progress (its checkpoint is {@code null})
     * @throws TableServiceException a storage error, or the last conflict when an entity kept changing for all
     *     the attempts (earlier failures suppressed); the last reported checkpoint is safe to resume from
     */
    public MigrationProgress run(@Nullable String checkpoint) {
        return execute(checkpoint, false);
    }

    /**
     * Counts the entities that would change, without writing anything.
     *
     * @return the progress of the scan; {@code changed} is the number of entities that would change
     * @throws TableServiceException a storage error
     */
    public MigrationProgress dryRun() {
        return execute(null, true);
    }

    private MigrationProgress execute(@Nullable String checkpoint, boolean dry) {
        AtomicLong scanned = new AtomicLong();
        AtomicLong changed = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        AtomicLong transactions = new AtomicLong();
        TableScan scan = TableScan.builder().tableClient(table).filter(filter).pageSize(pageSize)
                .continuationToken(checkpoint).build();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "azkit-property-migrator");
            t.setDaemon(true);
            return t;
        });
        MigrationProgress last = new MigrationProgress(0, 0, 0, 0, checkpoint);
        try {
            // The next page is fetched while the previous page's transactions are in flight; a page's checkpoint
            // is reported only when all of its transactions are done.
            List<Future<?>> inFlight = List.of();
            TablePage previous = null;
            for (TablePage page : scan.pages()) {
                transactions.incrementAndGet();
                if (previous != null) {
                    last = finish(inFlight, previous, scanned, changed, conflicts, transactions);
                }
                scanned.addAndGet(page.entities().size());
                Map<String, List<TableEntity>> byPartition = new LinkedHashMap<>();
                for (TableEntity entity : page.entities()) {
                    TableEntity migrated = migrate(entity);
                    if (migrated != null) {
                        byPartition.computeIfAbsent(entity.getPartitionKey(), k -> new ArrayList<>()).add(migrated);
                    }
                }
                List<Future<?>> futures = new ArrayList<>();
                if (dry) {
                    byPartition.values().forEach(list -> changed.addAndGet(list.size()));
                } else {
                    for (List<TableEntity> partition : byPartition.values()) {
                        futures.add(pool.submit(() -> writePartition(partition, changed, conflicts, transactions)));
                    }
                }
                inFlight = futures;
                previous = page;
            }
            if (previous != null) {
                last = finish(inFlight, previous, scanned, changed, conflicts, transactions);
            }
        } finally {
            stop(pool);
        }
        return last;
    }

    /**
     * Stops the run's threads and waits for a transaction still in flight, so that nothing of this run is written
     * after it returned or threw (a resumed run would otherwise race it).
     */
    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                        return;
                    }
                    LOGGER.warn("a migration thread is still busy a minute after the run ended");
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private MigrationProgress finish(List<Future<?>> futures, TablePage page, AtomicLong scanned, AtomicLong changed,
            AtomicLong conflicts, AtomicLong transactions) {
        awaitAll(futures);
        MigrationProgress done = new MigrationProgress(scanned.get(), changed.get(), conflicts.get(),
                transactions.get(), page.continuationToken());
        progress.accept(done);
        return done;
    }

    private static void awaitAll(List<Future<?>> futures) {
        RuntimeException failure = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while migrating", e);
            } catch (java.util.concurrent.CancellationException e) {
                // cancelled after an earlier failure
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                    futures.forEach(f -> f.cancel(false)); // stop partitions not yet started
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Writes one partition's migrated entities. After a conflict (412), or a transport failure, timeout or 5xx
     * that outlasted the SDK's retries, the transaction's entities are read back (one query): an entity that holds
     * exactly what was sent was migrated by this transaction (an earlier attempt was applied and its response
     * lost, so the SDK's retry met the changed ETag) and is counted as changed, once; the others are migrated
     * again from what is stored and sent again.
     */
    private void writePartition(List<TableEntity> partition, AtomicLong changed, AtomicLong conflicts,
            AtomicLong transactions) {
        List<TableTransactionAction> actions = new ArrayList<>();
        for (TableEntity entity : partition) {
            actions.add(replace(entity));
        }
        for (List<TableTransactionAction> chunk : TableBatchWriter.split(actions)) {
            List<TableTransactionAction> pending = chunk;
            List<RuntimeException> earlier = new ArrayList<>();
            int transportFailures = 0;
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                transactions.incrementAndGet();
                try {
                    table.submitTransaction(pending);
                    changed.addAndGet(pending.size());
                    break;
                } catch (TableTransactionFailedException e) {
                    if (!isConflict(e) || attempt >= maxAttempts) {
                        earlier.forEach(e::addSuppressed);
                        throw e;
                    }
                    earlier.add(e);
                    LOGGER.debug("ETag conflict in a transaction of {} entities (attempt {}); reading them back",
                            pending.size(), attempt);
                } catch (RuntimeException e) {
                    if (!StoredCheck.mayHaveApplied(e) || ++transportFailures >= MAX_TRANSPORT_FAILURES
                            || attempt >= maxAttempts) {
                        earlier.forEach(e::addSuppressed);
                        throw e;
                    }
                    earlier.add(e);
                    LOGGER.debug("a transaction of {} entities failed after the SDK's retries (attempt {}: {}); "
                            + "reading them back", pending.size(), attempt, e.toString());
                }
                pending = reread(pending, changed, conflicts, transactions);
            }
        }
    }

    /**
     * Reads the entities of a failed transaction back: counts those that hold what was sent as changed, and
     * migrates again what still needs it.
     */
    private List<TableTransactionAction> reread(List<TableTransactionAction> failed, AtomicLong changed,
            AtomicLong conflicts, AtomicLong transactions) {
        AtomicInteger reads = new AtomicInteger();
        Map<String, TableEntity> stored;
        try {
            stored = StoredCheck.read(table, failed.get(0).getEntity().getPartitionKey(),
                    failed.stream().map(a -> a.getEntity().getRowKey()).toList(), reads);
        } finally {
            transactions.addAndGet(reads.get());
        }
        List<TableTransactionAction> again = new ArrayList<>();
        for (TableTransactionAction action : failed) {
            TableEntity current = stored.get(action.getEntity().getRowKey());
            if (current == null) {
                continue; // deleted meanwhile: nothing to migrate
            }
            if (StoredCheck.holds(action, current)) {
                changed.incrementAndGet(); // applied by an attempt whose response was lost
                continue;
            }
            TableEntity migrated = migrate(current);
            if (migrated != null) {
                conflicts.incrementAndGet();
                again.add(replace(migrated));
            }
        }
        return again;
    }

    /** Whether a failed transaction failed because an entity's ETag no longer matched (412). */
    static boolean isConflict(TableServiceException e) {
        if (e.getValue() != null && e.getValue().getErrorCode() != null
                && "UpdateConditionNotSatisfied".equals(e.getValue().getErrorCode().toString())) {
            return true;
        }
        HttpResponse response = e.getResponse();
        return (response != null && response.getStatusCode() == 412)
                || String.valueOf(e.getMessage()).contains("UpdateConditionNotSatisfied");
    }

    private static TableTransactionAction replace(TableEntity migrated) {
        return new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, migrated, true);
    }

    /** The migrated copy of an entity (with its ETag), or null if the steps change nothing. */
    @Nullable TableEntity migrate(TableEntity entity) {
        Map<String, Object> properties = new LinkedHashMap<>();
        entity.getProperties().forEach((name, value) -> {
            if (!EntitySizes.isSystem(name) && value != null) {
                properties.put(name, value);
            }
        });
        boolean changed = false;
        for (Step step : steps) {
            changed |= step.apply(properties);
        }
        if (!changed) {
            return null;
        }
        TableEntity next = new TableEntity(entity.getPartitionKey(), entity.getRowKey());
        properties.forEach((name, value) -> {
            next.addProperty(name, value);
            if (value instanceof Double) {
                next.addProperty(name + "@odata.type", "Edm.Double");
            }
        });
        next.getProperties().put("odata.etag", entity.getETag());
        EntitySizes.checkLimits(next);
        return next;
    }

    private static void checkValue(String name, Object value) {
        if (!(value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof OffsetDateTime || value instanceof UUID
                || value instanceof byte[])) {
            throw new IllegalArgumentException("the value for '" + name + "' is a " + value.getClass().getName()
                    + "; use String, Integer, Long, Double, Boolean, OffsetDateTime, UUID or byte[]");
        }
    }

    /**
     * Builds a {@link PropertyMigrator}. Steps run in the order they are added. Mutable and not thread-safe.
     */
    public static final class Builder {
        private @Nullable TableClient table;
        private @Nullable TableFilter filter;
        private final List<Step> steps = new ArrayList<>();
        private int pageSize = TableScan.MAX_PAGE_SIZE;
        private int parallelism = 4;
        private int maxAttempts = 20;
        private Consumer<MigrationProgress> progress = p -> { };

        private Builder() {
        }

        /**
         * The table to migrate.
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
         * Migrates only the entities matching a filter (a filter on a property the migration changes makes a
         * checkpoint meaningless: filter on keys or on properties the steps leave alone).
         *
         * @param filter the filter, or {@code null} for the whole table
         * @return this builder
         */
        public Builder filter(@Nullable TableFilter filter) {
            this.filter = filter;
            return this;
        }

        /**
         * Renames a property: its value moves to {@code to}; if {@code to} exists already, it wins and {@code from}
         * is deleted.
         *
         * @param from the old name
         * @param to the new name
         * @return this builder
         * @throws NullPointerException if a name is null
         * @throws IllegalArgumentException if a name is invalid or they are equal
         */
        public Builder rename(String from, String to) {
            TableFilter.checkPropertyName(from);
            TableFilter.checkPropertyName(to);
            if (from.equals(to)) {
                throw new IllegalArgumentException("'from' and 'to' must differ, both were \"" + from + "\"");
            }
            steps.add(properties -> {
                if (!properties.containsKey(from)) {
                    return false;
                }
                Object value = properties.remove(from);
                properties.putIfAbsent(to, value);
                return true;
            });
            return this;
        }

        /**
         * Adds a property with a fixed value to each entity that lacks it.
         *
         * @param name the property
         * @param value String, Integer, Long, Double, Boolean, OffsetDateTime, UUID or byte[]
         * @return this builder
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if the name is invalid or the value of another type
         */
        public Builder add(String name, Object value) {
            Objects.requireNonNull(value, "value");
            checkValue(name, value);
            return add(name, properties -> value);
        }

        /**
         * Adds a property, computed from the entity's other properties, to each entity that lacks it.
         *
         * @param name the property
         * @param value computes the value from the properties as the earlier steps left them (a read-only map);
         *     must return String, Integer, Long, Double, Boolean, OffsetDateTime, UUID or byte[]
         * @return this builder
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if the name is invalid
         */
        public Builder add(String name, Function<Map<String, Object>, Object> value) {
            TableFilter.checkPropertyName(name);
            Objects.requireNonNull(value, "value");
            steps.add(properties -> {
                if (properties.containsKey(name)) {
                    return false;
                }
                Object computed = Objects.requireNonNull(value.apply(Collections.unmodifiableMap(properties)),
                        "the value function for '" + name + "' returned null");
                checkValue(name, computed);
                properties.put(name, computed);
                return true;
            });
            return this;
        }

        /**
         * Deletes a property from each entity that has it.
         *
         * @param name the property
         * @return this builder
         * @throws NullPointerException if the name is null
         * @throws IllegalArgumentException if the name is invalid or a key
         */
        public Builder delete(String name) {
            TableFilter.checkPropertyName(name);
            if (EntitySizes.isSystem(name)) {
                throw new IllegalArgumentException("'" + name + "' belongs to the service and cannot be deleted");
            }
            steps.add(properties -> properties.remove(name) != null);
            return this;
        }

        /**
         * Entities per page (one list request each); a checkpoint is reported after each page.
         *
         * @param pageSize between 1 and 1,000
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
         * How many partitions of a page are written at the same time.
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
         * How many times one transaction is tried when other writers keep changing its entities.
         *
         * @param maxAttempts at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("'maxAttempts' must be at least 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Receives the progress after each page, on the thread that called run; if it throws, the run stops
         * there (the checkpoint it was given is safe to resume from).
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if the listener is null
         */
        public Builder progress(Consumer<MigrationProgress> listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the migrator.
         *
         * @return the migrator
         * @throws NullPointerException if no table client was set
         * @throws IllegalStateException if no step was added
         */
        public PropertyMigrator build() {
            return new PropertyMigrator(this);
        }
    }
}
