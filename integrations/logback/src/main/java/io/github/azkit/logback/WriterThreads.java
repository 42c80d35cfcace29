package io.github.azkit.logback;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The recursion guard shared by every {@link AzureBlobAppender} in the JVM: a thread is <em>guarded</em> while it
 * writes for an appender (an appender's own writer thread, always; an application thread while it runs
 * {@code flush()} or {@code stop()}). Events logged on a guarded thread (by the Azure SDK, azkit-logging or anything
 * else the write calls) are ignored by every such appender, so that writing never produces more events to write,
 * and two appenders cannot feed each other either. Thread-safe.
 */
final class WriterThreads {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private WriterThreads() {
    }

    /** Whether the current thread is writing for an appender. */
    static boolean isGuarded() {
        return DEPTH.get()[0] > 0;
    }

    /** Runs {@code work} with the current thread guarded. */
    static void guarded(Runnable work) {
        int[] depth = DEPTH.get();
        depth[0]++;
        try {
            work.run();
        } finally {
            depth[0]--;
        }
    }

    /**
     * A single daemon thread, named {@code azkit-logback-<appender>-<n>}, that is guarded for its whole life; the
     * caller shuts it down.
     */
    static ScheduledExecutorService executor(String appenderName) {
        String name = "azkit-logback-" + appenderName + "-" + POOLS.incrementAndGet();
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(() -> guarded(runnable), name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
