package io.github.azkit.table.cli;

import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.github.azkit.table.backup.BackupManifest;
import io.github.azkit.table.backup.CorruptBackupException;
import io.github.azkit.table.backup.TableBackup;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code azkit-tables list [--backups LOCATION]}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the tables of the account, or with --backups the backups in a folder or container",
            "(table, entities, completion time, from each manifest)."})
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = false, heading = "Storage account:%n")
    Connection connection = new Connection();

    @Option(names = "--backups", paramLabel = "LOCATION",
            description = "A local folder, or blob://CONTAINER/PREFIX (PREFIX may be empty: blob://CONTAINER/).")
    @Nullable String backups;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (backups == null) {
            connection.tables().listTables().forEach(t -> out.println(t.getName()));
            return AzkitTables.OK;
        }
        if (backups.startsWith("blob://")) {
            String rest = backups.substring("blob://".length());
            int slash = rest.indexOf('/');
            String container = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            var client = connection.blobs().getBlobContainerClient(container);
            for (BlobItem item : client.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
                if (!item.getName().endsWith(".checkpoint")) {
                    describe(out, "blob://" + container + "/" + item.getName(),
                            () -> TableBackup.readManifest(client.getBlobClient(item.getName())));
                }
            }
            return AzkitTables.OK;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(backups))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the folder " + backups, e);
        }
        for (Path f : files) {
            if (!f.toString().endsWith(".checkpoint") && !f.toString().endsWith(".partial")) {
                describe(out, f.toString(), () -> TableBackup.readManifest(f));
            }
        }
        return AzkitTables.OK;
    }

    private static void describe(PrintWriter out, String name, java.util.function.Supplier<BackupManifest> read) {
        try {
            BackupManifest m = read.get();
            out.printf(Locale.ROOT, "%s  table %s  %,d entities  completed %s%n", name, m.table(), m.entityCount(),
                    m.completedAt());
        } catch (CorruptBackupException e) {
            out.printf(Locale.ROOT, "%s  not a complete azkit backup (%s)%n", name, e.getMessage());
        }
    }
}
