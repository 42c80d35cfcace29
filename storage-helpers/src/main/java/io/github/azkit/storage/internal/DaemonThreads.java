package io.github.azkit.storage.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread factory of every executor an azkit component makes for itself: daemon threads named
 * {@code azkit-<component>-<n>}, so they never keep a JVM alive and a thread dump says whose they are. Not part of
 * the API (the package is not exported). Thread-safe.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /**
     * A factory of daemon threads named {@code <prefix>-1}, {@code <prefix>-2}, ...
     *
     * @param prefix the name prefix, for example {@code azkit-cached-blob-config.json}
     * @return the factory
     * @throws NullPointerException if {@code prefix} is null
     */
    public static ThreadFactory factory(String prefix) {
        Checks.notNull(prefix, "prefix");
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
