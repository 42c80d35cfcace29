package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import io.github.azkit.storage.Ticker;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The convention's threads and timeouts: operations run their parallel work on the executor given (never shutting it
 * down) or on daemon threads {@code azkit-<component>-n} of their own that are gone when the call returns; and a
 * timeout bounds the whole call, measured on the ticker given.
 */
@AzkitStorageTest
class ExecutorsAndTimeoutsIT {

    /** Records the threads that send requests. */
    static final class ThreadRecorder implements HttpPipelinePolicy {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            threads.add(Thread.currentThread());
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            threads.add(Thread.currentThread());
            return next.processSync();
        }
    }

    private static List<TableTransactionAction> upserts(int partitions, int perPartition) {
        List<TableTransactionAction> actions = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            for (int i = 0; i < perPartition; i++) {
                actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                        new TableEntity("p" + p, String.format("%04d", i)).addProperty("I", i)));
            }
        }
        return actions;
    }

    @Test
    void aBatchWriteRunsOnTheGivenExecutorAndLeavesItRunning(TestStorage storage) {
        TableClient table = storage.createTable();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicInteger tasks = new AtomicInteger();
        Executor counting = task -> {
            tasks.incrementAndGet();
            pool.execute(task);
        };
        try {
            BatchWriteResult result = TableBatchWriter.builder().tableClient(table).parallelism(2).executor(counting)
                    .build().write(upserts(3, 10));

            assertThat(result.applied()).isEqualTo(30);
            assertThat(tasks.get()).isEqualTo(3); // one task per partition, all on the given executor
            assertThat(pool.isShutdown()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutAnExecutorABatchWriteUsesDaemonThreadsThatEndWithTheCall(TestStorage storage) {
        ThreadRecorder recorder = new ThreadRecorder();
        TableClient table = storage.tableServiceClientBuilder().addPolicy(recorder).buildClient()
                .createTable(TestStorage.uniqueName("threads"));
        recorder.threads.clear();

        TableBatchWriter.builder().tableClient(table).parallelism(3).build().write(upserts(3, 10));

        assertThat(recorder.threads).isNotEmpty().allSatisfy(t -> {
            assertThat(t.getName()).startsWith("azkit-batch-writer-");
            assertThat(t.isDaemon()).isTrue();
            // The call returns once its pool has terminated; a worker thread then exits within microseconds.
            assertThatCode(() -> t.join(5_000)).doesNotThrowAnyException();
            assertThat(t.isAlive()).as("%s after the call returned", t.getName()).isFalse();
        });
    }

    @Test
    void aTimeoutBoundsTheWholeBatchWriteOnTheGivenTicker(TestStorage storage) {
        TableClient table = storage.createTable();
        AtomicLong now = new AtomicLong();
        Ticker secondPerReading = () -> now.addAndGet(Duration.ofSeconds(1).toNanos());
        TableBatchWriter writer = TableBatchWriter.builder().tableClient(table).ticker(secondPerReading).build();

        // 150 actions of one partition: two transactions; the second would start 2 s in, past the 1.5 s timeout
        assertThatThrownBy(() -> writer.write(upserts(1, 150), Duration.ofMillis(1500), Context.NONE))
                .isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(TimeoutException.class)
                .hasMessageContaining("timeout of PT1.5S");
        assertThat(table.listEntities().stream().count()).isEqualTo(100);
        assertThatThrownBy(() -> writer.write(upserts(1, 1), Duration.ZERO, Context.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'timeout' must be positive");
    }

    @Test
    void aMigrationRunsOnTheGivenExecutorAndReportsProgressEvents(TestStorage storage) {
        TableClient table = storage.createTable();
        TestEntities.insert(table, 4, 25);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        AtomicInteger tasks = new AtomicInteger();
        List<MigrationProgress> events = new ArrayList<>();
        try {
            MigrationProgress done = PropertyMigrator.builder().tableClient(table).add("Plan", "monthly")
                    .executor(task -> {
                        tasks.incrementAndGet();
                        pool.execute(task);
                    })
                    .onProgress(events::add)
                    .onProgress(p -> {
                        events.add(p);
                        throw new IllegalStateException("a listener's failure is logged, never stops the run");
                    })
                    .build().run(null, Duration.ofMinutes(1), Context.NONE);

            assertThat(done.changed()).isEqualTo(100);
            assertThat(tasks.get()).isEqualTo(4); // one task per partition of the page
            assertThat(events).hasSize(1).first().satisfies(p -> assertThat(p.isFinished()).isTrue());
            assertThat(pool.isShutdown()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }
}
