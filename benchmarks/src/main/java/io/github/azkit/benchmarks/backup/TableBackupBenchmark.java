package io.github.azkit.benchmarks.backup;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import io.github.azkit.table.backup.BackupManifest;
import io.github.azkit.table.backup.RestoreResult;
import io.github.azkit.table.backup.TableBackup;
import io.github.azkit.table.backup.TableRestore;
import io.github.azkit.testing.Azurite;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Backup entities/s against a raw SDK scan, restore entities/s against raw parallel 100-entity batches and
 * single inserts, and the peak heap of a backup in a small-heap JVM, all on one Azurite started here.
 * Arguments (optional): entities (default 60,000), payload characters per entity (default 2,000).
 */
public final class TableBackupBenchmark {

    private static final int THREADS = 8;
    private static final int PARTITIONS = 500;

    private TableBackupBenchmark() {
    }

    static TableEntity entity(int i, String payload) {
        return new TableEntity(String.format("p%04d", i % PARTITIONS), String.format("r%07d", i))
                .addProperty("S", payload).addProperty("D", i % 2 == 0 ? 2.0 : i + 0.25)
                .addProperty("D@odata.type", "Edm.Double").addProperty("L", (long) i * 1_000_003L)
                .addProperty("I", i).addProperty("B", i % 3 == 0)
                .addProperty("T", OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 100 * (i % 10_000_000), ZoneOffset.UTC))
                .addProperty("G", new UUID(i, i)).addProperty("X", new byte[] {(byte) i, 1, 2, 3});
    }

    private static double parallel(int count, IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> task.accept(n)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Raw SDK: 100-entity batches of one partition, {@value #THREADS} threads. */
    static double rawBatches(TableClient table, int n, String payload) throws Exception {
        List<List<TableTransactionAction>> batches = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            List<TableTransactionAction> batch = new ArrayList<>();
            for (int i = p; i < n; i += PARTITIONS) {
                if (batch.size() == 100) {
                    batches.add(batch);
                    batch = new ArrayList<>();
                }
                batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, entity(i, payload)));
            }
            if (!batch.isEmpty()) {
                batches.add(batch);
            }
        }
        return parallel(batches.size(), b -> table.submitTransaction(batches.get(b)));
    }

    private static String row(String what, long entities, double seconds, String note) {
        return String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %s |", what, entities, seconds,
                entities / seconds, note);
    }

    /** Backs up the source in a child JVM with a small heap; returns a sentence with its peak heap. */
    private static String memory(Azurite azurite, Path dir, int heapMb, int pageSize, int n, int payloadChars)
            throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-cp", System.getProperty("java.class.path"), BackupMemoryChild.class.getName(),
                azurite.connectionString(), "benchsource", dir.resolve("memory" + heapMb + ".azbak").toString(),
                Integer.toString(pageSize))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        int exit = child.waitFor();
        long tableMb = ((long) n * (payloadChars + 600)) >> 20;
        if (exit != 0 || line == null) {
            return String.format(Locale.ROOT, "Backup with -Xmx%dm, page size %d: FAILED (exit %d).", heapMb, pageSize, exit);
        }
        String[] parts = line.split(" ");
        return String.format(Locale.ROOT, "Backup of %,d entities (about %,d MB as TableEntity objects) in a JVM with "
                + "-Xmx%dm (max heap %,d MB), page size %d, 1 range: peak heap used %,d MB.",
                Long.parseLong(parts[0]), tableMb, heapMb, Long.parseLong(parts[1]) >> 20, pageSize,
                Long.parseLong(parts[2]) >> 20);
    }

    private static double restore(TableServiceClient service, String name, Path file, List<String> rows, String what,
            double load) {
        TableClient target = service.getTableClient(name);
        long start = System.nanoTime();
        RestoreResult restored = TableRestore.builder().tableClient(target).parallelism(THREADS).build().restoreFrom(file);
        double seconds = (System.nanoTime() - start) / 1e9;
        rows.add(row(what, restored.entitiesWritten(), seconds, String.format(Locale.ROOT,
                "%.2fx the first raw batch run; %,d batches", load / seconds, restored.transactions())));
        target.deleteTable();
        return restored.entitiesWritten() / seconds;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int payloadChars = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int singles = Math.min(n, 10_000);
        String payload = "x".repeat(payloadChars);
        Path dir = Files.createTempDirectory("azkit-backup-bench");
        List<String> rows = new ArrayList<>();
        List<String> memoryLines = new ArrayList<>();
        try (Azurite azurite = Azurite.start()) {
            TableServiceClient service = new TableServiceClientBuilder().connectionString(azurite.connectionString())
                    .buildClient();
            TableClient source = service.createTable("benchsource");
            double load = rawBatches(source, n, payload);
            rows.add(row("raw SDK: parallel 100-entity batches (" + THREADS + " threads), loading the source", n, load,
                    "restore ceiling"));

            long start = System.nanoTime();
            long scanned = 0;
            for (TableEntity e : source.listEntities()) {
                scanned++;
            }
            double scan = (System.nanoTime() - start) / 1e9;
            rows.add(row("raw SDK: full scan (listEntities)", scanned, scan, "backup ceiling"));

            List<String> splits = new ArrayList<>();
            for (int p = PARTITIONS / 8; p < PARTITIONS; p += PARTITIONS / 8) {
                splits.add(String.format("p%04d", p));
            }
            Path file = dir.resolve("bench.azbak");
            start = System.nanoTime();
            BackupManifest manifest = TableBackup.builder().tableClient(source).partitionKeySplits(splits)
                    .parallelism(8).build().backupTo(file);
            double backup = (System.nanoTime() - start) / 1e9;
            rows.add(row("azkit TableBackup to a file, 8 ranges in parallel", manifest.entityCount(), backup,
                    String.format(Locale.ROOT, "%.2fx the scan; file %,d bytes", scan / backup, Files.size(file))));

            start = System.nanoTime();
            TableBackup.builder().tableClient(source).build().backupTo(dir.resolve("bench1.azbak"));
            double backup1 = (System.nanoTime() - start) / 1e9;
            rows.add(row("azkit TableBackup to a file, 1 range", manifest.entityCount(), backup1,
                    String.format(Locale.ROOT, "%.2fx the scan", scan / backup1)));

            for (int[] config : new int[][] {{16, 100}, {32, 1000}}) {
                memoryLines.add(memory(azurite, dir, config[0], config[1], n, payloadChars));
            }

            double restore = restore(service, "benchrestore", file, rows,
                    "azkit TableRestore (checks the whole file first), " + THREADS + " threads", load);
            TableClient rawTarget = service.createTable("benchraw");
            double raw = rawBatches(rawTarget, n, payload);
            rows.add(row("raw SDK: parallel 100-entity batches (" + THREADS + " threads), second run", n, raw, ""));
            rawTarget.deleteTable();
            double restore2 = restore(service, "benchrestore2", file, rows, "azkit TableRestore, second run", load);

            TableClient singleTarget = service.createTable("benchsingle");
            double single = parallel(singles, i -> singleTarget.createEntity(entity(i, payload)));
            rows.add(row("raw SDK: single inserts (" + THREADS + " threads)", singles, single, String.format(Locale.ROOT,
                    "TableRestore is %.1fx this", Math.max(restore, restore2) / (singles / single))));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        System.out.println();
        System.out.println("| case | entities | seconds | entities/s | note |");
        System.out.println("|---|---:|---:|---:|---|");
        rows.forEach(System.out::println);
        System.out.println();
        memoryLines.forEach(System.out::println);
    }
}
