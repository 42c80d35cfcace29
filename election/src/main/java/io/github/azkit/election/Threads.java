package io.github.azkit.election;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads this module makes when the caller gives no executor: daemon threads named {@code azkit-...}, owned and
 * shut down by the component that made them. An executor the caller gives is never shut down.
 */
final class Threads {

    private Threads() {
    }

    /** One daemon thread, named {@code name-1}. */
    static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(daemon(name));
    }

    /** Daemon threads made as needed, named {@code name-1}, {@code name-2}, ... */
    static ExecutorService cached(String name) {
        return Executors.newCachedThreadPool(daemon(name));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
