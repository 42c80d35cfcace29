package io.github.azkit.table.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableClient;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockListType;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backup to a blob packs pages into blocks of a budget (lowered here from 32 MiB so that it shows on a small
 * table): a table that one block per page could not hold within the block cap backs up, checks, compares and
 * restores exactly; pages larger than the budget are cut into full blocks; a crash resumes from the last staged
 * block; past the cap the error says what to do.
 */
@AzkitStorageTest
class BlobPackingIT {

    private static TableClient source(TestStorage storage, int count) {
        TableClient source = storage.createTable();
        BackupTestData.load(source, BackupTestData.standard(count, 20));
        return source;
    }

    private static void assertExact(TestStorage storage, BlobClient blob, TableClient source, BackupManifest manifest) {
        assertThat(TableBackup.check(blob)).isEqualTo(manifest);
        assertThat(BackupComparison.compare(blob, source).isIdentical()).isTrue();
        TableClient target = storage.createTable();
        TableRestore.builder().tableClient(target).build().restoreFrom(blob);
        assertThat(BackupTestData.read(target)).isEqualTo(BackupTestData.read(source));
    }

    @Test
    void pagesArePackedIntoBlocksSoATableOfMorePagesThanTheBlockCapBacksUpExactly(TestStorage storage) {
        // 3,000 entities in pages of 10: 300 pages, 6 times the cap of 50 blocks that one block per page would need
        TableClient source = source(storage, 3_000);
        BlobContainerClient container = storage.createContainer();
        BlobClient blob = container.getBlobClient("packed.azbak");
        int budget = 64 * 1024;

        BackupManifest manifest = TableBackup.builder().tableClient(source).pageSize(10)
                .partitionKeySplits(List.of("p0010")).blobBlocks(budget, 50).build().backupTo(blob);

        assertThat(manifest.entityCount()).isEqualTo(3_000);
        assertThat(manifest.chunkCount()).isGreaterThanOrEqualTo(300);
        List<Block> blocks = blob.getBlockBlobClient().listBlocks(BlockListType.COMMITTED).getCommittedBlocks();
        long size = blob.getProperties().getBlobSize();
        System.out.printf("3,000 entities: %d bytes (%.0f per entity) in %d blocks of at most %d bytes%n", size,
                size / 3_000.0, blocks.size(), budget);
        assertThat(blocks).hasSizeLessThanOrEqualTo(50);
        assertThat(blocks).allSatisfy(b -> assertThat(b.getSizeLong()).isLessThanOrEqualTo(budget));
        // each block but the last is staged only when the next chunk (one page of 10 entities here) does not fit
        for (Block b : blocks.subList(0, blocks.size() - 1)) {
            assertThat(b.getSizeLong()).isGreaterThan(budget - 8 * 1024);
        }
        assertThat(blocks.stream().mapToLong(Block::getSizeLong).sum()).isEqualTo(size);
        assertThat(container.getBlobClient("packed.azbak.checkpoint").exists()).isFalse();
        assertExact(storage, blob, source, manifest);
    }

    @Test
    void pagesLargerThanTheBudgetAreCutIntoFullBlocks(TestStorage storage) {
        TableClient source = source(storage, 1_000);
        BlobClient blob = storage.createContainer().getBlobClient("cut.azbak");
        int budget = 1_000;

        BackupManifest manifest = TableBackup.builder().tableClient(source).pageSize(100).blobBlocks(budget, 50_000)
                .build().backupTo(blob);

        List<Block> blocks = blob.getBlockBlobClient().listBlocks(BlockListType.COMMITTED).getCommittedBlocks();
        long size = blob.getProperties().getBlobSize();
        assertThat(blocks).allSatisfy(b -> assertThat(b.getSizeLong()).isLessThanOrEqualTo(budget));
        assertThat((long) blocks.size()).isLessThanOrEqualTo(size / budget + 12); // full pieces, + one per page end
        assertExact(storage, blob, source, manifest);
    }

    @Test
    void aCrashResumesFromTheLastStagedBlockAndTheCheckpointNamesOnlyStagedBlocks(TestStorage storage) {
        TableClient source = source(storage, 3_000);
        BlobContainerClient container = storage.createContainer();
        BlobClient blob = container.getBlobClient("crash.azbak");
        int[] pages = {0};

        assertThatThrownBy(() -> TableBackup.builder().tableClient(source).pageSize(20).parallelism(1)
                .partitionKeySplits(List.of("p0010")).blobBlocks(16 * 1024, 100).onProgress(n -> {
                    if (++pages[0] == 50) {
                        throw new BackupTestData.SimulatedCrash("simulated crash after 50 pages");
                    }
                }).build().backupTo(blob)).hasMessage("simulated crash after 50 pages");

        BackupCheckpoint saved = BackupCheckpoint.fromJson(container.getBlobClient("crash.azbak.checkpoint")
                .downloadContent().toString(), "checkpoint");
        List<Block> staged = blob.getBlockBlobClient().listBlocks(BlockListType.UNCOMMITTED).getUncommittedBlocks();
        assertThat(saved.blocks).isGreaterThan(1).isLessThanOrEqualTo(staged.size());
        assertThat(saved.entities).isLessThan(50 * 20);
        long namedBytes = staged.stream().filter(b -> blockNumber(b) < saved.blocks).mapToLong(Block::getSizeLong).sum();
        assertThat(namedBytes).isEqualTo(saved.bytes);

        BackupManifest manifest = TableBackup.builder().tableClient(source).pageSize(20)
                .partitionKeySplits(List.of("p0010")).blobBlocks(16 * 1024, 100).build().backupTo(blob);
        assertThat(manifest.entityCount()).isEqualTo(3_000);
        assertExact(storage, blob, source, manifest);
    }

    private static long blockNumber(Block b) {
        String id = new String(java.util.Base64.getDecoder().decode(b.getName()), java.nio.charset.StandardCharsets.US_ASCII);
        return Long.parseLong(id.substring("azkit-backup-".length()));
    }

    @Test
    void pastTheBlockCapTheErrorSaysWhatToDo(TestStorage storage) {
        TableClient source = source(storage, 1_000);
        BlobClient blob = storage.createContainer().getBlobClient("big.azbak");

        assertThatThrownBy(() -> TableBackup.builder().tableClient(source).pageSize(100).blobBlocks(4 * 1024, 15)
                .build().backupTo(blob))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("would need more than 15 blocks of 4096 bytes")
                .hasMessageContaining("back up to a local file (no size limit), or back up the table in parts to "
                        + "several blobs, each with a filter on a range of partition keys");
        assertThat(blob.exists()).isFalse();

        // the advice can be followed: two blobs, split at a partition key, hold the table
        BlobClient low = storage.createContainer().getBlobClient("low.azbak");
        BlobClient high = storage.createContainer().getBlobClient("high.azbak");
        io.github.azkit.table.TableFilter lower = io.github.azkit.table.TableFilter.where("PartitionKey",
                io.github.azkit.table.Comparison.LESS_THAN, "p0010");
        io.github.azkit.table.TableFilter upper = io.github.azkit.table.TableFilter.where("PartitionKey",
                io.github.azkit.table.Comparison.GREATER_THAN_OR_EQUAL, "p0010");
        long a = TableBackup.builder().tableClient(source).pageSize(100).filter(lower).blobBlocks(4 * 1024, 15)
                .build().backupTo(low).entityCount();
        long b = TableBackup.builder().tableClient(source).pageSize(100).filter(upper).blobBlocks(4 * 1024, 15)
                .build().backupTo(high).entityCount();
        assertThat(a + b).isEqualTo(1_000);
    }
}
