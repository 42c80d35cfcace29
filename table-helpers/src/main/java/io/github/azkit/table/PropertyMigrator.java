package io.github.azkit.table;

import com.azure.core.http.HttpResponse;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import com.azure.core.util.Context;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.storage.Ticker;
import io.github.azkit.table.internal.Checks;
import io.github.azkit.table.internal.Deadline;
import io.github.azkit.table.internal.TaskGroup;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
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
 *   <li><b>Resumable</b>: after each page the {@linkplain Builder#onProgress(Consumer) progress listener} gets a
 *       {@link MigrationProgress} with a checkpoint (the scan's continuation token); {@link #run(String)} resumes
 *       from it after a crash.
 *   <li><b>Dry run</b>: {@link #dryRun()} counts the entities that would change and writes nothing.
 * </ul>
 *
 * <pre>{@code
 * PropertyMigrator migrator = PropertyMigrator.builder()
 *         .tableClient(accounts)
 *         .rename("Email", "EmailAddress")
 *         .add("Plan", "monthly")
 *         .delete("LegacyFlags")
 *         .onProgress(p -> checkpoints.save(p.checkpoint()))
 *         .build();
 * MigrationProgress done = migrator.run(checkpoints.load());
 * }</pre>
 *
 * <p>Immutable and thread-safe. A run's partitions are written on the {@linkplain Builder#executor(Executor)
 * executor} given, or else on daemon threads {@code azkit-property-migrator-n} that live only for that run; a run
 * returns when all its work is done.
 */
public final class PropertyMigrator {

    private static final Logger LOGGER = LoggerFactory.getLogger(PropertyMigrator.class);
    /** How many transport failures that outlast the SDK's retries one transaction survives. */
    private static final int MAX_TRANSPORT_FAILURES = 3;

    /**
     * The retry policy of a migrator built without {@link Builder#retryPolicy(RetryPolicy)}: 20 attempts per
     * transaction when other writers keep changing its entities, 20 ms doubling to 1 s between them with full
     * jitter, and a 2-minute deadline.
     */
    public static final RetryPolicy DEFAULT_RETRY_POLICY = RetryPolicy.builder().maxAttempts(20)
            .initialDelay(Duration.ofMillis(20)).maxDelay(Duration.ofSeconds(1)).jitter(1.0)
            .deadline(Duration.ofMinutes(2)).build();

    private final TableClient table;
    private final @Nullable TableFilter filter;
    private final List<Step> steps;
    private final int pageSize;
    private final int parallelism;
    private final RetryPolicy retryPolicy;
    private final Consumer<MigrationProgress> progress;
    private final @Nullable Executor executor;
    private final Ticker ticker;

    /** One idempotent change to an entity's properties; answers whether it changed anything. */
    private interface Step {
        boolean apply(Map<String, Object> properties);
    }

    private PropertyMigrator(Builder builder) {
        if (builder.table == null) {
            throw new IllegalStateException("'tableClient' must be set");
        }
        this.table = builder.table;
        if (builder.steps.isEmpty()) {
            throw new IllegalStateException("no migration steps: call rename, add or delete before build()");
        }
        this.filter = builder.filter;
        this.steps = List.copyOf(builder.steps);
        this.pageSize = builder.pageSize;
        this.parallelism = builder.parallelism;
        this.retryPolicy = builder.retryPolicy;
        this.progress = builder.progress;
        this.executor = builder.executor;
        this.ticker = builder.ticker;
    }

    /**
     * A new builder.
     *
     * @return a builder with page size 1,000, parallelism 4 and {@link #DEFAULT_RETRY_POLICY}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Migrates from the beginning, with no timeout and no context.
     *
     * @return the final progress (its checkpoint is {@code null})
     * @throws TableServiceException a storage error, or the last conflict when an entity kept changing for all
     *     the attempts (earlier failures suppressed); the last reported checkpoint is safe to resume from
     */
    public MigrationProgress run() {
        return run(null, null, Context.NONE);
    }

    /**
     * Migrates from a checkpoint, with no timeout and no context.
     *
     * @param checkpoint a checkpoint reported by an earlier run with the same table and filter, or {@code null}
     *     for the beginning
     * @return the final progress (its checkpoint is {@code null})
     * @throws TableServiceException a storage error, or the last conflict when an entity kept changing for all
     *     the attempts (earlier failures suppressed); the last reported checkpoint is safe to resume from
     */
    public MigrationProgress run(@Nullable String checkpoint) {
        return run(checkpoint, null, Context.NONE);
    }

    /**
     * Migrates from a checkpoint, all within {@code timeout}.
     *
     * @param checkpoint a checkpoint reported by an earlier run with the same table and filter, or {@code null}
     *     for the beginning
     * @param timeout the bound on the whole run, retries included, or null for none
     * @param context passed to every SDK call
     * @return the final progress (its checkpoint is {@code null})
     * @throws TableServiceException a storage error, or the last conflict when an entity kept changing for all
     *     the attempts (earlier failures suppressed); the last reported checkpoint is safe to resume from
     * @throws IllegalStateException with a {@link java.util.concurrent.TimeoutException} as cause, if the timeout
     *     elapsed; the last reported checkpoint is safe to resume from
     * @throws IllegalArgumentException if the timeout is not positive
     * @throws NullPointerException if {@code context} is null
     */
    public MigrationProgress run(@Nullable String checkpoint, @Nullable Duration timeout, Context context) {
        return execute(checkpoint, false, timeout, context);
    }

    /**
     * Counts the entities that would change, without writing anything, with no timeout and no context.
     *
     * @return the progress of the scan; {@code changed} is the number of entities that would change
     * @throws TableServiceException a storage error
     */
    public MigrationProgress dryRun() {
        return dryRun(null, Context.NONE);
    }

    /**
     * Counts the entities that would change, without writing anything, all within {@code timeout}.
     *
     * @param timeout the bound on the whole scan, or null for none
     * @param context passed to every SDK call
     * @return the progress of the scan; {@code changed} is the number of entities that would change
     * @throws TableServiceException a storage error
     * @throws IllegalStateException with a {@link java.util.concurrent.TimeoutException} as cause, if the timeout
     *     elapsed
     * @throws IllegalArgumentException if the timeout is not positive
     * @throws NullPointerException if {@code context} is null
     */
    public MigrationProgress dryRun(@Nullable Duration timeout, Context context) {
        return execute(null, true, timeout, context);
    }

    private MigrationProgress execute(@Nullable String checkpoint, boolean dry, @Nullable Duration timeout,
            Context context) {
        Checks.notNull(context, "context");
        Deadline deadline = Deadline.after(timeout, ticker);
        AtomicLong scanned = new AtomicLong();
        AtomicLong changed = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        AtomicLong transactions = new AtomicLong();
        TableScan scan = TableScan.builder().tableClient(table).filter(filter).pageSize(pageSize)
                .continuationToken(checkpoint).ticker(ticker).build();
        MigrationProgress last = new MigrationProgress(0, 0, 0, 0, checkpoint);
        try (TaskGroup tasks = TaskGroup.open(executor, "property-migrator", parallelism)) {
            try {
                // The next page is fetched while the previous page's transactions are in flight; a page's
                // checkpoint is reported only when all of its transactions are done.
                List<Future<?>> inFlight = List.of();
                TablePage previous = null;
                for (TablePage page : scan.pages(timeout, context)) {
                    transactions.incrementAndGet();
                    if (previous != null) {
                        last = finish(inFlight, previous, scanned, changed, conflicts, transactions);
                    }
                    scanned.addAndGet(page.entities().size());
                    Map<String, List<TableEntity>> byPartition = new LinkedHashMap<>();
                    for (TableEntity entity : page.entities()) {
                        TableEntity migrated = migrate(entity);
                        if (migrated != null) {
                            byPartition.computeIfAbsent(entity.getPartitionKey(), k -> new ArrayList<>())
                                    .add(migrated);
                        }
                    }
                    List<Future<?>> futures = new ArrayList<>();
                    if (dry) {
                        byPartition.values().forEach(list -> changed.addAndGet(list.size()));
                    } else {
                        for (List<TableEntity> partition : byPartition.values()) {
                            futures.add(tasks.submit(() -> {
                                writePartition(partition, changed, conflicts, transactions, deadline, context);
                                return null;
                            }));
                        }
                    }
                    inFlight = futures;
                    previous = page;
                }
                if (previous != null) {
                    last = finish(inFlight, previous, scanned, changed, conflicts, transactions);
                }
            } catch (RuntimeException | Error e) {
                tasks.cancel(); // nothing of this run is written after it threw (a resumed run would race it)
                throw e;
            }
        }
        return last;
    }

    private MigrationProgress finish(List<Future<?>> futures, TablePage page, AtomicLong scanned, AtomicLong changed,
            AtomicLong conflicts, AtomicLong transactions) {
        awaitAll(futures);
        MigrationProgress done = new MigrationProgress(scanned.get(), changed.get(), conflicts.get(),
                transactions.get(), page.continuationToken());
        try {
            progress.accept(done);
        } catch (RuntimeException e) {
            LOGGER.warn("a PropertyMigrator progress listener threw; the migration goes on", e);
        }
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
            AtomicLong transactions, Deadline deadline, Context context) {
        List<TableTransactionAction> actions = new ArrayList<>();
        for (TableEntity entity : partition) {
            actions.add(replace(entity));
        }
        for (List<TableTransactionAction> chunk : TableBatchWriter.split(actions)) {
            List<List<TableTransactionAction>> pending = new ArrayList<>(List.of(chunk));
            AtomicInteger attempts = new AtomicInteger();
            AtomicInteger transportFailures = new AtomicInteger();
            retryPolicy.execute(() -> {
                List<TableTransactionAction> sending = pending.get(0);
                if (attempts.getAndIncrement() > 0) {
                    sending = reread(sending, changed, conflicts, transactions, deadline, context);
                    pending.set(0, sending);
                }
                if (sending.isEmpty()) {
                    return null;
                }
                Duration left = deadline.remaining();
                transactions.incrementAndGet();
                table.submitTransactionWithResponse(sending, left, context);
                changed.addAndGet(sending.size());
                return null;
            }, e -> {
                if (Deadline.isExpiry(e)) {
                    return false;
                }
                if (e instanceof TableTransactionFailedException t) {
                    if (isConflict(t)) {
                        LOGGER.debug("ETag conflict in a transaction of {} entities (attempt {}); reading them back",
                                pending.get(0).size(), attempts.get());
                        return true;
                    }
                    return false;
                }
                if (StoredCheck.mayHaveApplied(e) && transportFailures.incrementAndGet() < MAX_TRANSPORT_FAILURES) {
                    LOGGER.debug("a transaction of {} entities failed after the SDK's retries (attempt {}: {}); "
                            + "reading them back", pending.get(0).size(), attempts.get(), e.toString());
                    return true;
                }
                return false;
            });
        }
    }

    /**
     * Reads the entities of a failed transaction back: counts those that hold what was sent as changed, and
     * migrates again what still needs it.
     */
    private List<TableTransactionAction> reread(List<TableTransactionAction> failed, AtomicLong changed,
            AtomicLong conflicts, AtomicLong transactions, Deadline deadline, Context context) {
        AtomicInteger reads = new AtomicInteger();
        Map<String, TableEntity> stored;
        try {
            stored = StoredCheck.read(table, failed.get(0).getEntity().getPartitionKey(),
                    failed.stream().map(a -> a.getEntity().getRowKey()).toList(), reads, deadline, context);
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
        private RetryPolicy retryPolicy = DEFAULT_RETRY_POLICY;
        private Consumer<MigrationProgress> progress = p -> { };
        private @Nullable Executor executor;
        private Ticker ticker = Ticker.systemTicker();

        private Builder() {
        }

        /**
         * Where the partitions of a page are written in parallel. An executor given here is never shut down;
         * without one, each run makes daemon threads {@code azkit-property-migrator-n} and stops them before it
         * returns. At most {@link #parallelism(int)} partitions run at once either way.
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
         * The monotonic time source that measures the timeouts of a run.
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
         * How a transaction is retried when other writers keep changing its entities (each retry first reads them
         * back), or when it failed in transit (at most 3 times in all, whatever the policy allows).
         *
         * @param retryPolicy the policy; {@link PropertyMigrator#DEFAULT_RETRY_POLICY} by default
         * @return this builder
         * @throws NullPointerException if {@code retryPolicy} is null
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Checks.notNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * Receives the progress after each page, on the thread that called run, one call at a time. It must not
         * block; an exception it throws is logged at WARN and the migration goes on. A later call replaces the
         * listener.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if the listener is null
         */
        public Builder onProgress(Consumer<MigrationProgress> listener) {
            this.progress = Checks.notNull(listener, "listener");
            return this;
        }

        /**
         * Builds the migrator.
         *
         * @return the migrator
         * @throws IllegalStateException if no table client was set or no step was added
         */
        public PropertyMigrator build() {
            return new PropertyMigrator(this);
        }
    }
}
