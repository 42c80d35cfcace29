package io.github.azkit.table;

import com.azure.core.util.Context;
import com.azure.core.util.CoreUtils;
import com.azure.core.util.SharedExecutorService;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Reads one entity that may be absent, for the flows where absence is normal (an entity not created yet, a check of
 * what a lost response left behind). {@code TableClient.getEntity} answers absence with a 404, and the SDK logs every
 * failed {@code TableClient} request at ERROR ({@code com.azure.data.tables.TableClient}) before it throws, so a normal
 * run would log errors. A query whose filter names the entity by both keys is the same one transaction (the service
 * answers it as a point query, and {@link io.github.azkit.storage.TransactionCounter} counts it as a read) and answers
 * absence with an empty result. Stateless.
 */
final class PointRead {

    private PointRead() {
    }

    /**
     * The entity, or null if there is none: one query.
     *
     * @param table the table
     * @param partitionKey its PartitionKey
     * @param rowKey its RowKey
     * @param timeout the bound on the read, as {@code getEntityWithResponse} applies it; null for none
     * @param context passed to the SDK
     * @return the entity, with its ETag, or null
     * @throws com.azure.core.exception.HttpResponseException for any storage error (a missing table: 404)
     * @throws RuntimeException caused by a {@link TimeoutException} when {@code timeout} runs out
     */
    static @Nullable TableEntity get(TableClient table, String partitionKey, String rowKey,
            @Nullable Duration timeout, Context context) {
        String filter = TableFilter.partitionKey(partitionKey)
                .and(TableFilter.where("RowKey", Comparison.EQUAL, rowKey)).toString();
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter).setTop(1);
        if (timeout == null) {
            return first(table, options, context);
        }
        // listEntities' own timeout bounds only the creation of its lazy iterable, not the request
        try {
            return CoreUtils.getResultWithTimeout(
                    SharedExecutorService.getInstance().submit(() -> first(table, options, context)), timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new RuntimeException(e.getCause());
        } catch (TimeoutException e) {
            throw new RuntimeException("reading entity (" + partitionKey + ", " + rowKey + ") timed out after "
                    + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException("interrupted while reading entity (" + partitionKey + ", " + rowKey + ")", e);
        }
    }

    private static @Nullable TableEntity first(TableClient table, ListEntitiesOptions options, Context context) {
        Iterator<TableEntity> found = table.listEntities(options, null, context).iterator();
        return found.hasNext() ? found.next() : null;
    }
}
