package io.github.azkit.table.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlockListType;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup to a blob and restore under lost responses and 503s. Regression tests for "a backup whose Put Block List
 * response was lost fails as 'already exists'" (the SDK's retry of the applied commit met the blob it created) and
 * "a SKIP_EXISTING restore counts its own inserts whose response was lost as skipped".
 */
@AzkitStorageTest
class BackupFaultsIT {

    private static final long SEED = 7L;

    private static FaultInjector tableFaults(long seed) {
        return FaultInjector.builder().seed(seed)
                .rule(FaultRule.loseResponse().on(Operation.BATCH).withProbability(0.30))
                .rule(FaultRule.timeout().on(Operation.BATCH).withProbability(0.05))
                .rule(FaultRule.status(503).on(Operation.BATCH).withProbability(0.10))
                .rule(FaultRule.loseResponse().on(Operation.LIST).withProbability(0.20))
                .rule(FaultRule.status(503).on(Operation.LIST).withProbability(0.10))
                .rule(FaultRule.status(503).on(Operation.READ).withProbability(0.10))
                .build();
    }

    @Test
    void blobBackupsUnderLostCommitAndBlockResponsesAreCompleteOnceAndRestoreExactly(TestStorage storage) {
        // Given a table of 3,000 entities of every type
        TableClient source = storage.createTable();
        BackupTestData.load(source, BackupTestData.standard(3_000, 30));
        BlobContainerClient container = storage.createContainer();

        // When it is backed up 4 times through clients that lose half of the Put Block List responses (the
        // service committed), 25% of other write responses (Put Block, checkpoint uploads), answer 503 to 10% of
        // writes, and lose 20% of query responses
        FaultInjector commits = FaultInjector.builder().seed(SEED)
                .rule(FaultRule.loseResponse().on(Operation.BLOCK_COMMIT).withProbability(0.5)).build();
        FaultInjector writes = FaultInjector.builder().seed(SEED + 1)
                .rule(FaultRule.loseResponse().on(Operation.WRITE).withProbability(0.25))
                .rule(FaultRule.status(503).on(Operation.WRITE).withProbability(0.10))
                .build();
        BlobContainerClient faultyContainer = storage.blobServiceClientBuilder(writes).addPolicy(commits).buildClient()
                .getBlobContainerClient(container.getBlobContainerName());
        FaultInjector reads = tableFaults(SEED + 2);
        TableClient faultySource = storage.tableServiceClient(reads).getTableClient(source.getTableName());
        for (int i = 0; i < 4; i++) {
            BlobClient faultyBlob = faultyContainer.getBlobClient("t" + i + ".azbak");
            BackupManifest manifest = TableBackup.builder().tableClient(faultySource).pageSize(250)
                    .partitionKeySplits(List.of("p0015")).blobBlocks(16 * 1024, 50_000).build().backupTo(faultyBlob);

            // Then each backup is complete, holds each block once, checks, and compares equal to the source
            BlobClient blob = container.getBlobClient("t" + i + ".azbak");
            assertThat(manifest.entityCount()).isEqualTo(3_000);
            assertThat(TableBackup.check(blob).entityCount()).isEqualTo(3_000);
            assertThat(BackupComparison.compare(blob, source).isIdentical()).isTrue();
            List<String> ids = blob.getBlockBlobClient().listBlocks(BlockListType.COMMITTED).getCommittedBlocks()
                    .stream().map(b -> b.getName()).toList();
            // pages packed into blocks of at most 16 KiB (lowered from 32 MiB so that there are many Put Blocks)
            List<Long> sizes = blob.getBlockBlobClient().listBlocks(BlockListType.COMMITTED).getCommittedBlocks()
                    .stream().map(b -> b.getSizeLong()).toList();
            assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(8);
            assertThat(sizes).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(16 * 1024));
            assertThat(sizes.stream().mapToLong(Long::longValue).sum()).isEqualTo(blob.getProperties().getBlobSize());
            assertThat(container.getBlobClient("t" + i + ".azbak.checkpoint").exists()).isFalse();
        }
        assertThat(commits.injected(Fault.LOST_RESPONSE)).as("lost commit responses").isGreaterThanOrEqualTo(2);
        assertThat((double) commits.injected() / commits.seen(Operation.BLOCK_COMMIT)).isGreaterThanOrEqualTo(0.2);
        assertThat((double) writes.injected() / writes.seen(Operation.WRITE)).isGreaterThanOrEqualTo(0.2);
        System.out.printf("backups under faults: %d of %d commit responses lost; %d of %d other writes faulted; "
                + "%d of %d queries faulted%n", commits.injected(), commits.seen(Operation.BLOCK_COMMIT),
                writes.injected(), writes.seen(Operation.WRITE), reads.injected(), reads.seen(Operation.LIST));

        // And a backup restores to the source exactly, through a faulty client too
        TableClient target = storage.createTable();
        TableClient faultyTarget = storage.tableServiceClient(tableFaults(SEED + 3)).getTableClient(target.getTableName());
        RestoreResult restored = TableRestore.builder().tableClient(faultyTarget).build()
                .restoreFrom(faultyContainer.getBlobClient("t3.azbak"));
        assertThat(restored.entitiesWritten()).isEqualTo(3_000);
        assertThat(BackupTestData.read(target)).isEqualTo(BackupTestData.read(source));
    }

    @Test
    void restoresUnderLostBatchResponsesAnd503sGiveTheSourceAndExactCounts(TestStorage storage, @TempDir Path dir) {
        // Given a backup made without faults of 3,000 entities
        TableClient source = storage.createTable();
        BackupTestData.load(source, BackupTestData.standard(3_000, 30));
        Path file = dir.resolve("t.azbak");
        TableBackup.builder().tableClient(source).build().backupTo(file);
        TreeMap<String, BackupEntity> expected = BackupTestData.read(source);

        // When it is restored into a new table through a client that loses 30% of batch responses, times out 5%
        // after applying, and answers 503 to 10% of batches
        TableClient target = storage.createTable();
        FaultInjector faults = tableFaults(SEED);
        RestoreResult result = TableRestore.builder().tableClient(storage.tableServiceClient(faults)
                .getTableClient(target.getTableName())).build().restoreFrom(file);

        // Then the table equals the source, and each entity was counted once
        assertThat((double) faults.injected(Fault.LOST_RESPONSE) / faults.seen(Operation.BATCH)).isGreaterThan(0.2);
        assertThat(result.entitiesWritten()).isEqualTo(3_000);
        assertThat(result.entitiesSkipped()).isZero();
        assertThat(BackupTestData.read(target)).isEqualTo(expected);
        assertThat(BackupComparison.compare(file, target).isIdentical()).isTrue();

        // When it is restored, skipping existing entities, into a table that holds 60 of its keys with other values
        TableClient partly = storage.createTable();
        List<BackupEntity> kept = expected.values().stream().filter(e -> e.rowKey().hashCode() % 50 == 0).toList();
        for (BackupEntity e : kept) {
            partly.upsertEntity(new TableEntity(e.partitionKey(), e.rowKey()).addProperty("Live", "kept"));
        }
        assertThat(kept).hasSizeGreaterThan(20);
        FaultInjector skipFaults = tableFaults(SEED + 1);
        RestoreResult skipping = TableRestore.builder().mode(RestoreMode.SKIP_EXISTING)
                .tableClient(storage.tableServiceClient(skipFaults).getTableClient(partly.getTableName()))
                .build().restoreFrom(file);

        // Then exactly those are skipped and kept, and every other entity is written and counted once
        System.out.printf("restores under faults: %d of %d batch requests faulted (%d lost); skip-existing %d of "
                + "%d, %s%n", faults.injected(), faults.seen(Operation.BATCH), faults.injected(Fault.LOST_RESPONSE),
                skipFaults.injected(), skipFaults.seen(Operation.BATCH), skipping);
        assertThat((double) skipFaults.injected(Fault.LOST_RESPONSE) / skipFaults.seen(Operation.BATCH)).isGreaterThan(0.2);
        assertThat(skipping.entitiesSkipped()).isEqualTo(kept.size());
        assertThat(skipping.entitiesWritten()).isEqualTo(3_000 - kept.size());
        TreeMap<String, BackupEntity> after = BackupTestData.read(partly);
        assertThat(after).hasSize(3_000);
        for (BackupEntity e : expected.values()) {
            if (kept.contains(e)) {
                assertThat(after.get(e.key()).properties())
                        .containsExactly(new BackupEntity.Prop("Live", EdmType.STRING, "kept"));
            } else {
                assertThat(after.get(e.key())).isEqualTo(e);
            }
        }
    }
}
