package io.github.azkit.micrometer;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.storage.StorageService;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.ChildJvm;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;

/**
 * The child main of {@link NoWarningsIT}: the module's operations as an application makes them, with clients built
 * from the connection string in {@value #CONNECTION_STRING_ENV}: one counter on a blob and a table client, bound with
 * prices and tags to a registry, blob and table work, and the meters read (as a registry's publisher reads them).
 * Prints the registry's meters, then {@code DONE}.
 */
public final class NormalRunChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_CHILD_CONNECTION_STRING";

    private NormalRunChild() {
    }

    /**
     * Runs the operations.
     *
     * @param args the name of the container and table to create
     */
    public static void main(String[] args) {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 9);
        String connectionString = System.getenv(CONNECTION_STRING_ENV);
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = new BlobServiceClientBuilder().connectionString(connectionString)
                .addPolicy(counter).buildClient().getBlobContainerClient(args[0]);
        TableClient table = new TableServiceClientBuilder().connectionString(connectionString)
                .addPolicy(counter).buildClient().getTableClient(args[0]);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TransactionCounterMetrics.builder().counter(counter).tags(Tags.of("account", "normal-run"))
                .prices(StoragePrices.builder().currency(Currency.getInstance("USD"))
                        .perTenThousand(StorageService.BLOB, TransactionKind.WRITE, new BigDecimal("0.055"))
                        .perTenThousand(StorageService.TABLE, new BigDecimal("0.00036")).build())
                .build().bindTo(registry);

        container.create();
        for (int i = 0; i < 5; i++) {
            container.getBlobClient("b" + i).upload(BinaryData.fromString("entry " + i));
        }
        container.listBlobs().stream().count();
        container.getBlobClient("b0").downloadContent();
        table.createTable();
        table.upsertEntity(new TableEntity("p", "r").addProperty("n", 1));
        table.getEntity("p", "r");

        double writes = registry.get(TransactionCounterMetrics.TRANSACTIONS).tags("service", "blob", "kind", "write")
                .functionCounter().count();
        check(writes == 6, "6 blob writes, was " + writes);
        System.out.println(registry.getMetersAsString().lines().filter(line -> !line.endsWith("count=0.0"))
                .reduce("", (a, b) -> a + b + System.lineSeparator()));
        System.out.println("DONE");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("expected: " + what);
        }
    }
}
