package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class ConcurrentWritersIT {

    private static final int WRITERS = 4;
    private static final int ENTRIES = 10_000;

    @Test
    void fourWritersOnOneLogLoseNothingAndKeepTheirOrder(TestStorage storage) throws Exception {
        BlobContainerClient container = storage.createContainer();
        List<OngoingLog> logs = new ArrayList<>();
        List<AsyncLogWriter> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            // Each writer has its own OngoingLog instance, as if on its own machine.
            OngoingLog log = OngoingLog.builder().containerClient(container).logId("shared").build();
            logs.add(log);
            writers.add(AsyncLogWriter.builder().sink(log).maxBatchEntries(100).queueCapacity(1_000)
                    .fullQueuePolicy(AsyncLogWriter.FullQueuePolicy.BLOCK).build());
        }
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            AsyncLogWriter writer = writers.get(w);
            String name = "w" + w;
            done.add(threads.submit(() -> {
                for (int i = 0; i < ENTRIES; i++) {
                    writer.append(name + "-" + i);
                }
                writer.close();
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        threads.shutdown();

        List<String> entries = logs.get(0).readEntries();
        assertThat(entries).hasSize(WRITERS * ENTRIES).doesNotHaveDuplicates();
        for (int w = 0; w < WRITERS; w++) {
            String prefix = "w" + w + "-";
            List<Integer> sequence = entries.stream().filter(e -> e.startsWith(prefix))
                    .map(e -> Integer.parseInt(e.substring(prefix.length()))).toList();
            assertThat(sequence).as("writer %d's entries in its own order", w).isSorted().hasSize(ENTRIES);
            assertThat(writers.get(w).lostCount()).isZero();
            assertThat(writers.get(w).droppedCount()).isZero();
        }
        long conflicts = logs.stream().mapToLong(OngoingLog::conflicts).sum();
        System.out.println("ConcurrentWritersIT: commits lost to another writer and redone: " + conflicts);
        assertThat(conflicts).as("the writers really raced").isPositive();
    }
}
