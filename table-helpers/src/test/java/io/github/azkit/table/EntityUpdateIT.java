package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import io.github.azkit.storage.AttemptTracker;
import io.github.azkit.storage.ETagStore;
import io.github.azkit.storage.OutcomeUnknownException;
import io.github.azkit.storage.OptimisticUpdate;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.storage.UpdateResult;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class EntityUpdateIT {

    record Stats(@EntityProperty("PartitionKey") String videoId, @EntityProperty("RowKey") String rowKey, long views,
            String title) {
    }

    private final EntitySchema<Stats> schema = EntitySchema.of(Stats.class);

    @Test
    void concurrentIncrementsAreNeverLost(TestStorage storage) throws Exception {
        TransactionCounter counter = new TransactionCounter();
        TableClient table = storage.tableServiceClientBuilder().addPolicy(counter).addPolicy(new AttemptTracker())
                .buildClient().createTable(TestStorage.uniqueName("upd"));
        RetryPolicy patient = RetryPolicy.builder().maxAttempts(100).initialDelay(Duration.ofMillis(1))
                .maxDelay(Duration.ofMillis(20)).deadline(Duration.ofSeconds(60)).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> attempts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            attempts.add(pool.submit(() -> {
                int rounds = 0;
                for (int i = 0; i < 25; i++) {
                    UpdateResult<Stats> r = EntityUpdate.update(table, schema, "video-1", "", current ->
                            Optional.of(current == null ? new Stats("video-1", "", 1, "Intro")
                                    : new Stats("video-1", "", current.views() + 1, current.title())), patient);
                    assertThat(r.isWritten()).isTrue();
                    rounds += r.attempts();
                }
                return rounds;
            }));
        }
        int rounds = 0;
        for (Future<Integer> f : attempts) {
            rounds += f.get();
        }
        pool.shutdown();

        assertThat(schema.fromEntity(table.getEntity("video-1", "")).views()).isEqualTo(100);
        TransactionCounts spent = counter.snapshot();
        // Each round is one read and one write attempt; the rounds beyond 100 lost a race (412 or 409), and those are
        // the only failed requests: a read that finds no entity is an empty query, not a 404.
        assertThat(spent.get(TransactionKind.READ)).isEqualTo(rounds + 1);
        assertThat(spent.failed()).isEqualTo(rounds - 100L);
    }

    @Test
    void noChangeMeansNoWrite(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        TableClient table = storage.tableServiceClientBuilder().addPolicy(counter).buildClient()
                .createTable(TestStorage.uniqueName("noop"));
        table.upsertEntity(schema.toEntity(new Stats("v", "", 5, "Intro")).addProperty("Future", "kept"));
        TransactionCounts before = counter.snapshot();

        // @start region="guide-entity-update"
        // A function that returns an equal value: 1 read, no write
        UpdateResult<Stats> same = EntityUpdate.update(table, schema, "v", "",
                current -> Optional.of(new Stats("v", "", current.views(), current.title())));
        // A function that answers "no change": 1 read, no write
        UpdateResult<Stats> empty = EntityUpdate.update(table, schema, "v", "", current -> Optional.empty());
        // @end region="guide-entity-update"

        assertThat(same.isWritten()).isFalse();
        assertThat(empty.isWritten()).isFalse();
        TransactionCounts spent = counter.snapshot().minus(before);
        assertThat(spent.get(TransactionKind.READ)).isEqualTo(2);
        assertThat(spent.mutations()).isZero();

        // A real change is one read and one merge, and keeps the property this record does not know
        before = counter.snapshot();
        UpdateResult<Stats> changed = EntityUpdate.update(table, schema, "v", "",
                current -> Optional.of(new Stats("v", "", current.views(), "Introduction")));
        assertThat(changed.isWritten()).isTrue();
        assertThat(counter.snapshot().minus(before).total()).isEqualTo(2);
        TableEntity stored = table.getEntity("v", "");
        assertThat(stored.getProperty("Future")).isEqualTo("kept");
        assertThat(changed.eTag()).isNotBlank();
        assertThat(changed.value()).isEqualTo(schema.fromEntity(stored));
    }

    @Test
    void untypedStoreReplacesConditionallyAndKeepsDoubles(TestStorage storage) {
        TableClient table = storage.createTable();
        ETagStore<TableEntity> store = EntityUpdate.store(table, "p", "r");
        UpdateResult<TableEntity> created = OptimisticUpdate.update(store,
                current -> Optional.of(new TableEntity("p", "r").addProperty("Ratio", 2.0).addProperty("Old", 1)));
        assertThat(created.isWritten()).isTrue();
        OptimisticUpdate.update(store, current -> {
            TableEntity next = new TableEntity("p", "r");
            current.getProperties().forEach(next::addProperty);
            next.getProperties().remove("Old");
            return Optional.of(next);
        });
        TableEntity stored = table.getEntity("p", "r");
        assertThat(stored.getProperty("Ratio")).isEqualTo(2.0);
        assertThat(stored.getProperties()).doesNotContainKey("Old");
        assertThat((String) stored.getProperty(EntityUpdate.RECENT_WRITES_PROPERTY)).hasSize(8 + 1 + 8);
        assertThat(store.read().value().getProperties()).doesNotContainKey(EntityUpdate.RECENT_WRITES_PROPERTY);
    }

    @Test
    void aHundredIncrementsWithAQuarterOfResponsesLostCountExactlyAHundred(TestStorage storage) {
        String name = storage.createTable().getTableName();
        FaultInjector faults = FaultInjector.builder().seed(1202L)
                .rule(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).withProbability(0.25))
                .rule(FaultRule.status(503).on(Operation.WRITE).withProbability(0.05))
                .build();
        TableClient table = storage.tableServiceClientBuilder().retryOptions(new RetryOptions(
                        new ExponentialBackoffOptions().setMaxRetries(6).setBaseDelay(Duration.ofMillis(10))
                                .setMaxDelay(Duration.ofMillis(200))))
                .addPolicy(new AttemptTracker()).addPolicy(faults).buildClient().getTableClient(name);
        int unknown = 0;
        for (int i = 0; i < 100; i++) {
            try {
                EntityUpdate.update(table, schema, "video-1", "", current -> Optional.of(current == null
                        ? new Stats("video-1", "", 1, "Intro")
                        : new Stats("video-1", "", current.views() + 1, current.title())));
            } catch (OutcomeUnknownException e) {
                unknown++;
            }
        }
        long views = schema.fromEntity(storage.tableServiceClient().getTableClient(name).getEntity("video-1", ""))
                .views();
        assertThat(unknown).isZero();
        assertThat(views).isEqualTo(100);
        assertThat(faults.injected(Fault.LOST_RESPONSE)).isGreaterThanOrEqualTo(20);
    }
}
