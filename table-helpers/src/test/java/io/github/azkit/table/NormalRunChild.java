package io.github.azkit.table;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.storage.OptimisticUpdate;
import io.github.azkit.table.backup.RestoreMode;
import io.github.azkit.table.backup.TableBackup;
import io.github.azkit.table.backup.TableRestore;
import io.github.azkit.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The child main of {@link NoWarningsIT}: the module's main operations as an application makes them, with clients
 * built from the connection string in {@value #CONNECTION_STRING_ENV}, on the tables named by the first two arguments
 * (which does not exist yet) and the blob container named by the third: an entity read before it exists, a restore
 * that creates its table and one into a table that exists. Prints {@code DONE} and returns.
 */
public final class NormalRunChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_CHILD_CONNECTION_STRING";

    /** A view counter, one entity per video. */
    public record Views(@EntityProperty("PartitionKey") String videoId, @EntityProperty("RowKey") String rowKey,
            long views) {
    }

    private NormalRunChild() {
    }

    /**
     * Runs the operations.
     *
     * @param args the table, a second (empty) table for a restore, and a blob container
     * @throws Exception if an operation fails
     */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 9);
        String connectionString = System.getenv(CONNECTION_STRING_ENV);
        TableServiceClient service = new TableServiceClientBuilder().connectionString(connectionString).buildClient();
        TableClient table = service.getTableClient(args[0]);
        TableClient restored = service.getTableClient(args[1]);
        BlobClient backupBlob = new BlobServiceClientBuilder().connectionString(connectionString).buildClient()
                .getBlobContainerClient(args[2]).getBlobClient("backup");

        // An optimistic entity update: created by its first update (a read that finds nothing), then updated. One
        // writer: a lost ETag race (412) or create race (409) is logged at ERROR by TableClient itself (see NoWarningsIT)
        EntitySchema<Views> schema = EntitySchema.of(Views.class);
        OptimisticUpdate.Change<Views> view = current -> Optional.of(current == null
                ? new Views("video-1", "", 1) : new Views(current.videoId(), current.rowKey(), current.views() + 1));
        for (int i = 0; i < 20; i++) {
            EntityUpdate.update(table, schema, "video-1", "", view);
        }
        check(table.getEntity("video-1", "").getProperty("views").equals(20L), "20 views");
        check(!EntityUpdate.update(table, schema, "video-1", "", current -> Optional.empty()).isWritten(),
                "no write without a change");

        // Batches: 300 entities in 3 partitions
        List<TableTransactionAction> actions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            TableEntity entity = new TableEntity("p" + (i % 3), String.format("r%04d", i))
                    .addProperty("Name", "name " + i).addProperty("Age", i);
            actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, entity));
        }
        TableBatchWriter.builder().tableClient(table).build().write(actions);

        // Typed filters and paged scans
        long found = TableScan.builder().tableClient(table)
                .filter(TableFilter.partitionKey("p1").and(TableFilter.whereInt32("Age", Comparison.GREATER_THAN, 150)))
                .pageSize(20).build().stream().count();
        check(found == 50, "50 entities found, was " + found);

        // A migration: rename, add, delete
        PropertyMigrator.builder().tableClient(table).filter(TableFilter.partitionKey("p2"))
                .rename("Name", "FullName").add("Plan", "monthly").delete("Age").build().run();

        // Backups to a file and to a blob; restores into an empty table, then again skipping what is there
        Path file = Files.createTempFile("azkit-normal-run", ".backup");
        Files.delete(file);
        TableBackup.builder().tableClient(table).build().backupTo(file);
        TableBackup.builder().tableClient(table).build().backupTo(backupBlob);
        TableBackup.check(file);
        TableRestore.builder().tableClient(restored).build().restoreFrom(file);
        TableRestore.builder().tableClient(restored).mode(RestoreMode.MERGE).build().restoreFrom(backupBlob);
        Files.deleteIfExists(file);
        System.out.println("DONE");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("expected: " + what);
        }
    }
}
