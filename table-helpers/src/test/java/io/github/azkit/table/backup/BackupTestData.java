package io.github.azkit.table.backup;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Test tables holding every EDM type and edge value, written with the raw SDK, and readers that keep exact types. */
final class BackupTestData {

    static final double[] DOUBLES = {2.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e20,
        1.5, Double.MIN_VALUE, Double.MAX_VALUE, -123456.789};
    static final String[] UNICODE = {"日本語", "Ωmega", "emoji-\uD83C\uDF89", "Ünïcödé", "ascii", "مرحبا", "a b c"};

    private BackupTestData() {
    }

    /** Entity {@code i} of partition {@code p}: every type, with the edge values cycling. */
    static BackupEntity entity(String partitionKey, String rowKey, int i) {
        List<BackupEntity.Prop> props = new ArrayList<>();
        props.add(new BackupEntity.Prop("D", EdmType.DOUBLE, DOUBLES[i % DOUBLES.length]));
        props.add(new BackupEntity.Prop("D2", EdmType.DOUBLE, (double) i));
        props.add(new BackupEntity.Prop("I32", EdmType.INT32, i % 3 == 0 ? Integer.MIN_VALUE : i));
        props.add(new BackupEntity.Prop("I64", EdmType.INT64, i % 3 == 0 ? Long.MAX_VALUE : (long) i));
        props.add(new BackupEntity.Prop("B", EdmType.BOOLEAN, i % 2 == 0));
        props.add(new BackupEntity.Prop("T", EdmType.DATE_TIME, Instant.ofEpochSecond(1_700_000_000L + i, (i % 10_000_000) * 100L)));
        props.add(new BackupEntity.Prop("G", EdmType.GUID, new UUID(i, ~i)));
        props.add(new BackupEntity.Prop("X", EdmType.BINARY, i % 5 == 0 ? new byte[0] : new byte[] {(byte) i, 0, -1}));
        props.add(new BackupEntity.Prop("S", EdmType.STRING, i % 4 == 0 ? "" : UNICODE[i % UNICODE.length] + i));
        props.add(new BackupEntity.Prop("SNum", EdmType.STRING, i % 2 == 0 ? "NaN" : "2.0"));
        props.sort((a, b) -> a.name().compareTo(b.name()));
        return new BackupEntity(partitionKey, rowKey, List.copyOf(props));
    }

    /** An entity with 252 properties of mixed types. */
    static BackupEntity wide(String partitionKey, String rowKey, int i) {
        List<BackupEntity.Prop> props = new ArrayList<>();
        for (int k = 0; k < 252; k++) {
            String name = String.format("P%03d", k);
            props.add(switch (k % 4) {
                case 0 -> new BackupEntity.Prop(name, EdmType.DOUBLE, (double) k);
                case 1 -> new BackupEntity.Prop(name, EdmType.INT64, (long) k * i);
                case 2 -> new BackupEntity.Prop(name, EdmType.STRING, "v" + k);
                default -> new BackupEntity.Prop(name, EdmType.DATE_TIME, Instant.ofEpochSecond(k, 100L * i));
            });
        }
        return new BackupEntity(partitionKey, rowKey, List.copyOf(props));
    }

    /**
     * An entity as large as Azurite accepts (it measures the JSON against 1 MiB): 11 binary properties of
     * 64 KiB (961 KB in base64) and a 32 K-character non-ASCII string (64 KB), about 1.03 MB of JSON.
     */
    static BackupEntity huge(String partitionKey, String rowKey, int i) {
        List<BackupEntity.Prop> props = new ArrayList<>();
        Random random = new Random(i);
        for (int k = 0; k < 11; k++) {
            byte[] b = new byte[64 * 1024];
            random.nextBytes(b);
            props.add(new BackupEntity.Prop(String.format("Bin%02d", k), EdmType.BINARY, b));
        }
        props.add(new BackupEntity.Prop("Text", EdmType.STRING, "é".repeat(32 * 1024 - 1)));
        return new BackupEntity(partitionKey, rowKey, List.copyOf(props));
    }

    /** The standard test table: {@code count} entities over {@code partitions} partitions with unicode keys. */
    static List<BackupEntity> standard(int count, int partitions) {
        List<BackupEntity> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int p = i % partitions;
            list.add(entity(String.format("p%04d-%s", p, UNICODE[p % UNICODE.length]),
                    String.format("r%06d-%s", i, UNICODE[i % UNICODE.length]), i));
        }
        return list;
    }

    /** Writes with the raw SDK in parallel 100-entity batches (Doubles annotated). */
    static void load(TableClient table, List<BackupEntity> entities) {
        Map<String, List<BackupEntity>> byPartition = new TreeMap<>();
        entities.forEach(e -> byPartition.computeIfAbsent(e.partitionKey(), k -> new ArrayList<>()).add(e));
        List<List<TableTransactionAction>> batches = new ArrayList<>();
        for (List<BackupEntity> partition : byPartition.values()) {
            List<TableTransactionAction> batch = new ArrayList<>();
            long bytes = 0;
            for (BackupEntity e : partition) {
                if (batch.size() == 100 || bytes + e.estimatedWireSize() > 3_500_000) {
                    batches.add(batch);
                    batch = new ArrayList<>();
                    bytes = 0;
                }
                batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, e.toTableEntity()));
                bytes += e.estimatedWireSize();
            }
            batches.add(batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<TableTransactionAction> b : batches) {
                futures.add(pool.submit(() -> table.submitTransaction(b)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The whole table, keyed and sorted, with exact EDM types. */
    static TreeMap<String, BackupEntity> read(TableClient table) {
        TreeMap<String, BackupEntity> map = new TreeMap<>();
        for (TableEntity e : table.listEntities()) {
            BackupEntity b = BackupEntity.from(e);
            map.put(b.key(), b);
        }
        return map;
    }

    /** Thrown by a test's listener to stop an operation as a crash would (an Error: listeners' exceptions are only logged). */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }
}
