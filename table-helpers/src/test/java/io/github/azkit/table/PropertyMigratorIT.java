package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpMethod;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import io.github.azkit.storage.AttemptTracker;
import io.github.azkit.storage.ETagStore;
import io.github.azkit.storage.OptimisticUpdate;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.storage.UpdateResult;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class PropertyMigratorIT {

    // @start region="migrator"
    // @start region="guide-migrator"
    static PropertyMigrator.Builder accountMigration(TableClient table) {
        return PropertyMigrator.builder()
                .tableClient(table)
                .rename("Name", "FullName")                                  // move the value, drop the old name
                .add("Plan", "monthly")                                      // a default for entities without it
                .add("Score", p -> ((Integer) p.get("N")) * 2)               // a value computed from the entity
                .delete("N");                                                // drop a property nobody reads
    }
    // @end region="guide-migrator"
    // @end region="migrator"

    private static void assertMigrated(TableEntity e) {
        assertThat(e.getProperties()).containsKeys("FullName", "Plan", "Score").doesNotContainKeys("Name", "N");
        int row = Integer.parseInt(e.getRowKey().substring(1));
        assertThat(e.getProperty("Score")).isEqualTo(row * 2);
    }

    @Test
    void migrates20000EntitiesWhileFourWritersKeepUpdatingAndLosesNoUpdate(TestStorage storage) throws Exception {
        TableClient table = storage.createTable();
        TestEntities.insert(table, 200, 100);
        PropertyMigrator migrator = accountMigration(table).parallelism(4).build();
        assertThat(migrator.dryRun().changed()).isEqualTo(20_000);

        // Four writers increment a counter on random entities with ETag-conditional read-modify-write. Their client
        // carries an AttemptTracker: the migrator's writes keep no record of recent writes, so without one a 412
        // on an entity's first update could not be told from a lost response (OutcomeUnknownException).
        TableClient tracked = storage.tableServiceClientBuilder().addPolicy(new AttemptTracker()).buildClient()
                .getTableClient(table.getTableName());
        Map<String, AtomicInteger> increments = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(20);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            running.add(writers.submit(() -> {
                while (!stop.get()) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    String pk = TestEntities.partitionKey(random.nextInt(200));
                    String rk = TestEntities.rowKey(random.nextInt(100));
                    ETagStore<TableEntity> store = EntityUpdate.store(tracked, pk, rk);
                    UpdateResult<TableEntity> r = OptimisticUpdate.update(store, current -> {
                        TableEntity next = new TableEntity(pk, rk);
                        current.getProperties().forEach(next::addProperty);
                        Object count = current.getProperty("Counter");
                        next.getProperties().put("Counter", count == null ? 1 : (Integer) count + 1);
                        return Optional.of(next);
                    });
                    assertThat(r.isWritten()).isTrue();
                    increments.computeIfAbsent(pk + "/" + rk, k -> new AtomicInteger()).incrementAndGet();
                    writing.countDown();
                }
                return null;
            }));
        }

        MigrationProgress done;
        try {
            assertThat(writing.await(1, java.util.concurrent.TimeUnit.MINUTES))
                    .as("the writers are going before the migration starts").isTrue();
            // @start region="guide-migrator-done"
            done = migrator.run();          // beside the writers: a conflict re-reads and re-migrates that entity
            // @end region="guide-migrator-done"
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
            writers.shutdown();
        }

        // Every entity migrated, every increment kept, and a second run changes nothing
        assertThat(done.isFinished()).isTrue();
        assertThat(done.scanned()).isEqualTo(20_000);
        assertThat(done.changed()).isEqualTo(20_000);
        long entities = 0;
        long totalIncrements = 0;
        for (TableEntity e : TableScan.builder().tableClient(table).build().stream().toList()) {
            entities++;
            assertMigrated(e);
            AtomicInteger expected = increments.get(e.getPartitionKey() + "/" + e.getRowKey());
            assertThat(e.getProperty("Counter")).as("counter of %s", e.getRowKey())
                    .isEqualTo(expected == null ? null : expected.get());
            totalIncrements += expected == null ? 0 : expected.get();
        }
        assertThat(entities).isEqualTo(20_000);
        assertThat(totalIncrements).isEqualTo(increments.values().stream().mapToLong(AtomicInteger::get).sum())
                .isGreaterThan(100);
        System.out.printf("migrated 20,000 entities beside %d concurrent updates; %d conflicts re-migrated%n",
                totalIncrements, done.conflicts());
        // @start region="guide-migrator-rerun"
        MigrationProgress rerun = migrator.run();   // scans all 20,000 again and changes none
        // @end region="guide-migrator-rerun"
        assertThat(rerun.changed()).isZero();
        assertThat(rerun.scanned()).isEqualTo(20_000);
    }

    /** Stands for the process dying in the middle of a page. */
    static final class Killed extends Error {
        Killed() {
            super("killed", null, false, false);
        }
    }

    @Test
    void aKillInTheMiddleOfAPageAndAResumeFinishExactly(TestStorage storage) {
        // Given a table client whose 13th transaction dies (the process is killed mid-page)
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger killAt = new AtomicInteger(-1);
        TransactionCounter counter = new TransactionCounter();
        TableClient table = storage.tableServiceClientBuilder().addPolicy(counter).addPolicy((context, next) -> {
            if (context.getHttpRequest().getHttpMethod() == HttpMethod.POST
                    && context.getHttpRequest().getUrl().getPath().contains("batch")
                    && batches.incrementAndGet() == killAt.get()) {
                throw new Killed(); // an Error: the SDK's retry policy retries exceptions
            }
            return next.process();
        }).buildClient().createTable(TestStorage.uniqueName("kill"));
        TestEntities.insert(table, 50, 100);
        killAt.set(batches.get() + 13);
        AtomicReference<String> checkpoint = new AtomicReference<>();
        AtomicLong changedBeforeKill = new AtomicLong();
        PropertyMigrator migrator = accountMigration(table).parallelism(1).onProgress(p -> {
            checkpoint.set(p.checkpoint());
            changedBeforeKill.set(p.changed());
        }).build();

        assertThatThrownBy(migrator::run).hasRootCauseInstanceOf(Killed.class);
        assertThat(changedBeforeKill.get()).isEqualTo(1000); // one page of 10 partitions was finished

        // Some partitions of the interrupted page were written before the kill, the one that died was not
        long migratedAtKill = TableScan.builder().tableClient(table).build().stream()
                .filter(e -> e.getProperty("FullName") != null).count();
        assertThat(migratedAtKill).isBetween(1200L, 1900L);
        assertThat(migratedAtKill % 100).isZero();

        // When the migration resumes from the last checkpoint
        TransactionCounts before = counter.snapshot();
        // @start region="guide-migrator-resume"
        // checkpoint: the last MigrationProgress.checkpoint() that onProgress saved before the crash
        MigrationProgress resumed = migrator.run(checkpoint.get());
        // rereads the interrupted page, skips the partitions already migrated, and changes the rest:
        // 1 batch transaction per partition changed + 1 list request per page (4 here)
        // @end region="guide-migrator-resume"

        // Then it rereads the interrupted page, skips what was migrated, and changes exactly the rest
        assertThat(resumed.isFinished()).isTrue();
        assertThat(resumed.scanned()).isEqualTo(4000);
        assertThat(resumed.changed()).isEqualTo(5000 - migratedAtKill);
        TransactionCounts spent = counter.snapshot().minus(before);
        assertThat(spent.get(TransactionKind.BATCH)).isEqualTo(resumed.changed() / 100); // one per partition
        assertThat(spent.get(TransactionKind.LIST)).isEqualTo(4);
        assertThat(resumed.transactions()).isEqualTo(spent.total());
        TableScan.builder().tableClient(table).build().stream().forEach(PropertyMigratorIT::assertMigrated);
        assertThat(migrator.run().changed()).isZero();
    }

    @Test
    void filtersAndReportsProgressAndValidates(TestStorage storage) {
        TableClient table = storage.createTable();
        TestEntities.insert(table, 3, 20);
        List<MigrationProgress> reports = new ArrayList<>();
        MigrationProgress done = PropertyMigrator.builder().tableClient(table)
                .filter(TableFilter.partitionKey(TestEntities.partitionKey(1)))
                .add("Flag", true).pageSize(8).onProgress(reports::add).build().run();
        assertThat(done.changed()).isEqualTo(20);
        assertThat(reports).extracting(MigrationProgress::scanned).containsExactly(8L, 16L, 20L);
        assertThat(reports.get(0).checkpoint()).isNotNull();
        assertThat(reports.get(2).isFinished()).isTrue();
        assertThat(TableScan.builder().tableClient(table).build().stream()
                .filter(e -> e.getProperty("Flag") != null).count()).isEqualTo(20);

        assertThatThrownBy(() -> PropertyMigrator.builder().tableClient(table).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no migration steps");
        assertThatThrownBy(() -> PropertyMigrator.builder().add("X", new Object()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'X'");
        assertThatThrownBy(() -> PropertyMigrator.builder().rename("A", "A"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PropertyMigrator.builder().delete("RowKey"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
