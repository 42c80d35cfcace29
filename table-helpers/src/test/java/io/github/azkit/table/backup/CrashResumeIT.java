package io.github.azkit.table.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlockListType;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL ({@code destroyForcibly}) of a backup to a file, a backup to a blob, a restore and a migration, each in a
 * child JVM, at random times spread over the whole run (seeded), so that kills land in the middle of appends,
 * block uploads, batches and checkpoint writes, not only between pages; each output is killed twice, then resumed
 * in this JVM, and the result must equal the source exactly. Where each kill landed is read from what it left
 * behind and printed. Set {@code -Dcrash.seed} to replay a run and {@code -Dcrash.kills} for more kills per kind.
 */
@AzkitStorageTest
class CrashResumeIT {

    private static final long SEED = Long.getLong("crash.seed", System.nanoTime());
    private static final int KILLS = Integer.getInteger("crash.kills", 10);
    private static final int KILLS_PER_OUTPUT = 2;
    private static final int ENTITIES = 2_000;
    private static final List<BackupEntity> DATA = BackupTestData.standard(ENTITIES, 20);

    @TempDir
    static Path dir;

    private final Random random = new Random(SEED);
    private final Map<String, Integer> landed = new TreeMap<>();
    private int run;

    @BeforeAll
    static void seed() {
        System.out.println("CrashResumeIT seed " + SEED + " (replay with -Dcrash.seed=" + SEED + ")");
    }

    /**
     * Runs the child once to the end, returning how long the work took after it printed {@code started}.
     */
    private Duration calibrate(TestStorage storage, String mode, String table, String target) throws Exception {
        try (ChildJvm child = start(storage, mode, table, target)) {
            child.awaitLine("started"::equals, Duration.ofSeconds(60));
            long t0 = System.nanoTime();
            assertThat(child.waitFor(Duration.ofSeconds(90))).as(child.output()).isZero();
            assertThat(child.outputLines()).contains("finished");
            return Duration.ofNanos(System.nanoTime() - t0);
        }
    }

    private ChildJvm start(TestStorage storage, String mode, String table, String target) {
        return ChildJvm.builder(CrashChild.class).name("crash-" + mode + "-" + (run++)).args(mode, table, target)
                .env("AZKIT_CHILD_CONNECTION_STRING", storage.connectionString()).jvmOptions("-Xmx256m").start();
    }

    /** Starts the child, kills it at a random time within {@code span} after it started working; true if killed. */
    private boolean killAtRandom(TestStorage storage, String mode, String table, String target, Duration span)
            throws Exception {
        long delay = (long) (random.nextDouble() * span.toMillis() * 0.7);
        try (ChildJvm child = start(storage, mode, table, target)) {
            child.awaitLine("started"::equals, Duration.ofSeconds(60));
            Thread.sleep(delay); // a real process is killed at a real time: there is no clock to inject
            boolean finished = !child.isAlive() || child.outputLines().contains("finished");
            child.kill();
            if (finished || child.outputLines().contains("finished")) {
                count(mode, "finished before the kill");
                return false;
            }
            return true;
        }
    }

    private void count(String mode, String where) {
        landed.merge(mode + ": " + where, 1, Integer::sum);
    }

    private void report() {
        System.out.println("CrashResumeIT kills (seed " + SEED + "):");
        landed.forEach((k, v) -> System.out.println("  " + v + " x " + k));
    }

    private static TableClient source(TestStorage storage) {
        TableClient source = storage.createTable();
        BackupTestData.load(source, DATA);
        return source;
    }

    @Test
    void backupsToAFileKilledAnywhereResumeToExactlyTheSource(TestStorage storage) throws Exception {
        TableClient source = source(storage);
        Duration span = calibrate(storage, "backup-file", source.getTableName(), dir.resolve("calibrate.azbak").toString());
        int kills = 0;
        for (int output = 0; kills < KILLS; output++) {
            Path file = dir.resolve("killed-" + output + ".azbak");
            for (int k = 0; k < KILLS_PER_OUTPUT && kills < KILLS; k++) {
                if (killAtRandom(storage, "backup-file", source.getTableName(), file.toString(), span)) {
                    kills++;
                    count("backup-file", whereFile(file));
                }
            }
            if (!Files.exists(file)) {
                BackupManifest manifest = CrashChild.backup(source).build().backupTo(file);
                assertThat(manifest.entityCount()).as("seed " + SEED).isEqualTo(ENTITIES);
            }
            assertThat(TableBackup.check(file).entityCount()).as("seed " + SEED).isEqualTo(ENTITIES);
            assertThat(BackupComparison.compare(file, source).isIdentical()).as("seed " + SEED).isTrue();
        }
        report();
    }

    /** What a killed file backup left: a torn checkpoint, data past its checkpoint, or a clean boundary. */
    private static String whereFile(Path file) throws Exception {
        Path checkpoint = Path.of(file + ".checkpoint");
        Path partial = Path.of(file + ".partial");
        String torn = Files.exists(Path.of(checkpoint + ".tmp")) ? ", checkpoint temp file left (mid-checkpoint)" : "";
        if (!Files.exists(checkpoint)) {
            return "before the first checkpoint" + torn;
        }
        long named = BackupCheckpoint.fromJson(Files.readString(checkpoint), "c").bytes;
        long size = Files.exists(partial) ? Files.size(partial) : 0;
        return (size > named ? "mid-page (data past the checkpoint)" : "at a page boundary") + torn;
    }

    @Test
    void backupsToABlobKilledAnywhereResumeToExactlyTheSource(TestStorage storage) throws Exception {
        TableClient source = source(storage);
        BlobContainerClient container = storage.createContainer();
        String prefix = container.getBlobContainerName() + "/";
        Duration span = calibrate(storage, "backup-blob", source.getTableName(), prefix + "calibrate.azbak");
        int kills = 0;
        for (int output = 0; kills < KILLS; output++) {
            BlobClient blob = container.getBlobClient("killed-" + output + ".azbak");
            for (int k = 0; k < KILLS_PER_OUTPUT && kills < KILLS; k++) {
                if (killAtRandom(storage, "backup-blob", source.getTableName(), prefix + blob.getBlobName(), span)) {
                    kills++;
                    count("backup-blob", whereBlob(container, blob));
                }
            }
            if (!blob.exists()) {
                BackupManifest manifest = CrashChild.backup(source).build().backupTo(blob);
                assertThat(manifest.entityCount()).as("seed " + SEED).isEqualTo(ENTITIES);
            }
            assertThat(TableBackup.check(blob).entityCount()).as("seed " + SEED).isEqualTo(ENTITIES);
            assertThat(BackupComparison.compare(blob, source).isIdentical()).as("seed " + SEED).isTrue();
        }
        report();
    }

    private static String whereBlob(BlobContainerClient container, BlobClient blob) {
        BlobClient checkpoint = container.getBlobClient(blob.getBlobName() + ".checkpoint");
        if (blob.exists()) {
            return "after the commit";
        }
        long staged;
        try {
            staged = blob.getBlockBlobClient().listBlocks(BlockListType.UNCOMMITTED).getUncommittedBlocks().size();
        } catch (RuntimeException e) {
            staged = 0;
        }
        if (!checkpoint.exists()) {
            return staged > 0 ? "blocks staged, before the first checkpoint upload" : "before the first block";
        }
        long named = BackupCheckpoint.fromJson(checkpoint.downloadContent().toString(), "c").blocks;
        return staged > named ? "between a block and its checkpoint, or pieces staged past it"
                : "pages buffered after a checkpoint (nothing staged past it)";
    }

    @Test
    void restoresKilledAnywhereResumeToExactlyTheSource(TestStorage storage) throws Exception {
        TableClient source = source(storage);
        Path file = dir.resolve("full.azbak");
        CrashChild.backup(source).build().backupTo(file);
        TreeMap<String, BackupEntity> expected = BackupTestData.read(source);
        Duration span = calibrate(storage, "restore", storage.createTable().getTableName(), file.toString());
        int kills = 0;
        while (kills < KILLS) {
            TableClient target = storage.createTable();
            Path checkpoint = Path.of(file + ".restore");
            for (int k = 0; k < KILLS_PER_OUTPUT && kills < KILLS; k++) {
                if (killAtRandom(storage, "restore", target.getTableName(), file.toString(), span)) {
                    kills++;
                    count("restore", whereRestore(checkpoint, target));
                }
            }
            if (Files.exists(checkpoint) || target.listEntities().stream().findAny().isEmpty()) {
                CrashChild.restore(target, checkpoint).build().restoreFrom(file);
            } // else the child finished and deleted its checkpoint just before the kill: nothing to resume
            assertThat(Files.exists(checkpoint)).isFalse();
            assertThat(BackupTestData.read(target)).as("seed " + SEED).isEqualTo(expected);
        }
        report();
    }

    private static String whereRestore(Path checkpoint, TableClient target) throws Exception {
        String torn = Files.exists(Path.of(checkpoint + ".tmp")) ? ", checkpoint temp file left" : "";
        if (!Files.exists(checkpoint)) {
            return (target.listEntities().stream().findAny().isPresent() ? "after the last chunk (checkpoint deleted)"
                    : "before the checkpoint was created") + torn;
        }
        com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readString(checkpoint));
        long doneChunks = node.get("low").asLong() + node.get("above").size();
        long inTable = target.listEntities().stream().count();
        return (inTable > doneChunks * CrashChild.PAGE ? "mid-chunk (entities written past the checkpoint)"
                : "at a chunk boundary") + torn;
    }

    @Test
    void migrationsKilledAnywhereResumeToExactlyTheMigratedSource(TestStorage storage) throws Exception {
        Supplier<TableClient> fresh = () -> source(storage);
        // the expected result is what an uninterrupted run in a child makes of the same table
        TableClient uninterrupted = fresh.get();
        Duration span = calibrate(storage, "migrate", uninterrupted.getTableName(),
                dir.resolve("calibrate.migration").toString());
        TreeMap<String, BackupEntity> expected = BackupTestData.read(uninterrupted);
        assertThat(expected).hasSize(ENTITIES);
        int kills = 0;
        for (int output = 0; kills < KILLS; output++) {
            TableClient table = fresh.get();
            Path checkpoint = dir.resolve("killed-" + output + ".migration");
            for (int k = 0; k < KILLS_PER_OUTPUT && kills < KILLS; k++) {
                if (killAtRandom(storage, "migrate", table.getTableName(), checkpoint.toString(), span)) {
                    kills++;
                    count("migrate", whereMigration(checkpoint, table));
                }
            }
            String from = Files.exists(checkpoint) ? Files.readString(checkpoint) : "";
            CrashChild.migration(table).build().run(from.isEmpty() ? null : from);
            assertThat(BackupTestData.read(table)).as("seed " + SEED).isEqualTo(expected);
        }
        report();
    }

    private static String whereMigration(Path checkpoint, TableClient table) {
        long migrated = table.listEntities().stream().filter(e -> e.getProperty("Plan") != null).count();
        String torn = Files.exists(Path.of(checkpoint + ".tmp")) ? ", checkpoint temp file left" : "";
        if (migrated == 0) {
            return "before the first write" + torn;
        }
        return (migrated % CrashChild.PAGE != 0 || !Files.exists(checkpoint) ? "mid-page (part of a page migrated)"
                : "at or near a page boundary") + torn;
    }
}
