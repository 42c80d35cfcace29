package io.github.azkit.benchmarks.logging;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.github.azkit.benchmarks.TransactionTable;
import io.github.azkit.logging.AsyncLogWriter;
import io.github.azkit.logging.OngoingLog;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.testing.Azurite;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Ongoing-log throughput and storage transactions per entry: the original toolkit's way (Get Block List, Put Block,
 * Put Block List for every entry) against azkit's {@link OngoingLog} appended one entry at a time and through an
 * {@link AsyncLogWriter}, unthrottled and paced at 10,000 entries/s. Starts its own Azurite.
 */
public final class LoggingBenchmark {

    private static final String ENTRY = "2026-11-22T04:00:00Z,user-%d,registered from 203.0.113.7";

    private LoggingBenchmark() {
    }

    /**
     * Runs the benchmark and prints a Markdown table.
     *
     * @param args optional: seconds of each timed case (default 10)
     */
    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        TransactionTable table = new TransactionTable("entry");
        try (Azurite azurite = Azurite.start()) {
            TransactionCounter counter = new TransactionCounter();
            var service = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                    .addPolicy(counter).buildClient();
            BlobContainerClient container = service.getBlobContainerClient("bench");
            container.create();

            // Warm up the JVM and the HTTP connections.
            original(container.getBlobClient("warm-original.log").getBlockBlobClient(), 200);
            OngoingLog warm = OngoingLog.builder().containerClient(container).logId("warm").build();
            warm.appendAll(List.of("x"));

            TransactionCounts before = counter.snapshot();
            long start = System.nanoTime();
            long n = originalFor(container.getBlobClient("original.log").getBlockBlobClient(), seconds);
            table.add("original toolkit: Get Block List + Put Block + Put Block List per entry", n,
                    System.nanoTime() - start, counter.snapshot().minus(before));
            double originalRate = n / ((System.nanoTime() - start) / 1e9);

            OngoingLog sync = OngoingLog.builder().containerClient(container).logId("sync").build();
            before = counter.snapshot();
            start = System.nanoTime();
            long deadline = start + seconds * 1_000_000_000L;
            n = 0;
            while (System.nanoTime() < deadline) {
                sync.append(String.format(Locale.ROOT, ENTRY, n++));
            }
            table.add("azkit OngoingLog.append, one entry per call (cached block list)", n,
                    System.nanoTime() - start, counter.snapshot().minus(before));

            OngoingLog fast = OngoingLog.builder().containerClient(container).logId("async-max").build();
            AsyncLogWriter writer = AsyncLogWriter.builder().sink(fast)
                    .fullQueuePolicy(AsyncLogWriter.FullQueuePolicy.BLOCK).build();
            before = counter.snapshot();
            start = System.nanoTime();
            deadline = start + seconds * 1_000_000_000L;
            n = 0;
            while (System.nanoTime() < deadline) {
                writer.append(String.format(Locale.ROOT, ENTRY, n++));
            }
            writer.close();
            long asyncNanos = System.nanoTime() - start;
            table.add("azkit AsyncLogWriter, unthrottled (timed to the end of close())", n, asyncNanos,
                    counter.snapshot().minus(before));
            check(writer, n);
            double asyncRate = n / (asyncNanos / 1e9);

            OngoingLog paced = OngoingLog.builder().containerClient(container).logId("async-paced").build();
            AsyncLogWriter pacedWriter = AsyncLogWriter.builder().sink(paced).flushInterval(Duration.ofSeconds(1))
                    .build();
            before = counter.snapshot();
            start = System.nanoTime();
            long total = 10_000L * seconds;
            for (n = 0; n < total; n++) {
                long due = start + n * 100_000L; // one entry every 100 microseconds: 10,000 entries/s
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                pacedWriter.append(String.format(Locale.ROOT, ENTRY, n));
            }
            pacedWriter.close();
            table.add("azkit AsyncLogWriter, paced at 10,000 entries/s", n, System.nanoTime() - start,
                    counter.snapshot().minus(before));
            check(pacedWriter, n);

            table.print(System.out);
            System.out.printf(Locale.ROOT, "%nAsyncLogWriter unthrottled / original toolkit: %.0fx entries/s%n",
                    asyncRate / originalRate);
            System.out.printf(Locale.ROOT, "Read back: %,d entries in the unthrottled log, %,d in the paced log%n",
                    fast.readEntries().size(), paced.readEntries().size());
        }
    }

    private static void check(AsyncLogWriter writer, long appended) {
        if (writer.writtenCount() != appended || writer.lostCount() != 0 || writer.droppedCount() != 0) {
            throw new IllegalStateException("entries went missing: appended " + appended + ", written "
                    + writer.writtenCount() + ", lost " + writer.lostCount() + ", dropped "
                    + writer.droppedCount());
        }
    }

    private static long originalFor(BlockBlobClient blob, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long n = 0;
        while (System.nanoTime() < deadline) {
            originalAppend(blob, n++);
        }
        return n;
    }

    private static void original(BlockBlobClient blob, int entries) {
        for (int i = 0; i < entries; i++) {
            originalAppend(blob, i);
        }
    }

    /** The original toolkit's append: read the whole block list, stage one block, commit the list plus it. */
    private static void originalAppend(BlockBlobClient blob, long n) {
        List<String> ids = new ArrayList<>();
        try {
            for (Block block : blob.listBlocks(BlockListType.COMMITTED).getCommittedBlocks()) {
                ids.add(block.getName());
            }
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404) {
                throw e;
            }
        }
        String id = Base64.getEncoder().encodeToString(ByteBuffer.allocate(8).putLong(n).array());
        blob.stageBlock(id, BinaryData.fromString(String.format(Locale.ROOT, ENTRY, n) + "\n"));
        ids.add(id);
        if (ids.size() > 50_000) {
            ids.remove(0);
        }
        blob.commitBlockList(ids, true);
    }
}
