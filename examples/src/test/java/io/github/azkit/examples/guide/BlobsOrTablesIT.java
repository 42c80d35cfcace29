package io.github.azkit.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GUIDE.md chapter 1: what a blob gives that a table does not (atomic replacement), and the reverse (filters). */
@AzkitStorageTest
class BlobsOrTablesIT {

    private final TransactionCounter counter = new TransactionCounter();
    private BlobContainerClient container;
    private TableClient table;

    @BeforeEach
    void setUp(TestStorage storage) {
        container = storage.blobServiceClientBuilder().addPolicy(counter).buildClient()
                .getBlobContainerClient(storage.createContainer().getBlobContainerName());
        table = storage.tableServiceClientBuilder().addPolicy(counter).buildClient()
                .getTableClient(storage.createTable().getTableName());
    }

    @Test
    void aBlobIsReplacedWholeWhileEntitiesChangeOneByOne() {
        // @start region="guide-atomic"
        // Version 1 of a three-video course: one blob, or one entity per video
        BlobClient course = container.getBlobClient("course.csv");
        course.upload(BinaryData.fromString("blobs,v1\nintro,v1\ntables,v1\n"));
        for (String video : List.of("blobs", "intro", "tables")) {
            table.upsertEntity(new TableEntity(video, "").addProperty("Version", "v1"));
        }

        // Publishing version 2 of the blob is one Put Blob: a reader gets all of v1 or all of v2
        // @end region="guide-atomic"
        TransactionCounts before = counter.snapshot();
        // @start region="guide-atomic"
        course.upload(BinaryData.fromString("blobs,v2\nintro,v2\ntables,v2\n"), true);     // 1 Put Blob
        // @end region="guide-atomic"
        TransactionCounts blobCost = counter.snapshot().minus(before);
        before = counter.snapshot();
        // @start region="guide-atomic"

        // The entities change one at a time (3 writes), and a reader in between sees a course that never existed
        table.upsertEntity(new TableEntity("intro", "").addProperty("Version", "v2"));
        List<Object> seen = new ArrayList<>();
        table.listEntities().forEach(video -> seen.add(video.getProperty("Version")));   // v1, v2, v1
        table.upsertEntity(new TableEntity("blobs", "").addProperty("Version", "v2"));
        table.upsertEntity(new TableEntity("tables", "").addProperty("Version", "v2"));
        // @end region="guide-atomic"
        assertThat(blobCost.total()).isEqualTo(1);
        assertThat(seen).containsExactly("v1", "v2", "v1");
        assertThat(counter.snapshot().minus(before).get(TransactionKind.WRITE)).isEqualTo(3);
        assertThat(course.downloadContent().toString()).isEqualTo("blobs,v2\nintro,v2\ntables,v2\n");
    }

    @Test
    void aTableFiltersOnTheServerWhileABlobIsDownloadedWholeAndFilteredByTheClient() {
        StringBuilder csv = new StringBuilder();
        List<TableTransactionAction> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String instructor = "instructor-" + i % 10;
            csv.append("video-").append(i).append(',').append(instructor).append('\n');
            batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                    new TableEntity("videos", String.format("video-%03d", i)).addProperty("Instructor", instructor)));
        }
        BlobClient library = container.getBlobClient("library.csv");
        library.upload(BinaryData.fromString(csv.toString()));
        table.submitTransaction(batch);

        // @start region="guide-search"
        // The table answers the question on the server: one query, only the 10 matches come back
        // @end region="guide-search"
        TransactionCounts before = counter.snapshot();
        // @start region="guide-search"
        List<TableEntity> fromTable = table.listEntities(new ListEntitiesOptions()
                .setFilter("PartitionKey eq 'videos' and Instructor eq 'instructor-3'"), null, null).stream().toList();
        // @end region="guide-search"
        TransactionCounts tableCost = counter.snapshot().minus(before);
        before = counter.snapshot();
        // @start region="guide-search"

        // The blob cannot be searched: download all 100 rows (one Get Blob) and filter them here
        List<String> fromBlob = library.downloadContent().toString().lines()
                .filter(row -> row.endsWith(",instructor-3")).toList();
        // @end region="guide-search"
        TransactionCounts blobCost = counter.snapshot().minus(before);

        assertThat(fromTable).hasSize(10);
        assertThat(fromBlob).hasSize(10);
        assertThat(tableCost.get(TransactionKind.LIST)).isEqualTo(1);
        assertThat(blobCost.get(TransactionKind.READ)).isEqualTo(1);
        assertThat(blobCost.bytesReceived()).isEqualTo(csv.length()); // every row, matching or not
        assertThat(tableCost.total()).isEqualTo(1);
        assertThat(blobCost.total()).isEqualTo(1);
    }
}
