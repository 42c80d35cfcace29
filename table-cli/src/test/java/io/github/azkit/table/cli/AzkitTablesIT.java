package io.github.azkit.table.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@AzkitStorageTest
class AzkitTablesIT {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(TestStorage storage, String... args) {
        return run(Map.of("AZURE_STORAGE_CONNECTION_STRING", storage.connectionString()), args);
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AzkitTables.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void load(TableClient table) {
        for (int p = 0; p < 5; p++) {
            List<TableTransactionAction> batch = new ArrayList<>();
            for (int r = 0; r < 100; r++) {
                batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                        new TableEntity("p" + p, "r" + r).addProperty("D", 2.0).addProperty("D@odata.type", "Edm.Double")
                                .addProperty("L", (long) r)));
            }
            table.submitTransaction(batch);
        }
    }

    /** GUIDE.md shows these lines (its block is checked against the file); here they run, names mapped. */
    @Test
    void theGuidesCommandLinesRunAsWritten(TestStorage storage) throws Exception {
        TableClient orders = storage.createTable();
        load(orders);
        String orders2 = TestStorage.uniqueName("t");
        String container = storage.createContainer().getBlobContainerName();
        Map<String, String> names = Map.of("orders", orders.getTableName(), "orders2", orders2,
                "orders.azbak", dir.resolve("orders.azbak").toString());
        List<String> lines;
        try (var in = AzkitTablesIT.class.getResourceAsStream("guide-commands.txt")) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .dropWhile(l -> !l.startsWith("// @start")).skip(1).takeWhile(l -> !l.startsWith("// @end"))
                    .toList();
        }
        assertThat(lines).hasSize(7);
        for (String line : lines) {
            String command = line.replaceAll("\\s+#.*$", "");
            List<String> args = new ArrayList<>();
            for (String word : command.split("\\s+")) {
                args.add(names.getOrDefault(word, word.replace("blob://backups/", "blob://" + container + "/")));
            }
            assertThat(args.remove(0)).isEqualTo("azkit-tables");
            Run result = run(storage, args.toArray(String[]::new));
            assertThat(result.exit()).as(line + "\n" + result.out() + result.err()).isZero();
        }
        assertThat(storage.tableServiceClient().getTableClient(orders2).listEntities()).hasSize(500);
    }

    @Test
    void backupVerifyRestoreVerifyWithExitCodes(TestStorage storage) throws Exception {
        TableClient source = storage.createTable();
        load(source);
        String file = dir.resolve("t.azbak").toString();

        Run backup = run(storage, "backup", source.getTableName(), "--to", file, "--split", "p2");
        assertThat(backup.exit()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("500 entities  ").contains("entities/s")
                .contains("Backed up 500 entities of table " + source.getTableName());

        Run check = run(storage, "verify", "--from", file);
        assertThat(check.exit()).isZero();
        assertThat(check.out()).contains("every checksum matches");

        String target = TestStorage.uniqueName("restored");
        Run restore = run(storage, "restore", "--from", file, target, "--checkpoint", dir.resolve("cp").toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("500/500 entities").contains("Restored 500 entities (0 skipped)");
        TableClient restored = storage.tableServiceClient().getTableClient(target);
        assertThat(restored.getEntity("p1", "r7").getProperties().get("D")).isEqualTo(2.0);

        assertThat(run(storage, "verify", "--from", file, target).exit()).isZero();
        restored.deleteEntity("p0", "r0");
        Run diff = run(storage, "verify", "--from", file, target);
        assertThat(diff.exit()).isEqualTo(AzkitTables.DIFFERENT);
        assertThat(diff.out()).contains("1 missing from the table").contains("missing (PartitionKey='p0', RowKey='r0')");

        Run again = run(storage, "restore", "--from", file, target, "--quiet");
        assertThat(again.exit()).isEqualTo(AzkitTables.FAILED);
        assertThat(again.err()).contains("already holds entities");
        assertThat(run(storage, "restore", "--from", file, target, "--mode", "skip-existing", "--quiet").out())
                .contains("Restored 1 entities (499 skipped)");
        restored.deleteTable();

        Run listed = run(storage, "list", "--backups", dir.toString());
        assertThat(listed.out()).contains("t.azbak  table " + source.getTableName() + "  500 entities");
        assertThat(run(storage, "list").out()).contains(source.getTableName());
    }

    @Test
    void damagedBackupExitsWith4AndWritesNothing(TestStorage storage) throws Exception {
        TableClient source = storage.createTable();
        load(source);
        Path file = dir.resolve("d.azbak");
        assertThat(run(storage, "backup", source.getTableName(), "--to", file.toString(), "--quiet").exit()).isZero();
        byte[] bytes = Files.readAllBytes(file);
        bytes[100] ^= 1;
        Files.write(file, bytes);
        TableClient target = storage.createTable();

        Run restore = run(storage, "restore", "--from", file.toString(), target.getTableName(), "--quiet");

        assertThat(restore.exit()).isEqualTo(AzkitTables.CORRUPT);
        assertThat(restore.err()).contains("d.azbak is damaged at byte 12: the SHA-256 of chunk 0");
        assertThat(target.listEntities()).isEmpty();
    }

    @Test
    void blobLocationsWork(TestStorage storage) {
        TableClient source = storage.createTable();
        load(source);
        String container = storage.createContainer().getBlobContainerName();

        assertThat(run(storage, "backup", source.getTableName(), "--to", "blob://" + container + "/b/1.azbak",
                "--partition", "p3", "--quiet").out()).contains("Backed up 100 entities");
        assertThat(run(storage, "list", "--backups", "blob://" + container + "/b/").out())
                .contains("blob://" + container + "/b/1.azbak  table " + source.getTableName() + "  100 entities");
        assertThat(run(storage, "verify", "--from", "blob://" + container + "/b/1.azbak", source.getTableName()).exit())
                .isZero();
    }

    @Test
    void usageErrorsExitWith2AndSayWhatToDo(TestStorage storage) {
        Run none = run(Map.of(), "list");
        assertThat(none.exit()).isEqualTo(AzkitTables.USAGE);
        assertThat(none.err()).contains("pass --connection-string, set AZURE_STORAGE_CONNECTION_STRING, or pass --endpoint");
        Run mode = run(storage, "restore", "--from", "x.azbak", "t", "--mode", "sometimes");
        assertThat(mode.exit()).isEqualTo(AzkitTables.USAGE);
        assertThat(mode.err()).contains("'--mode' must be fail-if-exists, skip-existing, merge or replace, was 'sometimes'");
        assertThat(run(storage, "backup").exit()).isEqualTo(AzkitTables.USAGE);
        Run help = run(storage, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("backup", "restore", "verify", "list", "Exit codes: 0 ok");
        assertThat(run(storage, "help", "restore").out()).contains("--mode=MODE", "skip-existing");
    }
}
