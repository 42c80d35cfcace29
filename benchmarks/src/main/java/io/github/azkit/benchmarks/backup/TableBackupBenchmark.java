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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Backup entities/s against a raw SDK scan, restore entities/s against raw parallel 100-entity batches and
 * single inserts, and the peak heap of a backup in a small-heap JVM, all on one Azurite started here.
 * The restore cases run in rounds of three, each into a new table deleted afterwards: raw batches of upserts (or
 * inserts), TableRestore, raw batches of inserts (or upserts), so that each restore is compared with raw runs
 * made just before and after it on an Azurite holding the same data, each starting once Azurite is idle. Each case
 * reports the CPU seconds used by this JVM, by Azurite's node process and by everything else on the machine while
 * it ran.
 * Arguments (optional): entities (default 60,000), payload characters per entity (default 2,000), rounds
 * (default 3).
 */
public final class TableBackupBenchmark {

    private static final int THREADS = 8;
    private static final int PARTITIONS = 500;
    private static final int RANGES = 8;

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

    /**
     * Raw SDK: 100-entity batches of one partition, {@value #THREADS} threads, all of one action type. In key order
     * (partition p0000 first), or, with {@code asBackedUp}, in the order of a backup of {@value #RANGES} ranges:
     * one batch from each range in turn, ascending within each range, as the backup's parallel ranges interleave
     * their chunks in the file (a restore writes in file order).
     */
    static double rawBatches(TableClient table, int n, String payload, TableTransactionActionType type,
            boolean asBackedUp) throws Exception {
        List<List<List<TableTransactionAction>>> ranges = new ArrayList<>();
        for (int r = 0; r < RANGES; r++) {
            ranges.add(new ArrayList<>());
        }
        for (int p = 0; p < PARTITIONS; p++) {
            List<List<TableTransactionAction>> range = ranges.get(asBackedUp ? p * RANGES / PARTITIONS : 0);
            List<TableTransactionAction> batch = new ArrayList<>();
            for (int i = p; i < n; i += PARTITIONS) {
                if (batch.size() == 100) {
                    range.add(batch);
                    batch = new ArrayList<>();
                }
                batch.add(new TableTransactionAction(type, entity(i, payload)));
            }
            if (!batch.isEmpty()) {
                range.add(batch);
            }
        }
        List<List<TableTransactionAction>> batches = new ArrayList<>();
        for (int k = 0; batches.size() < ranges.stream().mapToInt(List::size).sum(); k++) {
            for (List<List<TableTransactionAction>> range : ranges) {
                if (k < range.size()) {
                    batches.add(range.get(k));
                }
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

    /** One restore-comparison case: its figures, with the CPU that this JVM, Azurite and the rest used. */
    private record Case(String what, long entities, double seconds, CpuMeter.Sample cpu, String note) {

        double rate() {
            return entities / seconds;
        }
    }

    private interface Body {
        String run(TableClient target) throws Exception;
    }

    /** Runs one case into a new table, which it deletes afterwards so that Azurite holds the same for each case. */
    private static Case measure(TableServiceClient service, CpuMeter meter, String table, String what, long entities,
            Body body) throws Exception {
        meter.settle();
        TableClient target = service.createTable(table);
        CpuMeter.Sample before = meter.sample();
        long start = System.nanoTime();
        String note = body.run(target);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.Sample cpu = meter.sample().minus(before);
        target.deleteTable();
        return new Case(what, entities, seconds, cpu, note);
    }

    private static Case restoreCase(TableServiceClient service, CpuMeter meter, String table, Path file, int n,
            String what) throws Exception {
        return measure(service, meter, table, what, n,
                target -> {
                    long start = System.nanoTime();
                    AtomicLong firstProgress = new AtomicLong();
                    RestoreResult restored = TableRestore.builder().tableClient(target).parallelism(THREADS)
                            .onProgress(done -> firstProgress.compareAndSet(0, System.nanoTime())).build()
                            .restoreFrom(file);
                    if (restored.entitiesWritten() != n) {
                        throw new IllegalStateException("restored " + restored.entitiesWritten() + " of " + n);
                    }
                    return String.format(Locale.ROOT, "%,d batches; first chunk done after %.1f s",
                            restored.transactions(), (firstProgress.get() - start) / 1e9);
                });
    }

    private static String caseRow(int round, Case c, String ratio) {
        return String.format(Locale.ROOT, "| %d | %s | %,d | %.1f | %,.0f | %s | %.1f | %.1f | %.1f | %s |", round,
                c.what, c.entities, c.seconds, c.rate(), ratio, c.cpu.jvm(), c.cpu.azurite(), c.cpu.others(),
                c.note);
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int payloadChars = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int singles = Math.min(n, 10_000);
        String payload = "x".repeat(payloadChars);
        Path dir = Files.createTempDirectory("azkit-backup-bench");
        List<String> rows = new ArrayList<>();
        List<String> memoryLines = new ArrayList<>();
        List<String> restoreRows = new ArrayList<>();
        try (Azurite azurite = Azurite.start()) {
            TableServiceClient service = new TableServiceClientBuilder().connectionString(azurite.connectionString())
                    .buildClient();
            TableClient source = service.createTable("benchsource");
            double load = rawBatches(source, n, payload, TableTransactionActionType.UPSERT_REPLACE, false);
            rows.add(row("raw SDK: parallel 100-entity batches (" + THREADS + " threads), loading the source", n, load,
                    ""));

            long start = System.nanoTime();
            long scanned = 0;
            for (TableEntity e : source.listEntities()) {
                scanned++;
            }
            double scan = (System.nanoTime() - start) / 1e9;
            rows.add(row("raw SDK: full scan (listEntities)", scanned, scan, "backup ceiling"));

            List<String> splits = new ArrayList<>();
            for (int r = 1; r < RANGES; r++) {
                int p = (r * PARTITIONS + RANGES - 1) / RANGES; // the first partition that rawBatches puts in range r
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
            Path file1 = dir.resolve("bench1.azbak");
            TableBackup.builder().tableClient(source).build().backupTo(file1);
            double backup1 = (System.nanoTime() - start) / 1e9;
            rows.add(row("azkit TableBackup to a file, 1 range", manifest.entityCount(), backup1,
                    String.format(Locale.ROOT, "%.2fx the scan", scan / backup1)));

            // -Dazkit.bench.skipMemory=true leaves out the small-heap backups (for quicker restore measurements).
            int[][] configs = Boolean.getBoolean("azkit.bench.skipMemory") ? new int[0][] : new int[][] {{16, 100},
                {32, 1000}};
            for (int[] config : configs) {
                memoryLines.add(memory(azurite, dir, config[0], config[1], n, payloadChars));
            }

            // Azurite saves its whole in-memory database to disk every 5 s when anything changed, on its one
            // thread: a 60,000-entity source left in it would make each save cost seconds and slow whichever
            // case runs during more saves. The restore cases run on an Azurite holding only their own table.
            if (!Boolean.getBoolean("azkit.bench.keepSource")) {
                source.deleteTable();
            }
            CpuMeter meter = CpuMeter.forAzurite();
            TableTransactionActionType upsert = TableTransactionActionType.UPSERT_REPLACE;
            TableTransactionActionType insert = TableTransactionActionType.CREATE;
            String rawUpsert = "raw SDK: parallel 100-entity batches of upserts (" + THREADS + " threads), "
                    + "backup's order";
            String rawInsert = "raw SDK: parallel 100-entity batches of inserts (" + THREADS + " threads), "
                    + "backup's order";
            double best = 0;
            for (int round = 1; round <= rounds; round++) {
                // Alternate which raw case comes first, so neither always runs on a fresher Azurite.
                boolean upsertFirst = round % 2 == 1;
                String firstName = upsertFirst ? rawUpsert : rawInsert;
                String secondName = upsertFirst ? rawInsert : rawUpsert;
                TableTransactionActionType firstType = upsertFirst ? upsert : insert;
                TableTransactionActionType secondType = upsertFirst ? insert : upsert;
                Case first = measure(service, meter, "benchraw" + round + "a", firstName, n,
                        t -> {
                            rawBatches(t, n, payload, firstType, true);
                            return "";
                        });
                Case azkit = restoreCase(service, meter, "benchrestore" + round, file, n,
                        "azkit TableRestore of the " + RANGES + "-range backup (upserts; checks the whole file first)");
                Case second = measure(service, meter, "benchraw" + round + "b", secondName, n,
                        t -> {
                            rawBatches(t, n, payload, secondType, true);
                            return "";
                        });
                Case up = upsertFirst ? first : second;
                Case in = upsertFirst ? second : first;
                best = Math.max(best, azkit.rate());
                restoreRows.add(caseRow(round, first, ""));
                restoreRows.add(caseRow(round, azkit, String.format(Locale.ROOT, "**%.2fx** upserts, %.2fx inserts",
                        azkit.rate() / up.rate(), azkit.rate() / in.rate())));
                restoreRows.add(caseRow(round, second, ""));
            }

            // Key order: Azurite keeps a sorted index on PartitionKey, so writes in key order (each new key at
            // the end of the index) cost it less than the 8-range backup's order (new keys at 8 places).
            Case keyRaw = measure(service, meter, "benchrawkeys", "raw SDK: parallel 100-entity batches of upserts ("
                    + THREADS + " threads), key order", n, t -> {
                        rawBatches(t, n, payload, upsert, false);
                        return "";
                    });
            Case keyRestore = restoreCase(service, meter, "benchrestorekeys", file1, n,
                    "azkit TableRestore of the 1-range backup (key order)");
            restoreRows.add(caseRow(0, keyRaw, ""));
            restoreRows.add(caseRow(0, keyRestore, String.format(Locale.ROOT, "**%.2fx** upserts",
                    keyRestore.rate() / keyRaw.rate())));

            // The restore's first pass on its own: TableBackup.check reads and checks the file as restoreFrom does
            // before its first write. The best of three, as the JVM is warm by the third.
            double check = Double.MAX_VALUE;
            CpuMeter.Sample checkCpu = null;
            for (int i = 0; i < 3; i++) {
                CpuMeter.Sample before = meter.sample();
                long checkStart = System.nanoTime();
                TableBackup.check(file);
                double seconds = (System.nanoTime() - checkStart) / 1e9;
                if (seconds < check) {
                    check = seconds;
                    checkCpu = meter.sample().minus(before);
                }
            }
            restoreRows.add(caseRow(0, new Case("the restore's first pass alone (TableBackup.check of the file), best "
                    + "of 3", n, check, checkCpu, "no storage calls"), ""));

            double bestRestore = best;
            Case single = measure(service, meter, "benchsingle", "raw SDK: single inserts (" + THREADS + " threads)",
                    singles, t -> {
                        double s = parallel(singles, i -> t.createEntity(entity(i, payload)));
                        return String.format(Locale.ROOT, "the best TableRestore is %.1fx this",
                                bestRestore / (singles / s));
                    });
            restoreRows.add(caseRow(0, single, ""));
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
        System.out.println();
        System.out.println("| round | case | entities | seconds | entities/s | restore / adjacent raw | JVM CPU s "
                + "| Azurite CPU s | other CPU s | note |");
        System.out.println("|---:|---|---:|---:|---:|---|---:|---:|---:|---|");
        restoreRows.forEach(System.out::println);
    }
}
