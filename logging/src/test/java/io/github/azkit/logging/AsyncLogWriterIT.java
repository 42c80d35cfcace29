package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class AsyncLogWriterIT {

    @Test
    void closeAfter100000AppendsLeavesEveryEntryReadable(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = CountedContainer.of(storage.createContainer(), counter);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        OngoingLog log = OngoingLog.builder().containerClient(container).logId("audit").build();
        // snippet: async-writer
        // @start region="guide-async-writer"
        AsyncLogWriter writer = AsyncLogWriter.builder()
                .sink(log)                                   // an OngoingLog, or periodicLog.sink("id")
                .executor(executor)                          // runs the background flushes
                .maxBatchEntries(10_000)                     // flush at once when this many are queued
                .flushInterval(Duration.ofSeconds(1))        // and at least this often
                .queueCapacity(20_000)
                .fullQueuePolicy(AsyncLogWriter.FullQueuePolicy.BLOCK)
                .build();
        for (int i = 0; i < 100_000; i++) {
            writer.append("entry " + i);                    // returns at once
        }
        writer.close();                                      // waits until all are written
        // @end region="guide-async-writer"
        // end snippet
        executor.shutdown();

        TransactionCounts spent = counter.snapshot();
        List<String> entries = log.readEntries();
        assertThat(entries).hasSize(100_000);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(entries.get(i)).isEqualTo("entry " + i);
        }
        assertThat(writer.writtenCount()).isEqualTo(100_000);
        assertThat(writer.lostCount()).isZero();
        assertThat(writer.droppedCount()).isZero();
        System.out.println("AsyncLogWriterIT: 100,000 entries cost " + spent);
        assertThat(spent.total() / 100_000.0).as("transactions per entry").isLessThanOrEqualTo(0.002);
        assertThat(spent.failed()).as("only the first Get Block List, 404 before the blob exists").isEqualTo(1);
    }

    @Test
    void aFlushOfAQueueCostsTwoWrites(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = CountedContainer.of(storage.createContainer(), counter);
        OngoingLog log = OngoingLog.builder().containerClient(container).logId("flush").build();
        log.append("first");
        try (AsyncLogWriter writer = AsyncLogWriter.builder().sink(log).flushInterval(Duration.ofHours(1)).build()) {
            for (int i = 0; i < 1_000; i++) {
                writer.append("queued " + i);
            }
            TransactionCounts before = counter.snapshot();
            writer.flush();
            TransactionCounts spent = counter.snapshot().minus(before);
            assertThat(spent.total()).isEqualTo(2);
            assertThat(writer.writtenCount()).isEqualTo(1_000);
        }
        assertThat(log.readEntries()).hasSize(1_001).startsWith("first", "queued 0").endsWith("queued 999");
    }
}
