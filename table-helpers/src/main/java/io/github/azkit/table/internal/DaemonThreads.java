package io.github.azkit.table.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Makes daemon threads named {@code azkit-<component>-<n>}. Thread-safe. */
public final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger next = new AtomicInteger(1);

    /**
     * A factory for one component's threads.
     *
     * @param component the component, for example {@code "table-backup"}
     */
    public DaemonThreads(String component) {
        this.prefix = "azkit-" + component + "-";
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + next.getAndIncrement());
        thread.setDaemon(true);
        return thread;
    }
}
