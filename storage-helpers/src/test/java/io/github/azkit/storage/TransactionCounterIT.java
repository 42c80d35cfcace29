package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class TransactionCounterIT {

    @Test
    void countsBlobOperationsExactly(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        BlobServiceClient blobs = storage.blobServiceClientBuilder().addPolicy(counter).buildClient();
        BlobContainerClient container = blobs.getBlobContainerClient(TestStorage.uniqueName("count"));

        container.create();                                                   // write
        BlobClient blob = container.getBlobClient("a.txt");
        blob.upload(BinaryData.fromString("hello, world"));                   // write, 12 bytes sent
        assertThat(blob.downloadContent().toString()).isEqualTo("hello, world"); // read, 12 bytes received
        blob.getProperties();                                                 // read
        assertThat(container.listBlobs().stream().count()).isEqualTo(1);      // list
        BlobLeaseClient lease = new BlobLeaseClientBuilder().blobClient(blob).buildClient();
        lease.acquireLease(15);                                               // lease
        lease.releaseLease();                                                 // lease
        blob.delete();                                                        // delete
        container.delete();                                                   // delete

        TransactionCounts counts = counter.snapshot();
        assertThat(counts.get(TransactionKind.WRITE)).isEqualTo(2);
        assertThat(counts.get(TransactionKind.READ)).isEqualTo(2);
        assertThat(counts.get(TransactionKind.LIST)).isEqualTo(1);
        assertThat(counts.get(TransactionKind.LEASE)).isEqualTo(2);
        assertThat(counts.get(TransactionKind.DELETE)).isEqualTo(2);
        assertThat(counts.get(TransactionKind.BATCH)).isZero();
        assertThat(counts.total()).isEqualTo(9);
        assertThat(counts.mutations()).isEqualTo(4);
        assertThat(counts.failed()).isZero();
        assertThat(counts.bytesSent()).isEqualTo(12);
        assertThat(counts.bytesReceived()).isGreaterThanOrEqualTo(12);
        for (TransactionKind kind : TransactionKind.values()) {
            assertThat(counts.get(StorageService.BLOB, kind)).as("%s", kind).isEqualTo(counts.get(kind));
        }
    }

    @Test
    void oneCounterOnBlobAndTableClientsTellsTheServicesApart(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = storage.blobServiceClientBuilder().addPolicy(counter).buildClient()
                .getBlobContainerClient(TestStorage.uniqueName("both"));
        TableClient table = storage.tableServiceClientBuilder().addPolicy(counter).buildClient()
                .createTable(TestStorage.uniqueName("both"));                     // table write
        container.create();                                                       // blob write
        container.getBlobClient("a").upload(BinaryData.fromString("a"));          // blob write
        table.upsertEntity(new TableEntity("p", "r"));                            // table write
        table.getEntity("p", "r");                                                // table read

        TransactionCounts counts = counter.snapshot();
        assertThat(counts.get(StorageService.BLOB, TransactionKind.WRITE)).isEqualTo(2);
        assertThat(counts.get(StorageService.TABLE, TransactionKind.WRITE)).isEqualTo(2);
        assertThat(counts.get(StorageService.TABLE, TransactionKind.READ)).isEqualTo(1);
        assertThat(counts.get(StorageService.BLOB, TransactionKind.READ)).isZero();
        assertThat(counts.get(TransactionKind.WRITE)).isEqualTo(4);
        assertThat(counts.total()).isEqualTo(5);
    }

    @Test
    void countsTableOperationsExactly(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        TableServiceClient tables = storage.tableServiceClientBuilder().addPolicy(counter).buildClient();
        TableClient table = tables.createTable(TestStorage.uniqueName("count"));   // write
        table.createEntity(new TableEntity("p", "1"));                            // write
        table.upsertEntity(new TableEntity("p", "2").addProperty("x", 1));        // write
        table.getEntity("p", "1");                                                // read
        assertThat(table.listEntities().stream().count()).isEqualTo(2);           // list
        table.submitTransaction(List.of(
                new TableTransactionAction(TableTransactionActionType.UPSERT_MERGE, new TableEntity("p", "3")),
                new TableTransactionAction(TableTransactionActionType.UPSERT_MERGE, new TableEntity("p", "4"))));
                                                                                  // batch
        table.deleteEntity("p", "1");                                             // delete
        table.deleteTable();                                                      // delete

        TransactionCounts counts = counter.snapshot();
        assertThat(counts.get(TransactionKind.WRITE)).isEqualTo(3);
        assertThat(counts.get(TransactionKind.READ)).isEqualTo(1);
        assertThat(counts.get(TransactionKind.LIST)).isEqualTo(1);
        assertThat(counts.get(TransactionKind.BATCH)).isEqualTo(1);
        assertThat(counts.get(TransactionKind.DELETE)).isEqualTo(2);
        assertThat(counts.total()).isEqualTo(8);
    }

    @Test
    void failedRequestsAreCountedAsFailed(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = storage.blobServiceClientBuilder().addPolicy(counter).buildClient()
                .getBlobContainerClient(TestStorage.uniqueName("missing"));
        assertThatThrownBy(() -> container.getBlobClient("nope").downloadContent())
                .isInstanceOf(BlobStorageException.class);
        assertThat(counter.snapshot().failed()).isEqualTo(1);
        assertThat(counter.snapshot().clientErrors()).isEqualTo(1);
        assertThat(counter.snapshot().serverErrors()).isZero();
        assertThat(counter.snapshot().unanswered()).isZero();
        assertThat(counter.snapshot().get(TransactionKind.READ)).isEqualTo(1);
    }

    @Test
    void snapshotsSubtractAndCountingIsThreadSafe(TestStorage storage) throws InterruptedException {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = storage.createContainer();
        BlobContainerClient counted = new BlobContainerClientBuilder()
                .pipeline(counter.withCounter(container.getHttpPipeline()))
                .endpoint(container.getBlobContainerUrl())
                .buildClient();
        TransactionCounts before = counter.snapshot();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 200; i++) {
            int n = i;
            pool.execute(() -> counted.getBlobClient("b" + n).upload(BinaryData.fromString("x")));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();

        TransactionCounts spent = counter.snapshot().minus(before);
        assertThat(spent.get(TransactionKind.WRITE)).isEqualTo(200);
        assertThat(spent.total()).isEqualTo(200);
        assertThat(spent.bytesSent()).isEqualTo(200);
        assertThat(spent.toString()).startsWith("total=200 write=200 failed=0 sent=200B");
    }
}
