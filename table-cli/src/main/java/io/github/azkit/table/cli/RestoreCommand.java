package io.github.azkit.table.cli;

import com.azure.data.tables.TableClient;
import io.github.azkit.table.backup.BackupManifest;
import io.github.azkit.table.backup.RestoreMode;
import io.github.azkit.table.backup.RestoreResult;
import io.github.azkit.table.backup.TableBackup;
import io.github.azkit.table.backup.TableRestore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code azkit-tables restore --from LOCATION TABLE}. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Check a whole backup, then restore it into a table (created if missing).",
            "A damaged backup writes nothing. Run the same command again after a crash to resume."})
final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOptions progressOptions;

    @ArgGroup(exclusive = false, heading = "Storage account:%n")
    Connection connection = new Connection();

    @Parameters(index = "0", paramLabel = "TABLE", description = "The table to restore into.")
    String table;

    @Option(names = "--from", required = true, paramLabel = "LOCATION",
            description = "The backup: a file path, or blob://CONTAINER/NAME.")
    String from;

    @Option(names = "--mode", defaultValue = "fail-if-exists", paramLabel = "MODE",
            description = "fail-if-exists (the table must be empty), skip-existing, merge or replace "
                    + "(default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--parallel", defaultValue = "8", description = "Chunks written at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Where to record progress for a resume (default: BACKUPNAME.TABLE.restore-checkpoint "
                    + "in the current folder).")
    @Nullable Path checkpoint;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RestoreMode restoreMode;
        try {
            restoreMode = RestoreMode.valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'--mode' must be fail-if-exists, skip-existing, merge or replace, was '"
                    + mode + "'", e);
        }
        Location location = Location.parse(from);
        Path checkpointFile = checkpoint != null ? checkpoint
                : Path.of(location.stem() + "." + table + ".restore-checkpoint");
        BackupManifest manifest = location.isBlob() ? TableBackup.readManifest(location.blob(connection))
                : TableBackup.readManifest(location.file());
        Progress progress = progressOptions.quiet ? null : progressOptions.start(out, manifest.entityCount());
        TableClient client = connection.tables().getTableClient(table);
        TableRestore.Builder builder = TableRestore.builder().tableClient(client).mode(restoreMode)
                .parallelism(parallel).checkpointFile(checkpointFile);
        if (progress != null) {
            builder.onProgress(p -> progress.update(p.entitiesWritten() + p.entitiesSkipped()));
        }
        TableRestore restore = builder.build();
        RestoreResult result = location.isBlob() ? restore.restoreFrom(location.blob(connection))
                : restore.restoreFrom(location.file());
        if (progress != null) {
            progress.finish();
        }
        out.printf(Locale.ROOT, "Restored %,d entities (%,d skipped) of table %s into %s%s.%n", result.entitiesWritten(),
                result.entitiesSkipped(), manifest.table(), table, result.isResumed() ? ", resuming an earlier run" : "");
        return AzkitTables.OK;
    }
}
