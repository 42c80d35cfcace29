package consumer;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.storage.ETagStore;
import io.github.azkit.storage.OptimisticUpdate;
import io.github.azkit.table.Comparison;
import io.github.azkit.table.TableFilter;
import java.util.Optional;

/**
 * A user's program, as GUIDE.md shows azkit: an {@code OptimisticUpdate} counter in a blob (created by its first
 * update) and a {@code TableFilter} query. The connection string comes from {@code AZURE_STORAGE_CONNECTION_STRING};
 * the container and table names from the arguments.
 */
public final class CounterAndQuery {

    private CounterAndQuery() {
    }

    public static void main(String[] args) {
        // @start region="getting-started"
        String connectionString = System.getenv("AZURE_STORAGE_CONNECTION_STRING");
        BlobContainerClient container = new BlobServiceClientBuilder().connectionString(connectionString)
                .buildClient().createBlobContainer(args[0]);
        TableClient table = new TableServiceClientBuilder().connectionString(connectionString).buildClient()
                .createTable(args[1]);

        BlobClient counter = container.getBlobClient("counter");
        OptimisticUpdate.Change<BinaryData> increment = current -> Optional.of(BinaryData.fromString(
                Long.toString(current == null ? 1 : Long.parseLong(current.toString()) + 1)));
        for (int i = 0; i < 10; i++) {
            OptimisticUpdate.update(ETagStore.blob(counter), increment);
        }
        System.out.println("counter = " + counter.downloadContent());

        for (int age = 20; age < 50; age++) {
            table.upsertEntity(new TableEntity("people", "p" + age).addProperty("Age", age));
        }
        TableFilter filter = TableFilter.partitionKey("people")
                .and(TableFilter.whereInt32("Age", Comparison.GREATER_THAN_OR_EQUAL, 40));
        long found = table.listEntities(new ListEntitiesOptions().setFilter(filter.toString()), null, null)
                .stream().count();
        System.out.println("people aged 40 or more = " + found);
        // @end region="getting-started"
        if (!counter.downloadContent().toString().equals("10") || found != 10) {
            throw new IllegalStateException("wrong results");
        }
        System.out.println("DONE");
    }
}
