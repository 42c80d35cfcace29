package io.github.azkit.table.cli;

import com.azure.data.tables.TableClient;
import io.github.azkit.table.TableFilter;
import io.github.azkit.table.backup.BackupManifest;
import io.github.azkit.table.backup.TableBackup;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code azkit-tables backup TABLE --to LOCATION}. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up a table (or some partitions of it) to a local file or a blob.",
            "Run the same command again after a crash to resume from the last checkpoint."})
final class BackupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOptions progressOptions;

    @ArgGroup(exclusive = false, heading = "Storage account:%n")
    Connection connection = new Connection();

    @Parameters(index = "0", paramLabel = "TABLE", description = "The table to back up.")
    String table;

    @Option(names = "--to", required = true, paramLabel = "LOCATION",
            description = "A file path, or blob://CONTAINER/NAME; it must not exist yet.")
    String to;

    @Option(names = "--partition", paramLabel = "KEY", description = "Back up only this partition (repeatable).")
    List<String> partitions = new ArrayList<>();

    @Option(names = "--partition-prefix", paramLabel = "PREFIX",
            description = "Back up only partitions whose key starts with this.")
    @Nullable String prefix;

    @Option(names = "--split", split = ",", paramLabel = "KEY",
            description = "Partition keys at which to cut the table into ranges read in parallel, e.g. --split g,n,t.")
    List<String> splits = new ArrayList<>();

    @Option(names = "--parallel", defaultValue = "4", description = "Ranges read at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--page-size", defaultValue = "1000",
            description = "Entities per query and checkpoint (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TableFilter filter = null;
        for (String p : partitions) {
            filter = filter == null ? TableFilter.partitionKey(p) : filter.or(TableFilter.partitionKey(p));
        }
        if (prefix != null) {
            TableFilter f = TableFilter.startsWith("PartitionKey", prefix);
            filter = filter == null ? f : filter.or(f);
        }
        Location location = Location.parse(to);
        TableClient client = connection.tables().getTableClient(table);
        Progress progress = progressOptions.quiet ? null : progressOptions.start(out, 0);
        TableBackup.Builder builder = TableBackup.builder().tableClient(client).filter(filter)
                .partitionKeySplits(splits).parallelism(parallel).pageSize(pageSize);
        if (progress != null) {
            builder.onProgress(p -> progress.update(p.entityCount()));
        }
        TableBackup backup = builder.build();
        BackupManifest manifest = location.isBlob() ? backup.backupTo(location.blob(connection))
                : backup.backupTo(location.file());
        if (progress != null) {
            progress.finish();
        }
        out.printf(Locale.ROOT, "Backed up %,d entities of table %s to %s in %,d chunks.%n", manifest.entityCount(),
                manifest.table(), to, manifest.chunkCount());
        return AzkitTables.OK;
    }
}
