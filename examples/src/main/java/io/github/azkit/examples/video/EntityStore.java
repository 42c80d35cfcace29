package io.github.azkit.examples.video;

import com.azure.core.http.rest.Response;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import io.github.azkit.storage.ETagStore;
import io.github.azkit.storage.Versioned;

/**
 * Adapts one table entity to storage-helpers' {@link ETagStore}, so {@code OptimisticUpdate} can read-modify-write
 * it: read is one Get Entity (absent on 404); write is a Merge with If-Match (properties this code does not know survive), or an Insert when creating.
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
        return ETagStore.of(() -> find(table, partitionKey, rowKey)
                .map(entity -> new Versioned<>(entity, entity.getETag())).orElse(null), (entity, ifMatch) -> {
            Response<Void> response = ifMatch == null
                    ? table.createEntityWithResponse(entity, null, null)
                    : table.updateEntityWithResponse(copyWithETag(entity, ifMatch), TableEntityUpdateMode.MERGE,
                            true, null, null);
            return response.getHeaders().getValue(com.azure.core.http.HttpHeaderName.ETAG);
        });
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

    private static TableEntity copyWithETag(TableEntity entity, String eTag) {
        TableEntity copy = new TableEntity(entity.getPartitionKey(), entity.getRowKey());
        entity.getProperties().forEach((name, value) -> {
            if (!name.startsWith("odata.") && !name.equals("PartitionKey") && !name.equals("RowKey")
                    && !name.equals("Timestamp")) {
                copy.addProperty(name, value);
            }
        });
        copy.addProperty("odata.etag", eTag);
        return copy;
    }
}
