package io.github.azkit.benchmarks.backup;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import io.github.azkit.table.backup.BackupManifest;
import io.github.azkit.table.backup.TableBackup;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Run by {@link TableBackupBenchmark} in a JVM with a small heap: backs up a table to a file and prints
 * {@code entities maxHeapBytes peakHeapUsedBytes}. Arguments: connection string, table, file, page size.
 */
public final class BackupMemoryChild {

    private BackupMemoryChild() {
    }

    public static void main(String[] args) {
        TableClient table = new TableServiceClientBuilder().connectionString(args[0]).buildClient().getTableClient(args[1]);
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        BackupManifest manifest = TableBackup.builder().tableClient(table).parallelism(1).pageSize(Integer.parseInt(args[3])).build().backupTo(Path.of(args[2]));
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(manifest.entityCount() + " " + Runtime.getRuntime().maxMemory() + " " + peak);
    }
}
