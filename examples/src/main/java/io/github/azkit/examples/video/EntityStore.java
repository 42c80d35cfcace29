package io.github.azkit.examples.video;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.ListEntitiesOptions;
import io.github.azkit.storage.ETagStore;
import io.github.azkit.table.Comparison;
import io.github.azkit.table.EntityUpdate;
import io.github.azkit.table.TableFilter;

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
     * Reads one entity: one query naming it by both keys, the same single transaction as a Get Entity (counted as a
     * read). Not {@code getEntity}: "not there" is a normal answer here (no such user yet, no watched row yet), and
     * the SDK's {@code TableClient} logs every 404 at ERROR.
     *
     * @param table the table
     * @param partitionKey the partition key
     * @param rowKey the row key
     * @return the entity, or empty if there is none; errors propagate
     */
    public static java.util.Optional<TableEntity> find(TableClient table, String partitionKey, String rowKey) {
        String filter = TableFilter.partitionKey(partitionKey)
                .and(TableFilter.where("RowKey", Comparison.EQUAL, rowKey)).toString();
        return table.listEntities(new ListEntitiesOptions().setFilter(filter).setTop(1), null, null).stream()
                .findFirst();
    }
}
