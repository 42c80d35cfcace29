package io.github.azkit.table.cli;

import io.github.azkit.testing.ChildJvm;
import java.time.Duration;
import java.util.List;

/**
 * The child main of {@link NoWarningsIT}: GUIDE.md's command lines ({@code guide-commands.txt}) run one after the
 * other as a user runs {@code azkit-tables}, with the connection string in {@code AZURE_STORAGE_CONNECTION_STRING}.
 * Arguments: the source table, a table that does not exist yet, a backup file, a blob container. Prints
 * {@code DONE} and exits 0 if every command exited 0.
 */
public final class NormalRunChild {

    private NormalRunChild() {
    }

    /**
     * Runs the commands.
     *
     * @param args the source table, the restore table, the backup file and the container
     */
    public static void main(String[] args) {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 9);
        String orders = args[0];
        String orders2 = args[1];
        String file = args[2];
        String container = args[3];
        List<String[]> commands = List.of(
                new String[] {"backup", orders, "--to", file, "--split", "p2"},
                new String[] {"verify", "--from", file},
                new String[] {"restore", "--from", file, orders2, "--mode", "skip-existing"},
                new String[] {"verify", "--from", file, orders2},
                new String[] {"backup", orders, "--to", "blob://" + container + "/b/1.azbak", "--partition", "p3"},
                new String[] {"list", "--backups", "blob://" + container + "/b/"},
                new String[] {"list"});
        for (String[] command : commands) {
            int exit = AzkitTables.run(System.getenv(), command);
            if (exit != 0) {
                System.out.println("FAILED with " + exit + ": " + String.join(" ", command));
                System.exit(1);
            }
        }
        System.out.println("DONE");
        System.exit(0);
    }
}
