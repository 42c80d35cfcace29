package io.github.azkit.examples.video;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import io.github.azkit.storage.ETagStore;
import io.github.azkit.table.EntityUpdate;

/**
 * Adapts one table entity to storage-helpers' {@link ETagStore}, so {@code OptimisticUpdate} can read-modify-write
 * it exactly once even when a response is lost: read is one Get Entity (absent on 404); write is a Merge with
 * If-Match (properties this code does not know survive), or an Insert when creating; the record of recent writes is
 * kept in the entity's {@value EntityUpdate#RECENT_WRITES_PROPERTY} property.
 */
public final class EntityStore {

    private EntityStore() {
    }

    /**
     * The entity at {@code partitionKey}/{@code rowKey} of {@code table}.
     *
     * @param table the table
     * @param partitionKey the partition key
     * @param rowKey the row key
     * @return the store
     */
    public static ETagStore<TableEntity> of(TableClient table, String partitionKey, String rowKey) {
        return EntityUpdate.store(table, partitionKey, rowKey, TableEntityUpdateMode.MERGE);
    }

    /**
     * Reads one entity: one Get Entity.
     *
     * @param table the table
     * @param partitionKey the partition key
     * @param rowKey the row key
     * @return the entity, or empty if there is none (HTTP 404); other errors propagate
     */
    public static java.util.Optional<TableEntity> find(TableClient table, String partitionKey, String rowKey) {
        try {
            return java.util.Optional.of(table.getEntity(partitionKey, rowKey));
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 404) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }
}
