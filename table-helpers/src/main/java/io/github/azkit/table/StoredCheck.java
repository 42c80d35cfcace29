package io.github.azkit.table;

import com.azure.core.http.HttpResponse;
import com.azure.core.http.rest.PagedResponse;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.core.util.Context;
import io.github.azkit.table.internal.Deadline;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Tells, after a transaction failed, what the table holds: whether a failure may be the echo of an earlier attempt
 * that the service applied but whose response was lost (the SDK then re-sent it), and whether the stored entities
 * show an action's effect. Stateless; thread-safe.
 */
final class StoredCheck {

    private StoredCheck() {
    }

    /**
     * The HTTP status of a failure: the response's, else the one the service's error code stands for, else 0.
     */
    static int status(TableServiceException e) {
        HttpResponse response = e.getResponse();
        if (response != null && response.getStatusCode() >= 400) {
            return response.getStatusCode();
        }
        String code = e.getValue() == null || e.getValue().getErrorCode() == null ? ""
                : e.getValue().getErrorCode().toString();
        String message = String.valueOf(e.getMessage());
        if (code.equals("EntityAlreadyExists") || message.contains("EntityAlreadyExists")) {
            return 409;
        } else if (code.equals("UpdateConditionNotSatisfied") || message.contains("UpdateConditionNotSatisfied")) {
            return 412;
        } else if (code.equals("ResourceNotFound") || message.contains("ResourceNotFound")) {
            return 404;
        }
        return response == null ? 0 : response.getStatusCode();
    }

    /**
     * Whether {@code action} failing with {@code status} may be the echo of an earlier attempt of the same
     * transaction that was applied: an insert refused as existing (409), a delete of a missing entity (404), an
     * ETag-conditional update or delete refused (412).
     */
    static boolean mayEcho(TableTransactionAction action, int status) {
        TableTransactionActionType type = action.getActionType();
        return switch (status) {
            case 409 -> type == TableTransactionActionType.CREATE;
            case 404 -> type == TableTransactionActionType.DELETE;
            case 412 -> (type == TableTransactionActionType.UPDATE_MERGE
                    || type == TableTransactionActionType.UPDATE_REPLACE
                    || type == TableTransactionActionType.DELETE)
                    && action.getIfUnchanged() && action.getEntity().getETag() != null
                    && !"*".equals(action.getEntity().getETag());
            default -> false;
        };
    }

    /**
     * Whether a failure that escaped the SDK's retries may have followed an applied attempt: any failure except a
     * service answer in 4xx other than 408 (timeout) and 429 (throttled), which every attempt would have got, and
     * an {@link Error} the pipeline wrapped (it is not a storage failure and must propagate).
     */
    static boolean mayHaveApplied(RuntimeException e) {
        if (Deadline.isExpiry(e)) {
            return false; // our own timeout ended the operation before the call was sent
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Error) {
                return false;
            }
        }
        if (e instanceof TableServiceException t) {
            int status = t.getResponse() == null ? 0 : t.getResponse().getStatusCode();
            return status == 0 || status >= 500 || status == 408 || status == 429;
        }
        return true;
    }

    /**
     * Reads the stored entities of one partition with these row keys: one query over the keys' RowKey range (its
     * first page, up to 1,000 entities), then a point read for each key that page did not settle (only when the
     * range holds more than a page of other entities).
     *
     * @return the stored entity by row key; a key that is not stored is absent
     */
    static Map<String, TableEntity> read(TableClient table, String partitionKey, Collection<String> rowKeys,
            AtomicInteger reads) {
        return read(table, partitionKey, rowKeys, reads, Deadline.none(), Context.NONE);
    }

    /** As {@link #read(TableClient, String, Collection, AtomicInteger)}, each request within the deadline. */
    static Map<String, TableEntity> read(TableClient table, String partitionKey, Collection<String> rowKeys,
            AtomicInteger reads, Deadline deadline, Context context) {
        TreeSet<String> keys = new TreeSet<>(rowKeys);
        Map<String, TableEntity> stored = new HashMap<>();
        if (keys.isEmpty()) {
            return stored;
        }
        TableFilter range = TableFilter.partitionKey(partitionKey)
                .and(TableFilter.where("RowKey", Comparison.GREATER_THAN_OR_EQUAL, keys.first()))
                .and(TableFilter.where("RowKey", Comparison.LESS_THAN_OR_EQUAL, keys.last()));
        reads.incrementAndGet();
        Iterator<PagedResponse<TableEntity>> pages = table.listEntities(new ListEntitiesOptions()
                .setFilter(range.toString()).setTop(TableScan.MAX_PAGE_SIZE), deadline.remaining(), context).iterableByPage()
                .iterator();
        PagedResponse<TableEntity> page = pages.next();
        for (TableEntity entity : page.getValue()) {
            if (keys.contains(entity.getRowKey())) {
                stored.put(entity.getRowKey(), entity);
            }
        }
        if (page.getContinuationToken() == null) {
            return stored;
        }
        for (String key : keys) {
            if (!stored.containsKey(key)) {
                reads.incrementAndGet();
                TableEntity entity = PointRead.get(table, partitionKey, key, deadline.remaining(), context);
                if (entity != null) {
                    stored.put(key, entity);
                }
            }
        }
        return stored;
    }

    /**
     * Whether the stored entity shows the action's effect: a delete's entity is gone; an insert's, upsert's or
     * replace's entity holds exactly the action's properties; a merge's holds at least them.
     */
    static boolean holds(TableTransactionAction action, @Nullable TableEntity stored) {
        return switch (action.getActionType()) {
            case DELETE -> stored == null;
            case CREATE, UPSERT_REPLACE, UPDATE_REPLACE -> stored != null
                    && sameValues(custom(action.getEntity()), custom(stored), true);
            case UPSERT_MERGE, UPDATE_MERGE -> stored != null
                    && sameValues(custom(action.getEntity()), custom(stored), false);
        };
    }

    /** The custom properties with non-null values (no keys, timestamp, ETag or type annotations). */
    static Map<String, Object> custom(TableEntity entity) {
        Map<String, Object> properties = new LinkedHashMap<>();
        entity.getProperties().forEach((name, value) -> {
            if (value != null && !EntitySizes.isSystem(name)) {
                properties.put(name, value);
            }
        });
        return properties;
    }

    /** Whether {@code stored} holds every value of {@code written} (and, if {@code exact}, nothing else). */
    static boolean sameValues(Map<String, Object> written, Map<String, Object> stored, boolean exact) {
        if (exact && written.size() != stored.size()) {
            return false;
        }
        for (Map.Entry<String, Object> p : written.entrySet()) {
            Object other = stored.get(p.getKey());
            if (other == null || !sameValue(p.getValue(), other)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a value read back is the value written, allowing for the service's representations: a Double
     * without a type annotation may come back as Int32 or Int64, NaN and the infinities as strings, times at
     * 100 ns.
     */
    static boolean sameValue(Object written, Object stored) {
        if (written instanceof byte[] a) {
            return stored instanceof byte[] b && Arrays.equals(a, b);
        }
        if (written instanceof OffsetDateTime a) {
            return stored instanceof OffsetDateTime b && ticks(a) == ticks(b)
                    && a.toInstant().getEpochSecond() == b.toInstant().getEpochSecond();
        }
        if (written instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return d.equals(stored) || d.toString().equals(stored);
        }
        if (written instanceof String s && stored instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return s.equals(d.toString()); // "NaN", "Infinity", "-Infinity" written with an Edm.Double annotation
        }
        if ((written instanceof Number a) && (stored instanceof Number b)) {
            try {
                return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
            } catch (NumberFormatException e) {
                return a.equals(b);
            }
        }
        return written.equals(stored) || (!(stored instanceof Number) && !(written instanceof Number)
                && !(written instanceof String) && String.valueOf(written).equals(String.valueOf(stored)));
    }

    private static long ticks(OffsetDateTime time) {
        return time.toInstant().getNano() / 100;
    }
}
