package io.github.azkit.table.backup;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import java.nio.file.Path;
import java.util.List;

/**
 * A child JVM for {@code CrashResumeIT}: runs a backup or a restore, printing a line after each saved page or
 * chunk (and pausing 10 ms there, so the parent's kill lands in the middle), until the parent kills it with
 * SIGKILL. Arguments: {@code backup|restore connectionString table file}.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) {
        TableClient table = new TableServiceClientBuilder().connectionString(args[1]).buildClient()
                .getTableClient(args[2]);
        Path file = Path.of(args[3]);
        java.util.function.LongConsumer progress = n -> {
            System.out.println("progress " + n);
            System.out.flush();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        if (args[0].equals("backup")) {
            TableBackup.builder().tableClient(table).pageSize(100).partitionKeySplits(List.of("p0010"))
                    .parallelism(2).progressListener(progress).build().backupTo(file);
        } else {
            TableRestore.builder().tableClient(table).parallelism(2).checkpointFile(Path.of(file + ".restore"))
                    .progressListener(progress).build().restoreFrom(file);
        }
        System.out.println("finished");
    }
}
