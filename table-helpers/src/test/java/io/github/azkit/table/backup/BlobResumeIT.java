package io.github.azkit.table.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableClient;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backup to a blob that fails part way resumes from its checkpoint blob; nothing is committed before the end.
 * The block budget is lowered to 8 KiB (from 32 MiB) so that a few pages of this small table fill blocks and
 * their checkpoints are saved before the failure.
 */
@AzkitStorageTest
class BlobResumeIT {

    @Test
    void aFailedBlobBackupResumesAndCommitsOnlyAtTheEnd(TestStorage storage) {
        TableClient source = storage.createTable();
        BackupTestData.load(source, BackupTestData.standard(3_000, 30));
        BlobContainerClient container = storage.createContainer();
        BlobClient blob = container.getBlobClient("t.azbak");
        int[] pages = {0};

        assertThatThrownBy(() -> TableBackup.builder().tableClient(source).pageSize(200)
                .partitionKeySplits(List.of("p0015")).parallelism(1).blobBlocks(8 * 1024, 50_000)
                .onProgress(n -> {
                    if (++pages[0] == 4) {
                        throw new BackupTestData.SimulatedCrash("simulated crash after 4 pages");
                    }
                }).build().backupTo(blob)).hasMessage("simulated crash after 4 pages");

        assertThat(blob.exists()).isFalse();
        assertThat(container.getBlobClient("t.azbak.checkpoint").exists()).isTrue();
        BackupManifest manifest = TableBackup.builder().tableClient(source).pageSize(200)
                .partitionKeySplits(List.of("p0015")).build().backupTo(blob);
        assertThat(manifest.entityCount()).isEqualTo(3_000);
        assertThat(container.getBlobClient("t.azbak.checkpoint").exists()).isFalse();
        assertThat(BackupComparison.compare(blob, source).isIdentical()).isTrue();
        assertThat(blob.exists()).isTrue();
        assertThatThrownBy(() -> TableBackup.builder().tableClient(source).pageSize(100)
                .partitionKeySplits(List.of("p0015")).build().backupTo(blob))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
    }

    @Test
    void aCheckpointOfAnotherBackupIsRefused(TestStorage storage) {
        TableClient source = storage.createTable();
        BackupTestData.load(source, BackupTestData.standard(1_000, 10));
        BlobClient blob = storage.createContainer().getBlobClient("t.azbak");
        assertThatThrownBy(() -> TableBackup.builder().tableClient(source).pageSize(100).blobBlocks(4 * 1024, 50_000)
                .onProgress(n -> {
            throw new BackupTestData.SimulatedCrash("stop");
        }).build().backupTo(blob)).hasMessage("stop");

        assertThatThrownBy(() -> TableBackup.builder().tableClient(source).pageSize(100)
                .partitionKeySplits(List.of("p0005")).build().backupTo(blob))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to a backup of table '" + source.getTableName() + "'")
                .hasMessageContaining("not this one; delete it");
    }
}
