package io.github.azkit.table.backup;

import io.github.azkit.table.internal.TaskGroup;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The threads of one restore: chunks are admitted at most twice the parallelism at a time (so at most that many
 * are held in memory, compressed or decoded), and each chunk's transactions run as separate tasks, so that every
 * thread stays busy to the last transaction, not only while whole chunks remain. The first failure stops the rest:
 * tasks not yet started do nothing (but still end their chunk, so no one waits for them), and
 * {@link #admit} and {@link #awaitAll()} throw it. The tasks run on the restore's executor, or on daemon threads
 * {@code azkit-table-restore-n} of its own; {@link #close()} returns when none runs any more. Thread-safe.
 */
final class RestoreTasks implements AutoCloseable {

    private final TaskGroup pool;
    private final Semaphore admitted;
    private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    private final Object lock = new Object();
    private long pending;

    RestoreTasks(int parallelism) {
        this(parallelism, null);
    }

    RestoreTasks(int parallelism, @Nullable Executor executor) {
        this.pool = TaskGroup.open(executor, "table-restore", parallelism);
        this.admitted = new Semaphore(parallelism * 2);
    }

    /** One admitted chunk: {@link #done()} once all its parts ended, successful or not. */
    final class Chunk {
        private final AtomicInteger parts = new AtomicInteger(1);
        private final AtomicReference<@Nullable Throwable> chunkFailure = new AtomicReference<>();
        private final Runnable onSuccess;

        private Chunk(Runnable onSuccess) {
            this.onSuccess = onSuccess;
        }

        /** Runs {@code part} on the pool as part of this chunk. Call only from a part of this chunk. */
        void fork(Runnable part) {
            parts.incrementAndGet();
            submit(() -> {
                try {
                    if (failure.get() == null) {
                        part.run();
                    }
                } catch (RuntimeException | Error e) {
                    chunkFailure.compareAndSet(null, e);
                    throw e;
                } finally {
                    partDone();
                }
            });
        }

        private void partDone() {
            if (parts.decrementAndGet() == 0) {
                try {
                    if (chunkFailure.get() == null && failure.get() == null) {
                        onSuccess.run();
                    }
                } finally {
                    admitted.release();
                }
            }
        }
    }

    /**
     * Waits until fewer than twice the parallelism of chunks are in memory, then runs {@code first} on the pool as
     * the first part of a new chunk; {@code onSuccess} runs once every part of the chunk has succeeded.
     *
     * @throws RuntimeException the first failure of any task so far, before admitting the chunk
     */
    void admit(Consumer<Chunk> first, Runnable onSuccess) {
        throwIfFailed();
        admitted.acquireUninterruptibly();
        Chunk chunk = new Chunk(onSuccess);
        submit(() -> {
            try {
                if (failure.get() == null) {
                    first.accept(chunk);
                }
            } catch (RuntimeException | Error e) {
                chunk.chunkFailure.compareAndSet(null, e);
                throw e;
            } finally {
                chunk.partDone();
            }
        });
    }

    private void submit(Runnable task) {
        synchronized (lock) {
            pending++;
        }
        pool.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            } finally {
                synchronized (lock) {
                    pending--;
                    lock.notifyAll();
                }
            }
        });
    }

    /**
     * Waits for every task, or for the first failure.
     *
     * @throws RuntimeException the first failure, as thrown by the task
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitAll() throws InterruptedException {
        synchronized (lock) {
            while (pending > 0 && failure.get() == null) {
                lock.wait();
            }
        }
        throwIfFailed();
    }

    private void throwIfFailed() {
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        }
    }

    /**
     * Stops: tasks not yet started do nothing, tasks still running (after a failure or an interrupt) are
     * interrupted, and this returns when none runs any more.
     */
    @Override
    public void close() {
        pool.cancel();
        pool.close();
    }
}
