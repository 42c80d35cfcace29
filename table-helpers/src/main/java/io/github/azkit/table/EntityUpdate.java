package io.github.azkit.table;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.core.util.Context;
import io.github.azkit.table.internal.Checks;
import io.github.azkit.storage.AttemptTracker;
import io.github.azkit.storage.ETagStore;
import io.github.azkit.storage.OptimisticUpdate;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.storage.UpdateResult;
import io.github.azkit.storage.Versioned;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Optimistic read-modify-write of one table entity, through the ETag retry of
 * {@link io.github.azkit.storage.OptimisticUpdate}: read the entity and its ETag, apply a pure function, write only
 * if the ETag is unchanged, and on a conflict (412, or 409 when two writers create the entity) read and apply
 * again. When the function answers {@link Optional#empty()}, or a value whose entity equals the stored one,
 * nothing is written: "no change" costs one read and no write.
 *
 * <pre>{@code
 * UpdateResult<User> result = EntityUpdate.update(table, users, email, "",
 *         user -> Optional.of(new User(user.email(), "", user.name(), user.logins() + 1)));
 * }</pre>
 *
 * <p><b>Under lost responses</b> each change is applied exactly once, or the call throws
 * {@link io.github.azkit.storage.OutcomeUnknownException}; see {@link OptimisticUpdate} for how. The stores here keep
 * the record of recent writes that this needs in one string property, {@value #RECENT_WRITES_PROPERTY}: at most 143
 * characters, so at most 286 bytes of value plus 22 of name on Azure's size count, written in the same request as the
 * change. {@link #store} hides it from the values it reads; a plain {@link TableClient#getEntity} shows it. Build
 * the {@link TableClient} with an {@link AttemptTracker} ({@code builder.addPolicy(new AttemptTracker())}) so that a
 * conflict needs no look at that record.
 *
 * <p>Stateless and thread-safe; the function may run several times, so it must be pure.
 */
public final class EntityUpdate {

    /** The string property in which the stores of this class keep the record of recent writes. */
    public static final String RECENT_WRITES_PROPERTY = "AzkitWrites";

    private EntityUpdate() {
    }

    /**
     * Updates a typed entity with {@link OptimisticUpdate#CONFLICT_POLICY}, no timeout and no context. Writes merge (properties the record
     * does not know survive) and are conditional on the ETag read; an absent entity is created
     * (If-None-Match semantics: a racing creator makes this a conflict and a retry).
     *
     * @param table the table
     * @param schema the record's schema
     * @param partitionKey the PartitionKey
     * @param rowKey the RowKey
     * @param change the pure function from the current value ({@code null} if absent) to the new one, or empty
     *     for no change
     * @param <T> the record type
     * @return what was done
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a key is invalid
     * @throws TableServiceException when conflicts outlast the policy (the last one, earlier ones suppressed), or
     *     any other storage error at once
     */
    public static <T extends Record> UpdateResult<T> update(TableClient table, EntitySchema<T> schema,
            String partitionKey, String rowKey, OptimisticUpdate.Change<T> change) {
        return update(table, schema, partitionKey, rowKey, change, OptimisticUpdate.CONFLICT_POLICY, null,
                Context.NONE);
    }

    /**
     * Updates a typed entity, retrying conflicts as {@code policy} allows, with no timeout and no context;
     * otherwise like {@link #update(TableClient, EntitySchema, String, String, OptimisticUpdate.Change)}.
     *
     * @param table the table
     * @param schema the record's schema
     * @param partitionKey the PartitionKey
     * @param rowKey the RowKey
     * @param change the pure function from the current value to the new one, or empty for no change
     * @param policy attempts, backoff and deadline for conflicts
     * @param <T> the record type
     * @return what was done
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a key is invalid
     * @throws TableServiceException when conflicts outlast the policy, or any other storage error at once
     */
    public static <T extends Record> UpdateResult<T> update(TableClient table, EntitySchema<T> schema,
            String partitionKey, String rowKey, OptimisticUpdate.Change<T> change, RetryPolicy policy) {
        return update(table, schema, partitionKey, rowKey, change, policy, null, Context.NONE);
    }

    /**
     * Updates a typed entity, retrying conflicts as {@code policy} allows, all within {@code timeout}; otherwise
     * like {@link #update(TableClient, EntitySchema, String, String, OptimisticUpdate.Change)}. Every read and
     * write gets {@code context} and the time left.
     *
     * @param table the table
     * @param schema the record's schema
     * @param partitionKey the PartitionKey
     * @param rowKey the RowKey
     * @param change the pure function from the current value to the new one, or empty for no change
     * @param policy attempts, backoff and deadline for conflicts
     * @param timeout the bound on the whole update, retries included; null for none
     * @param context passed to every SDK call; {@link Context#NONE} for none
     * @param <T> the record type
     * @return what was done
     * @throws NullPointerException if an argument other than {@code timeout} is null
     * @throws IllegalArgumentException if a key is invalid or the timeout is not positive
     * @throws TableServiceException when conflicts outlast the policy, or any other storage error at once
     * @throws io.github.azkit.storage.OutcomeUnknownException when a write's response was lost and whether it was
     *     applied cannot be told
     */
    public static <T extends Record> UpdateResult<T> update(TableClient table, EntitySchema<T> schema,
            String partitionKey, String rowKey, OptimisticUpdate.Change<T> change, RetryPolicy policy,
            @Nullable Duration timeout, Context context) {
        Checks.notNull(schema, "schema");
        Checks.notNull(change, "change");
        ETagStore<T> store = store(table, schema, partitionKey, rowKey);
        return OptimisticUpdate.update(store, current -> {
            Optional<T> next = Objects.requireNonNull(change.apply(current),
                    "the change function returned null; return Optional.empty() for \"no change\"");
            if (next.isPresent() && current != null && sameProperties(
                    schema.toEntity(partitionKey, rowKey, current), schema.toEntity(partitionKey, rowKey, next.get()))) {
                return Optional.empty();
            }
            return next;
        }, policy, timeout, context);
    }

    /**
     * An {@link ETagStore} for one typed entity: a read is one query naming the entity by both keys (absent: an
     * empty result, which the SDK does not log as an error); a write is a
     * conditional Merge, or an Insert when the entity was absent.
     *
     * @param table the table
     * @param schema the record's schema
     * @param partitionKey the PartitionKey
     * @param rowKey the RowKey
     * @param <T> the record type
     * @return the store, safe to use from several threads
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a key is invalid
     */
    public static <T extends Record> ETagStore<T> store(TableClient table, EntitySchema<T> schema,
            String partitionKey, String rowKey) {
        Checks.notNull(schema, "schema");
        EntityStore entities = new EntityStore(table, partitionKey, rowKey, TableEntityUpdateMode.MERGE);
        return new ETagStore<>() {
            @Override
            public @Nullable Versioned<T> read() {
                return read(null, Context.NONE);
            }

            @Override
            public @Nullable Versioned<T> read(@Nullable Duration timeout, Context context) {
                Versioned<TableEntity> v = entities.read(timeout, context);
                return v == null ? null : v.withValue(schema.fromEntity(v.value()));
            }

            @Override
            public String write(T value, @Nullable String ifMatch, String recentWrites) {
                return write(value, ifMatch, recentWrites, null, Context.NONE);
            }

            @Override
            public String write(T value, @Nullable String ifMatch, String recentWrites, @Nullable Duration timeout,
                    Context context) {
                return entities.write(schema.toEntity(partitionKey, rowKey, value), ifMatch, recentWrites, timeout,
                        context);
            }
        };
    }

    /**
     * An {@link ETagStore} for one untyped entity: a read is one query naming the entity by both keys (absent: an
     * empty result, which the SDK does not log as an error); a write is a
     * conditional Replace (the entity written is exactly the one given; its {@code odata.*} metadata is ignored),
     * or an Insert when the entity was absent.
     *
     * @param table the table
     * @param partitionKey the PartitionKey
     * @param rowKey the RowKey
     * @return the store, safe to use from several threads
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a key is invalid
     */
    public static ETagStore<TableEntity> store(TableClient table, String partitionKey, String rowKey) {
        return store(table, partitionKey, rowKey, TableEntityUpdateMode.REPLACE);
    }

    /**
     * An {@link ETagStore} for one untyped entity whose writes replace it or merge into it: a read is one query
     * naming the entity by both keys (absent: an empty result); a write is a conditional Update in {@code mode}, or
     * an Insert when the entity was absent. With {@link TableEntityUpdateMode#MERGE}, properties the written entity
     * lacks keep their stored values.
     *
     * @param table the table
     * @param partitionKey the PartitionKey
     * @param rowKey the RowKey
     * @param mode replace or merge
     * @return the store, safe to use from several threads
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a key is invalid
     */
    public static ETagStore<TableEntity> store(TableClient table, String partitionKey, String rowKey,
            TableEntityUpdateMode mode) {
        return new EntityStore(table, partitionKey, rowKey, Objects.requireNonNull(mode, "'mode' must not be null"));
    }

    static boolean sameProperties(TableEntity a, TableEntity b) {
        Map<String, Object> pa = a.getProperties();
        Map<String, Object> pb = b.getProperties();
        long na = pa.keySet().stream().filter(k -> !k.startsWith("odata.")).count();
        long nb = pb.keySet().stream().filter(k -> !k.startsWith("odata.")).count();
        if (na != nb) {
            return false;
        }
        for (Map.Entry<String, Object> e : pa.entrySet()) {
            if (e.getKey().startsWith("odata.")) {
                continue;
            }
            Object other = pb.get(e.getKey());
            if (!(e.getValue() instanceof byte[] x && other instanceof byte[] y ? Arrays.equals(x, y)
                    : Objects.equals(e.getValue(), other))) {
                return false;
            }
        }
        return true;
    }

    private static final class EntityStore implements ETagStore<TableEntity> {
        private final TableClient table;
        private final String partitionKey;
        private final String rowKey;
        private final TableEntityUpdateMode mode;

        EntityStore(TableClient table, String partitionKey, String rowKey, TableEntityUpdateMode mode) {
            this.table = Objects.requireNonNull(table, "table");
            this.partitionKey = TableKeys.checkPartitionKey(partitionKey);
            this.rowKey = TableKeys.checkRowKey(rowKey);
            this.mode = mode;
        }

        @Override
        public @Nullable Versioned<TableEntity> read() {
            return read(null, Context.NONE);
        }

        @Override
        public @Nullable Versioned<TableEntity> read(@Nullable Duration timeout, Context context) {
            // A query, not getEntity: an entity not created yet is normal here, and the SDK logs a 404 at ERROR.
            TableEntity entity = PointRead.get(table, partitionKey, rowKey, timeout, context);
            if (entity == null) {
                return null;
            }
            Object recentWrites = entity.getProperties().remove(RECENT_WRITES_PROPERTY);
            return Versioned.of(entity, entity.getETag(), recentWrites instanceof String s ? s : null);
        }

        @Override
        public String write(TableEntity value, @Nullable String ifMatch, String recentWrites) {
            return write(value, ifMatch, recentWrites, null, Context.NONE);
        }

        @Override
        public String write(TableEntity value, @Nullable String ifMatch, String recentWrites,
                @Nullable Duration timeout, Context context) {
            TableEntity entity = new TableEntity(partitionKey, rowKey);
            value.getProperties().forEach((name, v) -> {
                if (!name.startsWith("odata.") && !name.equals("PartitionKey") && !name.equals("RowKey")
                        && !name.equals("Timestamp")) {
                    entity.getProperties().put(name, v);
                }
            });
            for (Map.Entry<String, Object> p : Map.copyOf(value.getProperties()).entrySet()) {
                if (p.getValue() instanceof Double && !p.getKey().contains("@")) {
                    entity.getProperties().putIfAbsent(p.getKey() + "@odata.type", "Edm.Double");
                }
            }
            entity.getProperties().put(RECENT_WRITES_PROPERTY, recentWrites);
            EntitySizes.checkLimits(entity);
            Response<Void> response;
            if (ifMatch == null) {
                response = AttemptTracker.track(context, c -> table.createEntityWithResponse(entity, timeout, c));
            } else {
                entity.getProperties().put("odata.etag", ifMatch);
                response = AttemptTracker.track(context, c -> table.updateEntityWithResponse(entity, mode, true,
                        timeout, c));
            }
            return response.getHeaders().getValue(HttpHeaderName.ETAG);
        }
    }
}
