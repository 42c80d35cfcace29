package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.accounts.Grants;
import io.github.azkit.examples.video.accounts.PasswordHasher;
import io.github.azkit.examples.video.accounts.Payment;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Grants} under storage faults (seed {@value #SEED}): 30% of the grant and revocation batches, and of single
 * writes, lose their response (applied, then re-sent by the SDK), 10% time out after being applied, 10% of batches
 * never reach storage; two threads change the same
 * account at once. Every grant and revocation is repeated until it answers, as a person would; the account's
 * {@code GrantCount} must then equal its grant rows exactly.
 */
@AzkitStorageTest
class GrantsFaultsIT {

    private static final long SEED = 1_402L;

    @Test
    void underLostBatchResponsesTheCountAlwaysMatchesTheGrantRows(TestStorage storage) throws Exception {
        TableClient users = storage.tableServiceClient().createTable(TestStorage.uniqueName("u"));
        TableClient accountsTable = storage.tableServiceClient().createTable(TestStorage.uniqueName("a"));
        Directory directory = new Directory(users, accountsTable, new PasswordHasher(1_000));
        directory.register("admin@corp.example", "Admin", "correct horse");
        String account = directory.createAccount("Corp", "admin@corp.example", 1_000, new Payment.Free()).id();

        FaultInjector faults = FaultInjector.builder().seed(SEED)
                .rule(FaultRule.loseResponse().on(Operation.BATCH).withProbability(0.30))
                .rule(FaultRule.timeout().on(Operation.BATCH).withProbability(0.10))
                .rule(FaultRule.failBeforeSending().on(Operation.BATCH).withProbability(0.10))
                // the same for single-entity writes, which a design without the batch would use
                .rule(FaultRule.loseResponse().on(Operation.WRITE).withProbability(0.30))
                .rule(FaultRule.timeout().on(Operation.WRITE).withProbability(0.10))
                .build();
        Grants grants = new Grants(storage.tableServiceClient(faults).getTableClient(accountsTable.getTableName()));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                for (int i = 0; i < 30; i++) {
                    String email = "t" + thread + "-" + i + "@corp.example";
                    untilDone(() -> grants.grant(account, email));
                    if (i % 3 == 0) {
                        untilDone(() -> grants.revoke(account, email));
                    }
                }
            }));
        }
        for (Future<?> done : work) {
            done.get();
        }
        pool.shutdown();

        assertThat(faults.injected(Fault.LOST_RESPONSE)).as("lost batch responses").isGreaterThanOrEqualTo(5);
        List<String> rows = grants.page(account, null, 1_000).emails();
        Set<String> expected = new HashSet<>();
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 30; i++) {
                if (i % 3 != 0) {
                    expected.add("t" + t + "-" + i + "@corp.example");
                }
            }
        }
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(directory.account(account).orElseThrow().grantCount()).as("GrantCount").isEqualTo(40);
    }

    /** Repeats a step that storage failed, until it answers (at most 30 tries). */
    private static void untilDone(Supplier<?> step) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            try {
                step.get();
                return;
            } catch (RuntimeException e) {
                last = e; // a fault the SDK's retries did not get past, or an outcome storage could not confirm
            }
        }
        throw last;
    }
}
