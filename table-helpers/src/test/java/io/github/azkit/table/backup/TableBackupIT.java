package io.github.azkit.table.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableClient;
import com.azure.storage.blob.BlobClient;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.table.TableFilter;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@AzkitStorageTest
class TableBackupIT {

    @TempDir
    Path dir;

    @Test
    void roundTripOf20000EntitiesKeepsEveryPropertyAndType(TestStorage storage) throws Exception {
        TableClient source = storage.createTable();
        List<BackupEntity> entities = new ArrayList<>(BackupTestData.standard(20_000, 300));
        for (int i = 0; i < 100; i++) {
            entities.add(BackupTestData.wide("wide", String.format("w%03d", i), i));
        }
        for (int i = 0; i < 6; i++) {
            entities.add(BackupTestData.huge("huge-\u00e9", "h" + i, i));
        }
        BackupTestData.load(source, entities);
        TransactionCounter counter = new TransactionCounter();
        TableClient videos = storage.tableServiceClientBuilder().addPolicy(counter).buildClient()
                .getTableClient(source.getTableName());
        Path file = dir.resolve("backup.azbak");

        // @start region="backup"
        // @start region="guide-backup"
        BackupManifest manifest = TableBackup.builder()
                .tableClient(videos)                                    // the table to back up
                .partitionKeySplits(List.of("p0100", "p0200", "wide"))  // 4 key ranges, read in parallel
                .parallelism(4)
                .build()
                .backupTo(file);  // 1 query per page of up to 1,000 entities in each range, no writes
        // @end region="guide-backup"
        // @end region="backup"
        TransactionCounts backupCost = counter.snapshot();

        assertThat(manifest.entityCount()).isEqualTo(20_106);
        assertThat(manifest.table()).isEqualTo(source.getTableName());
        assertThat(TableBackup.readManifest(file)).isEqualTo(manifest);
        // One query per page of at most 1,000 entities in each of the 4 ranges, nothing else.
        assertThat(backupCost.total()).isEqualTo(backupCost.get(TransactionKind.LIST) + backupCost.get(TransactionKind.READ));
        assertThat(backupCost.total()).isBetween(21L, 21L + 4);
        assertThat(backupCost.mutations()).isZero();
        assertThat(Files.exists(dir.resolve("backup.azbak.checkpoint"))).isFalse();

        TableClient target = storage.createTable();
        TableClient restored = storage.tableServiceClientBuilder().addPolicy(counter).buildClient()
                .getTableClient(target.getTableName());
        TransactionCounts before = counter.snapshot();
        // @start region="restore"
        // @start region="guide-restore"
        RestoreResult result = TableRestore.builder()
                .tableClient(restored)          // the table to restore into
                .mode(RestoreMode.FAIL_IF_EXISTS)
                .build()
                .restoreFrom(file);  // checks the whole file; then 1 query (is the table empty?) and 1 batch
                                     // transaction per run of up to 100 entities of one partition
        // @end region="guide-restore"
        // @end region="restore"
        TransactionCounts restoreCost = counter.snapshot().minus(before);

        assertThat(result.entitiesWritten()).isEqualTo(20_106);
        // Batches of one partition: ~67 entities per partition, split again only at chunk ends and by 4 MiB.
        assertThat(restoreCost.get(TransactionKind.BATCH)).isEqualTo(result.transactions());
        assertThat(result.transactions()).isLessThanOrEqualTo(300 + 1 + manifest.chunkCount() + 6);
        TreeMap<String, BackupEntity> expected = BackupTestData.read(source);
        TreeMap<String, BackupEntity> actual = BackupTestData.read(target);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String key : expected.keySet()) {
            assertThat(actual.get(key)).as(key).isEqualTo(expected.get(key));
        }
        // The source itself holds exactly what was written (Doubles as Edm.Double), so nothing was lost on the way.
        assertThat(expected.get(entities.get(0).key())).isEqualTo(entities.get(0));
        assertThat(BackupComparison.compare(file, target).isIdentical()).isTrue();
    }

    @Test
    void backupToABlobOfAFilteredPartAndRestore(TestStorage storage) {
        TableClient source = storage.createTable();
        BackupTestData.load(source, BackupTestData.standard(2_000, 20));
        BlobClient blob = storage.createContainer().getBlobClient("backups/part.azbak");

        BackupManifest manifest = TableBackup.builder().tableClient(source)
                .filter(TableFilter.partitionKey("p0001-Ωmega")).pageSize(30).build().backupTo(blob);

        assertThat(manifest.entityCount()).isEqualTo(100);
        assertThat(manifest.chunkCount()).isEqualTo(4);
        assertThat(manifest.filter()).isEqualTo("PartitionKey eq 'p0001-Ωmega'");
        assertThat(TableBackup.readManifest(blob)).isEqualTo(manifest);
        assertThat(TableBackup.check(blob)).isEqualTo(manifest);
        assertThat(blob.getContainerClient().getBlobClient("backups/part.azbak.checkpoint").exists()).isFalse();
        TableClient target = storage.createTable();
        TableRestore.builder().tableClient(target).build().restoreFrom(blob);
        assertThat(BackupTestData.read(target).values())
                .containsExactlyElementsOf(BackupTestData.read(source).values().stream()
                        .filter(e -> e.partitionKey().equals("p0001-Ωmega")).toList());
        // Compared with its own filter, the backup matches the full table.
        assertThat(BackupComparison.compare(blob, source).isIdentical()).isTrue();
    }

    @Test
    void anEmptyTableGivesAnEmptyBackup(TestStorage storage) {
        TableClient source = storage.createTable();
        Path file = dir.resolve("empty.azbak");

        BackupManifest manifest = TableBackup.builder().tableClient(source).build().backupTo(file);

        assertThat(manifest.entityCount()).isZero();
        assertThat(TableBackup.check(file)).isEqualTo(manifest);
        TableClient target = storage.createTable();
        assertThat(TableRestore.builder().tableClient(target).build().restoreFrom(file).entitiesWritten()).isZero();
    }

    @Test
    void badArgumentsAreRefusedWithTheFix(TestStorage storage) throws Exception {
        TableClient source = storage.createTable();
        Path existing = Files.writeString(dir.resolve("there.azbak"), "x");

        assertThatThrownBy(() -> TableBackup.builder().tableClient(source).build().backupTo(existing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already exists; delete it or choose another name");
        assertThatThrownBy(() -> TableBackup.builder().partitionKeySplits(List.of("b", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing, but 'b' comes before 'a'");
        assertThatThrownBy(() -> TableBackup.builder().parallelism(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'parallelism' must be between 1 and 64, was 0");
        assertThatThrownBy(() -> TableBackup.builder().pageSize(1001))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'pageSize' must be between 1 and 1000, was 1001");
        assertThatThrownBy(() -> TableBackup.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessage("'tableClient' must be set");
        assertThatThrownBy(() -> TableRestore.builder().tableClient(source).build().restoreFrom(dir.resolve("none")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }
}
