package io.github.azkit.table.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kill -9 of a backup and of a restore at a random point, then resume: the result is exactly the source. */
@AzkitStorageTest
class CrashResumeIT {

    private static final long SEED = System.nanoTime();

    @TempDir
    Path dir;

    /** Runs the child until it has reported {@code progressLines} saves, then kills it with SIGKILL. */
    private static void runAndKill(String mode, TestStorage storage, String table, Path file, int progressLines)
            throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), mode,
                storage.connectionString(), table, file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int seen = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                assertThat(line).as("the child finished before the kill (seed " + SEED + ")").startsWith("progress");
                if (++seen == progressLines) {
                    child.destroyForcibly();
                    break;
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).as("progress lines before the kill (seed " + SEED + ")").isEqualTo(progressLines);
    }

    @Test
    void backupKilledAtARandomPageResumesToExactlyTheSource(TestStorage storage) throws Exception {
        TableClient source = storage.createTable();
        List<BackupEntity> entities = BackupTestData.standard(5_000, 20);
        BackupTestData.load(source, entities);
        Path file = dir.resolve("killed.azbak");
        int killAfter = 2 + new Random(SEED).nextInt(20);

        runAndKill("backup", storage, source.getTableName(), file, killAfter);

        assertThat(Files.exists(dir.resolve("killed.azbak.checkpoint"))).isTrue();
        assertThat(Files.exists(file)).isFalse();
        BackupManifest manifest = TableBackup.builder().tableClient(source).pageSize(100)
                .partitionKeySplits(List.of("p0010")).build().backupTo(file);
        assertThat(manifest.entityCount()).as("seed " + SEED).isEqualTo(5_000);
        assertThat(TableBackup.check(file)).isEqualTo(manifest);
        assertThat(BackupComparison.compare(file, source).identical()).isTrue();
        TableClient target = storage.createTable();
        TableRestore.builder().tableClient(target).build().restoreFrom(file);
        assertThat(BackupTestData.read(target)).isEqualTo(BackupTestData.read(source));
    }

    @Test
    void restoreKilledAtARandomChunkResumesToExactlyTheSource(TestStorage storage) throws Exception {
        TableClient source = storage.createTable();
        BackupTestData.load(source, BackupTestData.standard(5_000, 20));
        Path file = dir.resolve("full.azbak");
        TableBackup.builder().tableClient(source).pageSize(100).build().backupTo(file);
        TableClient target = storage.createTable();
        int killAfter = 2 + new Random(SEED).nextInt(20);

        runAndKill("restore", storage, target.getTableName(), file, killAfter);

        Path checkpoint = Path.of(file + ".restore");
        assertThat(Files.exists(checkpoint)).isTrue();
        RestoreResult result = TableRestore.builder().tableClient(target).checkpointFile(checkpoint).build()
                .restoreFrom(file);
        assertThat(result.resumed()).isTrue();
        assertThat(result.entitiesWritten()).as("seed " + SEED).isBetween(1L, 5_000L - 100L * killAfter);
        assertThat(Files.exists(checkpoint)).isFalse();
        assertThat(BackupTestData.read(target)).isEqualTo(BackupTestData.read(source));
    }
}
