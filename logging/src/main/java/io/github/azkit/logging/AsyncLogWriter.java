package io.github.azkit.logging;

import io.github.azkit.storage.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes log entries off the caller's path: {@link #append(String)} puts the entry in a bounded queue and returns at
 * once; a background flush writes the queued entries to a {@link LogSink} as one batch (for an {@link OngoingLog}:
 * one Put Block and one Put Block List, whatever the number of entries) when {@code maxBatchEntries} are queued and
 * every {@code flushInterval}.
 *
 * <p>Best effort, never in the caller's way: storage failures are retried with the {@link RetryPolicy}, counted and
 * reported to the {@link Listener}, never thrown at the caller. A batch that still fails with a transient fault is
 * kept and written first at the next flush; a batch that fails otherwise (for example 403) is dropped, counted in
 * {@link #getLostCount()} and reported. When the queue is full, {@link FullQueuePolicy} decides: wait for room, or
 * drop the entry and count it in {@link #getDroppedCount()}. {@link #flush()} and {@link #close()} wait until what was
 * accepted before them is written; while storage works, nothing accepted before {@code close()} returns is lost.
 *
 * <p>A failed write is retried with exactly the same batch, and no other batch of this writer is written before
 * it. With an {@link OngoingLog} or a {@link PeriodicLog} sink, a batch whose commit was applied although its
 * write failed (a lost response, a timeout, a 5xx) is therefore not stored twice: the log recognizes its own retry
 * and settles the ambiguous case with one Get Block List (see {@link OngoingLog}). This holds while nothing else
 * appends through the same log instance between the failure and the retry; another sink must make its own retries
 * safe. Such a write is reported to the {@link Listener} and counted in {@link #getFailedAttemptCount()} as a
 * failed attempt, and its entries are counted once in {@link #getWrittenCount()} when the retry succeeds.
 *
 * <p>Background work runs on the injected {@link ScheduledExecutorService}, which {@code close()} does not shut
 * down, or on a daemon thread of its own, which it does. With {@link FullQueuePolicy#BLOCK}, do not append from that
 * executor's threads.
 *
 * <p>Thread-safe: any number of threads may append; flushes are serialized, so entries are written in the order
 * they were accepted.
 */
public final class AsyncLogWriter implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(AsyncLogWriter.class);

    /** What {@link #append(String)} does when the queue is full. */
    public enum FullQueuePolicy {
        /** Wait until a flush makes room (the caller waits for storage). */
        BLOCK,
        /** Drop the new entry at once, count it, and return {@code false}. */
        DROP
    }

    /**
     * Hears about failed writes. Called on the flushing thread; it should return quickly and must not append to the
     * writer with {@link FullQueuePolicy#BLOCK}. Exceptions it throws are logged and ignored.
     */
    public interface Listener {
        /**
         * A write of a batch failed.
         *
         * @param error the failure (with earlier attempts' failures suppressed)
         * @param entries how many entries the batch holds
         * @param kept {@code true} if the batch is kept to be written at the next flush (a transient fault),
         *     {@code false} if it was dropped
         */
        void writeFailed(RuntimeException error, int entries, boolean kept);
    }

    private final LogSink sink;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final int maxBatchEntries;
    private final FullQueuePolicy fullQueuePolicy;
    private final RetryPolicy retryPolicy;
    private final @Nullable Listener listener;
    private final BlockingQueue<String> queue;
    private final ReentrantLock flushLock = new ReentrantLock();
    private final List<String> pending = new ArrayList<>();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger appending = new AtomicInteger();
    private final ScheduledFuture<?> timer;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder failures = new LongAdder();

    private AsyncLogWriter(Builder b) {
        this.sink = Objects.requireNonNull(b.sink, "'sink' must be set: call sink(...) before build()");
        this.maxBatchEntries = b.maxBatchEntries;
        this.fullQueuePolicy = b.fullQueuePolicy;
        this.retryPolicy = b.retryPolicy;
        this.listener = b.listener;
        if (b.queueCapacity < b.maxBatchEntries) {
            throw new IllegalArgumentException("'queueCapacity' (" + b.queueCapacity + ") must be at least "
                    + "'maxBatchEntries' (" + b.maxBatchEntries + ")");
        }
        this.queue = new LinkedBlockingQueue<>(b.queueCapacity);
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownsExecutor = false;
        } else {
            this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "azkit-log-writer");
                thread.setDaemon(true);
                return thread;
            });
            this.ownsExecutor = true;
        }
        long interval = b.flushInterval.toNanos();
        this.timer = executor.scheduleWithFixedDelay(() -> backgroundFlush(false), interval, interval,
                TimeUnit.NANOSECONDS);
    }

    /**
     * A new builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Queues an entry and returns at once (with {@link FullQueuePolicy#BLOCK} and a full queue, once there is room).
     * Never throws a storage error.
     *
     * @param entry the entry, any string
     * @return {@code true} if the entry was accepted; {@code false} if it was dropped because the queue was full
     *     (or the thread was interrupted while waiting for room)
     * @throws NullPointerException if {@code entry} is null
     * @throws IllegalArgumentException if the sink can never write the entry (larger than its block size)
     * @throws IllegalStateException if the writer is closed
     */
    public boolean append(String entry) {
        Objects.requireNonNull(entry, "'entry' must not be null");
        sink.checkEntry(entry);
        appending.incrementAndGet(); // close() waits for appends in progress, so none lands after its last flush
        try {
            if (closed.get()) {
                throw new IllegalStateException("the log writer is closed; append before close()");
            }
            return enqueue(entry);
        } finally {
            appending.decrementAndGet();
        }
    }

    private boolean enqueue(String entry) {
        boolean accepted = queue.offer(entry);
        if (!accepted && fullQueuePolicy == FullQueuePolicy.BLOCK) {
            requestFlush();
            try {
                queue.put(entry);
                accepted = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!accepted) {
            dropped.increment();
            return false;
        }
        if (queue.size() >= maxBatchEntries) {
            requestFlush();
        }
        return true;
    }

    private void requestFlush() {
        if (flushQueued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> backgroundFlush(true));
            } catch (RejectedExecutionException e) {
                flushQueued.set(false);
            }
        }
    }

    /** A flush on the executor: when started by queue length, it writes full batches only. */
    private void backgroundFlush(boolean fullBatchesOnly) {
        if (fullBatchesOnly) {
            flushQueued.set(false);
        }
        try {
            drain(fullBatchesOnly);
        } catch (RuntimeException | Error e) {
            LOGGER.warn("Log writer flush failed unexpectedly", e);
        }
    }

    /**
     * Writes every entry accepted before this call and waits until they are written (or have failed and been
     * reported to the listener). Never throws a storage error.
     */
    public void flush() {
        drain(false);
    }

    /**
     * Writes what is queued now, batch by batch (only full batches if {@code fullBatchesOnly}); returns false early
     * if storage keeps failing.
     */
    private boolean drain(boolean fullBatchesOnly) {
        flushLock.lock();
        try {
            int rounds = queue.size() / maxBatchEntries + 2;
            for (int round = 0; round < rounds; round++) {
                if (pending.isEmpty()) {
                    if (fullBatchesOnly && queue.size() < maxBatchEntries) {
                        return true;
                    }
                    queue.drainTo(pending, maxBatchEntries);
                    if (pending.isEmpty()) {
                        return true;
                    }
                }
                if (!writePending()) {
                    return false;
                }
            }
            return true;
        } finally {
            flushLock.unlock();
        }
    }

    /** Writes the pending batch; false if it failed and was kept. */
    private boolean writePending() {
        List<String> batch = List.copyOf(pending);
        try {
            retryPolicy.execute(() -> {
                try {
                    sink.appendAll(batch);
                    return null;
                } catch (RuntimeException e) {
                    failures.increment();
                    throw e;
                }
            });
            written.add(batch.size());
            pending.clear();
            return true;
        } catch (RuntimeException e) {
            boolean kept = RetryPolicy.isTransient(e);
            if (kept) {
                LOGGER.debug("Writing {} log entries failed, keeping them for the next flush: {}", batch.size(),
                        e.toString());
            } else {
                LOGGER.warn("Writing {} log entries failed, dropping them: {}", batch.size(), e.toString());
                lost.add(batch.size());
                pending.clear();
            }
            if (listener != null) {
                try {
                    listener.writeFailed(e, batch.size(), kept);
                } catch (RuntimeException listenerFailure) {
                    LOGGER.warn("Log writer listener failed", listenerFailure);
                }
            }
            return !kept;
        }
    }

    /**
     * Stops accepting entries, writes everything accepted, and stops the background work (shutting down the
     * executor only if the writer created it). Idempotent. Entries that still cannot be written after the retry
     * policy's attempts are counted in {@link #getLostCount()} and reported; never throws a storage error.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.cancel(false);
        while (appending.get() > 0 && drain(false)) {
            Thread.yield(); // draining makes room for appends that wait on a full queue; stop if storage fails
        }
        flushLock.lock();
        try {
            drain(false);
            int left = pending.size() + queue.size();
            if (left > 0) {
                LOGGER.warn("Closing the log writer with {} entries that could not be written", left);
                lost.add(left);
                pending.clear();
                queue.clear();
            }
        } finally {
            flushLock.unlock();
        }
        if (ownsExecutor) {
            executor.shutdown();
        }
    }

    /**
     * Entries dropped because the queue was full.
     *
     * @return the count since the writer was built
     */
    public long getDroppedCount() {
        return dropped.sum();
    }

    /**
     * Entries accepted but never written: dropped after a non-transient failure, or still failing at close. A
     * batch whose last attempt failed without an answer (a lost response, a timeout) may be in the log all the same.
     *
     * @return the count since the writer was built
     */
    public long getLostCount() {
        return lost.sum();
    }

    /**
     * Entries written to the sink.
     *
     * @return the count since the writer was built
     */
    public long getWrittenCount() {
        return written.sum();
    }

    /**
     * Failed write attempts, retried or not.
     *
     * @return the count since the writer was built
     */
    public long getFailedAttemptCount() {
        return failures.sum();
    }

    /**
     * Entries waiting to be written.
     *
     * @return the number queued now
     */
    public int getQueuedCount() {
        return queue.size();
    }

    /**
     * Builds an {@link AsyncLogWriter}. Mutable and not thread-safe; {@link #build()} validates and starts the
     * background flush.
     */
    public static final class Builder {
        private @Nullable LogSink sink;
        private @Nullable ScheduledExecutorService executor;
        private int queueCapacity = 100_000;
        private int maxBatchEntries = 10_000;
        private Duration flushInterval = Duration.ofSeconds(1);
        private FullQueuePolicy fullQueuePolicy = FullQueuePolicy.DROP;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private @Nullable Listener listener;

        private Builder() {
        }

        /**
         * Sets where batches are written (required): an {@link OngoingLog} or {@link PeriodicLog#sink(String)}.
         *
         * @param sink the sink
         * @return this builder
         * @throws NullPointerException if {@code sink} is null
         */
        public Builder sink(LogSink sink) {
            this.sink = Objects.requireNonNull(sink, "'sink' must not be null");
            return this;
        }

        /**
         * Sets the executor that runs the background flushes (default: a daemon thread of the writer's own). The
         * writer does not shut down an executor given here.
         *
         * @param executor the executor
         * @return this builder
         * @throws NullPointerException if {@code executor} is null
         */
        public Builder executor(ScheduledExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "'executor' must not be null");
            return this;
        }

        /**
         * Sets how many entries may wait in the queue (default 100,000).
         *
         * @param queueCapacity at least 1 and at least {@code maxBatchEntries}
         * @return this builder
         * @throws IllegalArgumentException if {@code queueCapacity} is less than 1
         */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("'queueCapacity' must be at least 1, was " + queueCapacity);
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * Sets the most entries in one batch, and the queue length that starts a flush at once (default 10,000).
         *
         * @param maxBatchEntries at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code maxBatchEntries} is less than 1
         */
        public Builder maxBatchEntries(int maxBatchEntries) {
            if (maxBatchEntries < 1) {
                throw new IllegalArgumentException("'maxBatchEntries' must be at least 1, was " + maxBatchEntries);
            }
            this.maxBatchEntries = maxBatchEntries;
            return this;
        }

        /**
         * Sets how often queued entries are flushed (default 1 s).
         *
         * @param flushInterval at least 1 ms
         * @return this builder
         * @throws NullPointerException if {@code flushInterval} is null
         * @throws IllegalArgumentException if {@code flushInterval} is shorter than 1 ms
         */
        public Builder flushInterval(Duration flushInterval) {
            Objects.requireNonNull(flushInterval, "'flushInterval' must not be null");
            if (flushInterval.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("'flushInterval' must be at least 1 ms, was " + flushInterval);
            }
            this.flushInterval = flushInterval;
            return this;
        }

        /**
         * Sets what {@link #append(String)} does when the queue is full (default {@link FullQueuePolicy#DROP}, so
         * logging never slows the caller).
         *
         * @param fullQueuePolicy the policy
         * @return this builder
         * @throws NullPointerException if {@code fullQueuePolicy} is null
         */
        public Builder fullQueuePolicy(FullQueuePolicy fullQueuePolicy) {
            this.fullQueuePolicy = Objects.requireNonNull(fullQueuePolicy, "'fullQueuePolicy' must not be null");
            return this;
        }

        /**
         * Sets how a failed batch write is retried (default {@link RetryPolicy#DEFAULT}); only transient faults
         * are retried.
         *
         * @param retryPolicy the policy
         * @return this builder
         * @throws NullPointerException if {@code retryPolicy} is null
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "'retryPolicy' must not be null");
            return this;
        }

        /**
         * Sets who hears about failed writes (default: they are only logged and counted).
         *
         * @param listener the listener, or null for none
         * @return this builder
         */
        public Builder listener(@Nullable Listener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Validates the settings, builds the writer and schedules its background flush.
         *
         * @return the writer
         * @throws NullPointerException if no sink is set
         * @throws IllegalArgumentException if {@code queueCapacity} is less than {@code maxBatchEntries}
         */
        public AsyncLogWriter build() {
            return new AsyncLogWriter(this);
        }
    }
}
