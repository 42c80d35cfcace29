package io.github.azkit.table.cli;

import io.github.azkit.table.backup.BackupComparison;
import io.github.azkit.table.backup.BackupManifest;
import io.github.azkit.table.backup.TableBackup;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code azkit-tables verify --from LOCATION [TABLE]}. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check every checksum of a backup; with TABLE, also compare it with the live table and list",
            "entities missing from the table, extra in it, and different (property, EDM type or value)."})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = false, heading = "Storage account:%n")
    Connection connection = new Connection();

    @Option(names = "--from", required = true, paramLabel = "LOCATION",
            description = "The backup: a file path, or blob://CONTAINER/NAME.")
    String from;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TABLE", description = "The live table to compare with.")
    @Nullable String table;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Location location = Location.parse(from);
        if (table == null) {
            BackupManifest m = location.isBlob() ? TableBackup.check(location.blob(connection))
                    : TableBackup.check(location.file());
            out.printf(Locale.ROOT, "OK: %s holds %,d entities of table %s in %,d chunks, every checksum matches.%n",
                    from, m.entityCount(), m.table(), m.chunkCount());
            return AzkitTables.OK;
        }
        var client = connection.tables().getTableClient(table);
        BackupComparison c = location.isBlob() ? BackupComparison.compare(location.blob(connection), client)
                : BackupComparison.compare(location.file(), client);
        out.printf(Locale.ROOT, "backup %,d entities, table %,d: %,d missing from the table, %,d extra, %,d different%n",
                c.backupEntities(), c.tableEntities(), c.missingCount(), c.extraCount(), c.differentCount());
        print(out, "missing", c.missing(), c.missingCount());
        print(out, "extra", c.extra(), c.extraCount());
        print(out, "different", c.different(), c.differentCount());
        return c.isIdentical() ? AzkitTables.OK : AzkitTables.DIFFERENT;
    }

    private static void print(PrintWriter out, String kind, List<String> listed, long count) {
        listed.forEach(k -> out.println("  " + kind + " " + k));
        if (count > listed.size()) {
            out.printf(Locale.ROOT, "  ... and %,d more %s%n", count - listed.size(), kind);
        }
    }
}
