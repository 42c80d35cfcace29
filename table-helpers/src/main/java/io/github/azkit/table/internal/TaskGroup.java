package io.github.azkit.table.internal;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parallel tasks of one operation, on the caller's executor or, when none was given, on daemon threads of the
 * operation's own ({@code azkit-<component>-<n>}) that live only until {@link #close()}. At most {@code parallelism}
 * tasks run at a time whatever the executor (the rest wait in this group, not in the executor). {@link #close()}
 * returns only when every task submitted has ended, so that nothing of an operation runs after it returned or
 * threw; an executor the caller gave is never shut down. Thread-safe.
 */
public final class TaskGroup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskGroup.class);

    private final Executor executor;
    private final @Nullable ExecutorService owned;
    private final int parallelism;
    private final String component;
    private final Object lock = new Object();
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private final Set<Thread> running = new HashSet<>(); // guarded by itself
    private int active;
    private int unfinished;
    private volatile boolean cancelled;

    private TaskGroup(@Nullable Executor given, String component, int parallelism) {
        this.parallelism = parallelism;
        this.component = component;
        if (given != null) {
            this.executor = given;
            this.owned = null;
        } else {
            this.owned = Executors.newFixedThreadPool(parallelism, new DaemonThreads(component));
            this.executor = owned;
        }
    }

    /**
     * Opens a group.
     *
     * @param given the caller's executor, or null for threads of the group's own
     * @param component names the group's own threads
     * @param parallelism the most tasks running at once, at least 1
     * @return the group; close it
     */
    public static TaskGroup open(@Nullable Executor given, String component, int parallelism) {
        return new TaskGroup(given, component, Math.max(1, parallelism));
    }

    /**
     * Runs a task in the group. After {@link #cancel()} a task not yet started completes its future with a
     * {@link java.util.concurrent.CancellationException} without running.
     *
     * @param task the task
     * @param <T> its result
     * @return its result, or its failure
     */
    public <T> Future<T> submit(Supplier<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Runnable run = () -> {
            Thread thread = Thread.currentThread();
            synchronized (running) {
                running.add(thread);
            }
            try {
                if (cancelled) {
                    future.cancel(false);
                } else {
                    future.complete(task.get());
                }
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            } finally {
                synchronized (running) {
                    running.remove(thread);
                    Thread.interrupted(); // an interrupt by cancel() must not leak into the caller's pool thread
                }
                ended();
            }
        };
        synchronized (lock) {
            unfinished++;
            waiting.add(run);
        }
        dispatch();
        return future;
    }

    /**
     * Runs a task in the group; its failure is the caller's to record.
     *
     * @param task the task
     */
    public void execute(Runnable task) {
        submit(() -> {
            task.run();
            return null;
        });
    }

    private void dispatch() {
        while (true) {
            Runnable next;
            synchronized (lock) {
                if (active >= parallelism || waiting.isEmpty()) {
                    return;
                }
                next = waiting.poll();
                active++;
            }
            try {
                executor.execute(next);
            } catch (RuntimeException e) {
                synchronized (lock) {
                    active--;
                    unfinished--;
                    lock.notifyAll();
                }
                throw e;
            }
        }
    }

    private void ended() {
        synchronized (lock) {
            active--;
            unfinished--;
            lock.notifyAll();
        }
        dispatch();
    }

    /** Starts no more tasks, and interrupts those running. */
    public void cancel() {
        cancelled = true;
        synchronized (running) {
            running.forEach(Thread::interrupt);
        }
    }

    /**
     * Whether {@link #cancel()} was called.
     *
     * @return true after a cancel
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Waits until every task submitted has ended, then stops the group's own threads, if any. */
    @Override
    public void close() {
        boolean interrupted = false;
        synchronized (lock) {
            long since = System.nanoTime();
            while (unfinished > 0) {
                try {
                    lock.wait(TimeUnit.SECONDS.toMillis(10));
                } catch (InterruptedException e) {
                    interrupted = true;
                    cancel();
                }
                if (unfinished > 0 && System.nanoTime() - since > TimeUnit.MINUTES.toNanos(1)) {
                    LOG.warn("{} task(s) of azkit {} still busy a minute after the operation ended; waiting",
                            unfinished, component);
                    since = System.nanoTime();
                }
            }
        }
        if (owned != null) {
            owned.shutdownNow();
            try {
                owned.awaitTermination(10, TimeUnit.SECONDS); // every task has ended: the threads only exit
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
