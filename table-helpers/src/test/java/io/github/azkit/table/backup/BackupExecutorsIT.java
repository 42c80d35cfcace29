package io.github.azkit.table.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import io.github.azkit.storage.Ticker;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup and a restore run on the executor given and leave it running, report {@link BackupProgress} and
 * {@link RestoreProgress} events (a listener's exception is logged and does not stop them), and end within their
 * timeout, resumable.
 */
@AzkitStorageTest
class BackupExecutorsIT {

    @TempDir
    Path dir;

    @Test
    void backupAndRestoreRunOnTheGivenExecutorWithProgressEvents(TestStorage storage) {
        TableClient source = storage.createTable();
        BackupTestData.load(source, BackupTestData.standard(1_000, 10));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        AtomicInteger tasks = new AtomicInteger();
        List<BackupProgress> backupEvents = new CopyOnWriteArrayList<>();
        List<RestoreProgress> restoreEvents = new CopyOnWriteArrayList<>();
        try {
            Path file = dir.resolve("t.azbak");
            BackupManifest manifest = TableBackup.builder().tableClient(source).pageSize(100)
                    .partitionKeySplits(List.of("p0005")).parallelism(2)
                    .executor(task -> {
                        tasks.incrementAndGet();
                        pool.execute(task);
                    })
                    .onProgress(p -> {
                        backupEvents.add(p);
                        throw new IllegalStateException("a listener's failure is logged, never stops the backup");
                    })
                    .build().backupTo(file, Duration.ofMinutes(2), Context.NONE);

            assertThat(manifest.entityCount()).isEqualTo(1_000);
            assertThat(tasks.get()).isEqualTo(2); // one task per partition-key range
            assertThat(backupEvents).hasSize(10).allSatisfy(p -> assertThat(p.table()).isEqualTo(source.getTableName()));
            assertThat(backupEvents.get(9).entityCount()).isEqualTo(1_000);
            assertThat(backupEvents.get(9).byteCount()).isPositive();

            TableClient target = storage.createTable();
            RestoreResult restored = TableRestore.builder().tableClient(target).parallelism(2).executor(pool)
                    .mode(RestoreMode.REPLACE).onProgress(restoreEvents::add).build()
                    .restoreFrom(file, Duration.ofMinutes(2), Context.NONE);

            assertThat(restored.entitiesWritten()).isEqualTo(1_000);
            assertThat(restoreEvents).isNotEmpty().allSatisfy(p -> assertThat(p.entityCount()).isEqualTo(1_000));
            assertThat(restoreEvents.stream().mapToLong(RestoreProgress::entitiesWritten).max()).hasValue(1_000);
            assertThat(BackupComparison.compare(file, target).isIdentical()).isTrue();
            assertThat(pool.isShutdown()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBackupEndsWithinItsTimeoutAndResumes(TestStorage storage) throws Exception {
        TableClient source = storage.createTable();
        BackupTestData.load(source, BackupTestData.standard(1_000, 10));
        AtomicLong now = new AtomicLong();
        Ticker secondPerReading = () -> now.addAndGet(Duration.ofSeconds(1).toNanos());
        Path file = dir.resolve("timeout.azbak");

        assertThatThrownBy(() -> TableBackup.builder().tableClient(source).pageSize(100).parallelism(1)
                .ticker(secondPerReading).build().backupTo(file, Duration.ofSeconds(5), Context.NONE))
                .isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(Files.exists(file)).isFalse();

        BackupManifest resumed = TableBackup.builder().tableClient(source).pageSize(100).build().backupTo(file);
        assertThat(resumed.entityCount()).isEqualTo(1_000);
        assertThat(BackupComparison.compare(file, source).isIdentical()).isTrue();
    }
}
