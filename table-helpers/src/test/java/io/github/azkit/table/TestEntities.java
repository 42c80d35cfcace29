package io.github.azkit.table;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Fast test set-up: entities inserted in 100-entity transactions, four at a time. */
final class TestEntities {

    private TestEntities() {
    }

    static String partitionKey(int partition) {
        return String.format("p%04d", partition);
    }

    static String rowKey(int row) {
        return String.format("r%06d", row);
    }

    /** Inserts {@code partitions * perPartition} entities with properties {@code N} (Int32) and {@code Name}. */
    static void insert(TableClient table, int partitions, int perPartition) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                for (int start = 0; start < perPartition; start += 100) {
                    List<TableTransactionAction> batch = new ArrayList<>();
                    for (int r = start; r < Math.min(perPartition, start + 100); r++) {
                        batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                                new TableEntity(partitionKey(p), rowKey(r))
                                        .addProperty("N", r)
                                        .addProperty("Name", "name-" + p + "-" + r)));
                    }
                    futures.add(pool.submit(() -> table.submitTransaction(batch)));
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
