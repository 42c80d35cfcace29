package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Regression test for "PropertyMigrator counts an entity whose transaction's response was lost as not changed":
 * the SDK re-sends the applied transaction, the ETags no longer match (412), and the migrator took its own write
 * for another writer's.
 */
@AzkitStorageTest
class PropertyMigratorFaultsIT {

    private static final long SEED = 4242L;

    @Test
    void migratesEachOf500EntitiesOnceAndCountsEachOnceUnderLostBatchResponsesAnd503s(TestStorage storage) {
        // Given 500 entities in 25 partitions (one transaction each)
        TableClient clean = storage.createTable();
        TestEntities.insert(clean, 25, 20);

        // When they are migrated in pages of 100 through a client that loses 30% of batch responses (the service
        // applied them), times out 5% after applying, and answers 503 to 10% of batches, queries and reads
        FaultInjector faults = FaultInjector.builder().seed(SEED)
                .rule(FaultRule.loseResponse().on(Operation.BATCH).withProbability(0.30))
                .rule(FaultRule.timeout().on(Operation.BATCH).withProbability(0.05))
                .rule(FaultRule.status(503).on(Operation.BATCH).withProbability(0.10))
                .rule(FaultRule.status(503).on(Operation.LIST).withProbability(0.10))
                .rule(FaultRule.status(503).on(Operation.READ).withProbability(0.10))
                .build();
        TableClient faulty = storage.tableServiceClient(faults).getTableClient(clean.getTableName());
        AtomicInteger computed = new AtomicInteger();
        List<MigrationProgress> reports = new ArrayList<>();
        MigrationProgress done = PropertyMigrator.builder().tableClient(faulty)
                .rename("Name", "FullName")
                .add("Plan", "monthly")
                .add("Score", p -> {
                    computed.incrementAndGet();
                    return ((Integer) p.get("N")) * 2;
                })
                .delete("N")
                .pageSize(100).parallelism(4).onProgress(reports::add).build().run();

        // Then the faults were there
        assertThat((double) faults.injected(Fault.LOST_RESPONSE) / faults.seen(Operation.BATCH)).isGreaterThan(0.2);
        assertThat(faults.injected(Fault.LOST_RESPONSE)).isGreaterThanOrEqualTo(6);
        System.out.printf("migrator under faults: %d batch requests, %d faults (%d lost responses); %s%n",
                faults.seen(Operation.BATCH), faults.injected(), faults.injected(Fault.LOST_RESPONSE), done);

        // And every entity was migrated once and counted once, and none was taken for another writer's change
        assertThat(done.isFinished()).isTrue();
        assertThat(done.scanned()).isEqualTo(500);
        assertThat(done.changed()).isEqualTo(500);
        assertThat(done.conflicts()).isZero();
        assertThat(computed.get()).as("each entity's value computed once").isEqualTo(500);
        assertThat(reports).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(reports.get(i).changed()).isEqualTo(100L * (i + 1));
        }
        List<TableEntity> stored = TableScan.builder().tableClient(clean).build().stream().toList();
        assertThat(stored).hasSize(500);
        for (TableEntity e : stored) {
            int row = Integer.parseInt(e.getRowKey().substring(1));
            assertThat(e.getProperties()).containsKeys("FullName", "Plan", "Score").doesNotContainKeys("Name", "N");
            assertThat(e.getProperty("Score")).isEqualTo(row * 2);
            assertThat(e.getProperty("FullName")).isEqualTo("name-" + Integer.parseInt(e.getPartitionKey().substring(1))
                    + "-" + row);
        }
        // And a second run, without faults, finds nothing to change
        assertThat(PropertyMigrator.builder().tableClient(clean).rename("Name", "FullName").add("Plan", "monthly")
                .delete("N").build().run().changed()).isZero();
    }
}
