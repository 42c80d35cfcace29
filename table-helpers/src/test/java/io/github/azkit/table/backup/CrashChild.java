package io.github.azkit.table.backup;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.table.PropertyMigrator;
import io.github.azkit.testing.AzureLimitsGuard;
import io.github.azkit.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A child JVM for {@code CrashResumeIT}: runs a backup (to a file or a blob), a restore or a migration with the
 * same settings as the parent's resume, printing {@code started} before it begins, {@code progress ...} after each
 * page or chunk (without pausing: the parent kills it from outside at a random time, so kills land anywhere,
 * including in the middle of an append or a checkpoint write) and {@code finished} at the end. Arguments:
 * {@code backup-file|backup-blob|restore|migrate table target}, where target is a file (backup, restore, the
 * migration's checkpoint file) or {@code container/blob}; the connection string is in the environment variable
 * {@code AZKIT_CHILD_CONNECTION_STRING}.
 */
public final class CrashChild {

    static final int PAGE = 50;
    static final int BLOB_BLOCK_BYTES = 8 * 1024;

    private CrashChild() {
    }

    static TableBackup.Builder backup(TableClient table) {
        return TableBackup.builder().tableClient(table).pageSize(PAGE).partitionKeySplits(List.of("p0010"))
                .parallelism(2).blobBlocks(BLOB_BLOCK_BYTES, 50_000);
    }

    static TableRestore.Builder restore(TableClient table, Path checkpoint) {
        return TableRestore.builder().tableClient(table).parallelism(2).checkpointFile(checkpoint);
    }

    static PropertyMigrator.Builder migration(TableClient table) {
        return PropertyMigrator.builder().tableClient(table).pageSize(PAGE).parallelism(2)
                .rename("S", "Str").add("Plan", "monthly").delete("X");
    }

    public static void main(String[] args) throws Exception {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 97);
        String connection = System.getenv("AZKIT_CHILD_CONNECTION_STRING");
        TableClient table = new TableServiceClientBuilder().connectionString(connection)
                .addPolicy(new AzureLimitsGuard()).buildClient().getTableClient(args[1]);
        String target = args[2];
        java.util.function.LongConsumer progress = n -> {
            System.out.println("progress " + n);
            System.out.flush();
        };
        java.util.function.Consumer<BackupProgress> backupProgress = p -> progress.accept(p.entityCount());
        System.out.println("started");
        System.out.flush();
        switch (args[0]) {
            case "backup-file" -> backup(table).onProgress(backupProgress).build().backupTo(Path.of(target));
            case "backup-blob" -> {
                String[] parts = target.split("/", 2);
                backup(table).onProgress(backupProgress).build().backupTo(new BlobServiceClientBuilder()
                        .connectionString(connection).addPolicy(new AzureLimitsGuard()).buildClient()
                        .getBlobContainerClient(parts[0]).getBlobClient(parts[1]));
            }
            case "restore" -> restore(table, Path.of(target + ".restore"))
                    .onProgress(p -> progress.accept(p.entitiesWritten() + p.entitiesSkipped())).build()
                    .restoreFrom(Path.of(target));
            case "migrate" -> {
                Path checkpoint = Path.of(target);
                String from = Files.exists(checkpoint) ? Files.readString(checkpoint) : null;
                migration(table).onProgress(p -> {
                    try {
                        BackupSink.writeAtomically(checkpoint, p.checkpoint() == null ? "" : p.checkpoint());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    System.out.println("progress " + p.changed());
                    System.out.flush();
                }).build().run(from == null || from.isEmpty() ? null : from);
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.out.println("finished");
        System.out.flush();
    }
}
