package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TableBatchWriterTest {

    /** Regression test for the original backup's splitter, which dropped entities. */
    @Property(tries = 200)
    void splittingNeverDropsDuplicatesOrMixesAndKeepsLimits(
            @ForAll @Size(max = 600) List<@IntRange(min = 0, max = 5) Integer> partitions,
            @ForAll @IntRange(min = 0, max = 40_000) int payloadBytes) {
        List<TableTransactionAction> actions = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            // Row keys repeat now and then: one entity written twice must go into two transactions.
            TableEntity entity = new TableEntity("p" + partitions.get(i), "r" + (i % 150))
                    .addProperty("Payload", new byte[(i % 7 == 0) ? payloadBytes : 10]);
            actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, entity));
        }
        List<TableTransactionAction> rejoined = new ArrayList<>();
        Map<String, List<TableTransactionAction>> byPartition = TableBatchWriter.groupByPartition(actions);
        for (List<TableTransactionAction> partition : byPartition.values()) {
            List<TableTransactionAction> partitionRejoined = new ArrayList<>();
            for (List<TableTransactionAction> chunk : TableBatchWriter.split(partition)) {
                assertThat(chunk).isNotEmpty().hasSizeLessThanOrEqualTo(TableBatchWriter.MAX_ACTIONS);
                assertThat(chunk.stream().map(a -> a.getEntity().getPartitionKey()).distinct()).hasSize(1);
                assertThat(chunk.stream().map(a -> a.getEntity().getRowKey())).doesNotHaveDuplicates();
                assertThat(chunk.stream().mapToLong(a -> EntitySizes.requestBytes(a.getEntity())).sum())
                        .isLessThanOrEqualTo(TableBatchWriter.MAX_REQUEST_BYTES);
                partitionRejoined.addAll(chunk);
            }
            assertThat(partitionRejoined).containsExactlyElementsOf(partition);
            rejoined.addAll(partitionRejoined);
        }
        assertThat(rejoined).hasSameSizeAs(actions).containsExactlyInAnyOrderElementsOf(actions);
    }
}
