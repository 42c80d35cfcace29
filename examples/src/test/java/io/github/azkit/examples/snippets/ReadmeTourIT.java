package io.github.azkit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.logging.OngoingLog;
import io.github.azkit.storage.TransactionCounter;
import java.util.List;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import org.junit.jupiter.api.Test;

/** The code of README.md's tour, compiled and run. */
@AzkitStorageTest
class ReadmeTourIT {

    @Test
    void countWhatYourCodeCosts(TestStorage storage) {
        String connectionString = storage.connectionString();
        // @start region="count"
        TransactionCounter counter = new TransactionCounter();
        BlobServiceClient blobs = new BlobServiceClientBuilder()
                .connectionString(connectionString).addPolicy(counter).buildClient();
        TransactionCounts before = counter.snapshot();

        blobs.createBlobContainer("invoices").getBlobClient("2026-11.csv")
                .upload(BinaryData.fromString("id,amount\n1,9.99\n"));

        TransactionCounts spent = counter.snapshot().minus(before);
        System.out.println(spent); // total=2 write=2 failed=0 sent=17B received=0B
        // @end region="count"
        assertThat(spent.get(TransactionKind.WRITE)).isEqualTo(2);
        assertThat(spent.toString()).isEqualTo("total=2 write=2 failed=0 sent=17B received=0B");
        blobs.deleteBlobContainer("invoices");
    }

    @Test
    void yourFirstOngoingLog(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        // @start region="ongoing-log"
        OngoingLog log = OngoingLog.builder()
                .containerClient(container)          // any BlobContainerClient of yours
                .logId("registrations")              // one block blob: registrations.log
                .build();

        log.append("2026-11-22T10:15:00Z,jeff@example.org,registered");
        log.appendAll(List.of("2026-11-22T10:16:00Z,fred@example.org,registered",
                "2026-11-22T10:17:00Z,ann@example.org,registered"));   // one Put Block + one Put Block List

        List<String> entries = log.readEntries();   // oldest first
        // @end region="ongoing-log"
        assertThat(entries).hasSize(3);
        assertThat(entries.get(2)).startsWith("2026-11-22T10:17:00Z,ann");
    }

    // @start region="test"
    @Test
    void storesAnOrder(TestStorage storage) {
        TableClient orders = storage.createTable();   // a unique name, deleted after the test
        orders.createEntity(new TableEntity("customer-1", "order-1").addProperty("Total", 42.5));

        assertThat(orders.getEntity("customer-1", "order-1").getProperty("Total")).isEqualTo(42.5);
    }
    // @end region="test"
}
