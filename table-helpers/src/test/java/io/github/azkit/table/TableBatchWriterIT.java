package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class TableBatchWriterIT {

    private static TableTransactionAction upsert(TableEntity e) {
        return new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, e);
    }

    @Test
    void groupsByPartitionIntoFewestTransactions(TestStorage storage) {
        // Given 1,050 upserts over three partitions (500, 500, 50), shuffled
        TransactionCounter counter = new TransactionCounter();
        TableClient table = storage.tableServiceClientBuilder().addPolicy(counter).buildClient()
                .createTable(TestStorage.uniqueName("batch"));
        List<TableTransactionAction> actions = new ArrayList<>();
        for (int i = 0; i < 1050; i++) {
            String pk = i < 500 ? "a" : i < 1000 ? "b" : "c";
            actions.add(upsert(new TableEntity(pk, String.format("%05d", i)).addProperty("I", i)));
        }
        Collections.shuffle(actions, new Random(7));
        TransactionCounts before = counter.snapshot();

        // @start region="guide-batch-write"
        BatchWriteResult result = TableBatchWriter.builder()
                .tableClient(table)
                .parallelism(3)                 // up to 3 transactions in flight
                .build()
                .write(actions);                // 1,050 upserts: 5 + 5 + 1 single-partition transactions
        // @end region="guide-batch-write"

        // Then all are applied with 5 + 5 + 1 single-partition transactions and nothing else
        TransactionCounts spent = counter.snapshot().minus(before);
        assertThat(result.applied()).isEqualTo(1050);
        assertThat(result.isComplete()).isTrue();
        assertThat(result.transactions()).isEqualTo(11);
        assertThat(spent.get(TransactionKind.BATCH)).isEqualTo(11);
        assertThat(spent.total()).isEqualTo(11);
        assertThat(table.listEntities().stream().count()).isEqualTo(1050);
        table.deleteTable();
    }

    @Test
    void splitsBy4MiBAndReadsBackEveryEntity(TestStorage storage) {
        TableClient table = storage.createTable();
        List<TableTransactionAction> actions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            TableEntity e = new TableEntity("big", String.format("%03d", i));
            for (int j = 0; j < 3; j++) {
                e.addProperty("B" + j, new byte[60 * 1024]);
            }
            actions.add(upsert(e));
        }
        BatchWriteResult result = TableBatchWriter.builder().tableClient(table).build().write(actions);
        assertThat(result.applied()).isEqualTo(40);
        assertThat(result.transactions()).isGreaterThanOrEqualTo(3); // 40 x 240 KiB of base64 > 2 x 4 MiB
        assertThat(table.listEntities().stream().count()).isEqualTo(40);
    }

    @Test
    void reportsTheFailedEntityAndWritesTheRest(TestStorage storage) {
        TableClient table = storage.createTable();
        // @start region="guide-batch-failure"
        // 50 upserts and, in the middle, a merge of an entity that does not exist
        List<TableTransactionAction> actions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            actions.add(upsert(new TableEntity("p", String.format("%03d", i))));
        }
        TableTransactionAction missing = new TableTransactionAction(TableTransactionActionType.UPDATE_MERGE,
                new TableEntity("p", "missing").addProperty("X", 1));
        actions.add(25, missing);

        BatchWriteResult result = TableBatchWriter.builder().tableClient(table).build().write(actions);
        List<TableTransactionAction> rejected = new ArrayList<>();
        for (BatchFailure failure : result.failures()) {   // the merge of "missing"; the 50 upserts are applied
            rejected.add(failure.action());                 // failure.error(): the TableTransactionFailedException
        }
        // @end region="guide-batch-failure"

        assertThat(rejected).containsExactly(missing);
        assertThat(result.failures()).hasSize(1);
        assertThat(result.failures().get(0).action()).isSameAs(missing);
        assertThat(result.failures().get(0).error()).isInstanceOf(TableTransactionFailedException.class);
        assertThat(result.applied()).isEqualTo(50);
        assertThat(result.transactions()).isEqualTo(2);
        assertThat(table.listEntities().stream().count()).isEqualTo(50);
    }

    @Test
    void checksKeysAndLimitsBeforeSendingAnything(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        TableClient table = storage.tableServiceClientBuilder().addPolicy(counter).buildClient()
                .createTable(TestStorage.uniqueName("limits"));
        TableBatchWriter writer = TableBatchWriter.builder().tableClient(table).build();
        TransactionCounts before = counter.snapshot();

        assertThatThrownBy(() -> writer.write(List.of(upsert(new TableEntity("p", "ok")),
                upsert(new TableEntity("p", "a#b"))))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("RowKey \"a#b\"");
        TableEntity wide = new TableEntity("p", "wide");
        for (int i = 0; i < 253; i++) {
            wide.addProperty("P" + i, i);
        }
        assertThatThrownBy(() -> writer.write(List.of(upsert(wide)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("253 custom properties; the limit is 252");
        assertThatThrownBy(() -> writer.write(List.of(upsert(new TableEntity("p", "s")
                .addProperty("S", "x".repeat(32 * 1024 + 1)))))).hasMessageContaining("'S' is 65538 bytes");
        assertThat(counter.snapshot().minus(before).total()).isZero();
        assertThat(writer.write(List.of()).transactions()).isZero();
        table.deleteTable();
    }
}
