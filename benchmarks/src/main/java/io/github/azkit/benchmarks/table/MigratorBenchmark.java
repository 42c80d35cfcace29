package io.github.azkit.benchmarks.table;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import io.github.azkit.benchmarks.TransactionTable;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.table.MigrationProgress;
import io.github.azkit.table.PropertyMigrator;
import io.github.azkit.table.TableBatchWriter;
import io.github.azkit.table.TableScan;
import io.github.azkit.testing.Azurite;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Property migration of 10,000 entities in 100 partitions (rename one property, add one, delete one): the
 * original toolkit's way (one conditional Replace per entity, sequential) against {@link PropertyMigrator}
 * (conditional Replace actions batched per partition, 1, 4 and 8 partitions at a time). Each case migrates its own
 * fresh copy of the same table. Starts its own Azurite.
 */
public final class MigratorBenchmark {

    private static final int PARTITIONS = 100;
    private static final int PER_PARTITION = 100;
    private static final int ENTITIES = PARTITIONS * PER_PARTITION;

    private MigratorBenchmark() {
    }

    /**
     * Runs the benchmark and prints a Markdown table.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (Azurite azurite = Azurite.start()) {
            TransactionCounter counter = new TransactionCounter();
            TableServiceClient service = new TableServiceClientBuilder().connectionString(azurite.connectionString())
                    .addPolicy(counter).buildClient();
            TransactionTable results = new TransactionTable("entity");

            TableClient naive = fill(service, "naive");
            TransactionCounts before = counter.snapshot();
            long start = System.nanoTime();
            long changed = 0;
            for (TableEntity e : TableScan.builder().tableClient(naive).build().stream().toList()) {
                TableEntity next = new TableEntity(e.getPartitionKey(), e.getRowKey());
                next.addProperty("FullName", e.getProperty("Name"));
                next.addProperty("Plan", "monthly");
                next.getProperties().put("odata.etag", e.getETag());
                naive.updateEntityWithResponse(next, TableEntityUpdateMode.REPLACE, true, null, null);
                changed++;
            }
            long naiveNanos = System.nanoTime() - start;
            results.add("original toolkit: one conditional Replace per entity, sequential", changed, naiveNanos,
                    counter.snapshot().minus(before));

            long bestNanos = Long.MAX_VALUE;
            for (int parallelism : new int[] {1, 4, 8}) {
                TableClient table = fill(service, "batched" + parallelism);
                before = counter.snapshot();
                start = System.nanoTime();
                MigrationProgress done = PropertyMigrator.builder().tableClient(table)
                        .rename("Name", "FullName").add("Plan", "monthly").delete("N")
                        .parallelism(parallelism).build().run();
                long nanos = System.nanoTime() - start;
                bestNanos = Math.min(bestNanos, nanos);
                results.add("azkit PropertyMigrator, parallelism " + parallelism, done.changed(), nanos,
                        counter.snapshot().minus(before));
            }
            results.print(System.out);
            System.out.printf(Locale.ROOT, "%nPropertyMigrator (best) / one Replace per entity: %.1fx entities/s%n",
                    (double) naiveNanos / bestNanos);
        }
    }

    private static TableClient fill(TableServiceClient service, String name) {
        TableClient table = service.createTable("migrate" + name);
        List<TableTransactionAction> actions = new ArrayList<>(ENTITIES);
        for (int p = 0; p < PARTITIONS; p++) {
            for (int r = 0; r < PER_PARTITION; r++) {
                actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                        new TableEntity(String.format("p%04d", p), String.format("r%06d", r))
                                .addProperty("N", r).addProperty("Name", "name-" + p + "-" + r)));
            }
        }
        TableBatchWriter.builder().tableClient(table).parallelism(4).build().write(actions);
        return table;
    }
}
