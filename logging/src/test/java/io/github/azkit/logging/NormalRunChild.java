package io.github.azkit.logging;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.testing.ChildJvm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The child main of {@link NoWarningsIT}: the module's main operations as an application makes them, with clients
 * built from the connection string in {@value #CONNECTION_STRING_ENV}, in the container named by the first argument:
 * an ongoing log created by its first append and appended to by several threads at once (racing commits are normal
 * here), a periodic log with retention, and an asynchronous writer flushed and closed. Prints {@code DONE} and returns.
 */
public final class NormalRunChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_CHILD_CONNECTION_STRING";

    private NormalRunChild() {
    }

    /**
     * Runs the operations.
     *
     * @param args the container's name
     * @throws Exception if an operation fails
     */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 9);
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(System.getenv(CONNECTION_STRING_ENV)).buildClient()
                .getBlobContainerClient(args[0]);

        // An ongoing log: the first append creates it; four threads then append at once
        OngoingLog ongoing = OngoingLog.builder().containerClient(container).logId("ongoing").build();
        ongoing.append("first");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> appends = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            appends.add(threads.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    ongoing.appendAll(List.of("t" + thread + "-" + i + "a", "t" + thread + "-" + i + "b"));
                }
            }));
        }
        for (Future<?> append : appends) {
            append.get();
        }
        threads.shutdown();
        check(ongoing.readEntries().size() == 81, "81 entries");

        // A periodic log with retention
        PeriodicLog daily = PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY).retention(7)
                .build();
        daily.append("requests", "GET /");
        daily.appendAll("requests", List.of("GET /a", "GET /b"));
        check(daily.readEntries("requests", Instant.now()).size() == 3, "3 entries today");
        daily.purge("requests");

        // An asynchronous writer onto a log, flushed and closed
        try (AsyncLogWriter writer = AsyncLogWriter.builder().sink(daily.sink("events")).build()) {
            for (int i = 0; i < 50; i++) {
                writer.append("event " + i);
            }
            writer.flush();
        }
        check(daily.readEntries("events", Instant.now()).size() == 50, "50 events");
        System.out.println("DONE");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("expected: " + what);
        }
    }
}
