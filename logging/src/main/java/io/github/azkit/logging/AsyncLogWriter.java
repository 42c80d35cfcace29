package io.github.azkit.logging;

import com.azure.core.util.Context;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.storage.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes log entries off the caller's path: {@link #append(String)} puts the entry in a bounded queue and returns at
 * once; a background flush writes the queued entries to a {@link LogSink} as one batch of up to
 * {@code maxBatchEntries} (for an {@link OngoingLog}: one Put Block List, and one Put Block per 4 MiB block the
 * batch fills, so one for a batch of up to 4 MiB) when {@code maxBatchEntries} are queued and every
 * {@code flushInterval}.
 *
 * <p>Best effort, never in the caller's way: storage failures are retried with the {@link RetryPolicy}, counted and
 * reported to the {@link Builder#onWriteFailed(Consumer)} listener, never thrown at the caller. A batch that still
 * fails with a transient fault is kept and written first at the next flush; a batch that fails otherwise (for
 * example 403) is dropped, counted in {@link #lostCount()}, logged at WARN and reported. When the queue is full,
 * {@link FullQueuePolicy} decides: wait for room, or drop the entry and count it in {@link #droppedCount()}.
 * {@link #flush()} and {@link #close()} wait until what was accepted before them is written; while storage works,
 * nothing accepted before {@code close()} returns is lost.
 *
 * <p>Logging: a failed attempt that a retry heals logs at DEBUG. When writes have failed
 * {@link Builder#warnAfterFailedAttempts(int)} times in a row (10 by default; a write attempt is one call of the
 * sink, so with the default {@link RetryPolicy} of 5 attempts that is two flushes that gave up), the writer logs one
 * WARN for the whole episode, not one per attempt, and one INFO when a write succeeds again. Each write that gives
 * up reaches the listener, whether or not the WARN has been logged yet.
 *
 * <p>A failed write is retried with exactly the same batch, and no other batch of this writer is written before
 * it. With an {@link OngoingLog} or a {@link PeriodicLog} sink, a batch whose commit was applied although its
 * write failed (a lost response, a timeout, a 5xx) is therefore not stored twice: the log recognizes its own retry
 * and settles the ambiguous case with one Get Block List (see {@link OngoingLog}). This holds while nothing else
 * appends through the same log instance between the failure and the retry; another sink must make its own retries
 * safe. Such a write is counted in {@link #failedAttemptCount()} as a failed attempt (and reported to the listener if
 * the retry policy gives up on it), and its entries are counted once in {@link #writtenCount()} when the retry
 * succeeds. With {@link Builder#operationTimeout(Duration)}, each write of a batch, its retries included, is bounded
 * by that time (no attempt starts after it); a write cut short is a transient failure like any other (the batch is
 * kept).
 *
 * <p>Background work runs on the injected {@link ScheduledExecutorService}, which {@code close()} does not shut
 * down, or on a daemon thread of its own, which it does. With {@link FullQueuePolicy#BLOCK}, do not append from that
 * executor's threads.
 *
 * <p>Lifecycle: {@link Builder#build()} returns a running writer (its interval flush is scheduled; it makes no
 * request until there is something to write), and {@link #close()} flushes what was accepted, stops it, and is
 * idempotent.
 *
 * <p>Thread-safe: any number of threads may append; flushes are serialized, so entries are written in the order
 * they were accepted. The counters are read without locking and are each exact but not a consistent snapshot
 * together.
 */
public final class AsyncLogWriter implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(AsyncLogWriter.class);

    /** What {@link #append(String)} does when the queue is full. Immutable and thread-safe (an enum). */
    public enum FullQueuePolicy {
        /** Wait until a flush makes room (the caller waits for storage). */
        BLOCK,
        /** Drop the new entry at once, count it, and return {@code false}. */
        DROP
    }

    /** The default {@link Builder#warnAfterFailedAttempts(int)}: 10 failed write attempts in a row. */
    public static final int DEFAULT_WARN_AFTER_FAILED_ATTEMPTS = 10;

    private final LogSink sink;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final int maxBatchEntries;
    private final FullQueuePolicy fullQueuePolicy;
    private final RetryPolicy retryPolicy;
    private final @Nullable Consumer<WriteFailedEvent> onWriteFailed;
    private final @Nullable Duration operationTimeout;
    private final Ticker ticker;
    private final int warnAfterFailedAttempts;
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
    /** Failed write attempts since the last write that succeeded; guarded by {@link #flushLock}. */
    private long failedInARow;
    /** When the first of {@link #failedInARow} failed, on the ticker; guarded by {@link #flushLock}. */
    private long failingSince;
    /** Whether this episode of failures has logged its WARN; guarded by {@link #flushLock}. */
    private boolean warned;

    private AsyncLogWriter(Builder b) {
        Checks.requireSet(b.sink, "sink");
        this.sink = b.sink;
        this.maxBatchEntries = b.maxBatchEntries;
        this.fullQueuePolicy = b.fullQueuePolicy;
        this.retryPolicy = b.retryPolicy;
        this.onWriteFailed = b.onWriteFailed;
        this.operationTimeout = b.operationTimeout;
        this.ticker = b.ticker;
        this.warnAfterFailedAttempts = b.warnAfterFailedAttempts;
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
        Checks.notNull(entry, "entry");
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
     * reported to the listener), on the calling thread. Never throws a storage error.
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

    /** Writes the pending batch; false if it failed and was kept. Runs under {@link #flushLock}. */
    private boolean writePending() {
        List<String> batch = List.copyOf(pending);
        Deadline deadline = Deadline.after(operationTimeout, ticker);
        try {
            retryPolicy.execute(() -> {
                Duration timeout = deadline.remaining(); // thrown, not counted: no attempt is made once time is up
                try {
                    sink.appendAll(batch, timeout, Context.NONE);
                    return null;
                } catch (RuntimeException e) {
                    attemptFailed(e);
                    throw e;
                }
            }, e -> RetryPolicy.isTransient(e) && !deadline.hasExpired());
            written.add(batch.size());
            pending.clear();
            if (warned) {
                LOGGER.info("Writing log entries works again, after {} failed attempts in a row over {}",
                        failedInARow, failingFor());
            }
            failedInARow = 0;
            warned = false;
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
            if (onWriteFailed != null) {
                WriteFailedEvent event = new WriteFailedEvent(e, batch.size(), kept, Math.max(failedInARow, 1),
                        failingFor());
                try {
                    onWriteFailed.accept(event);
                } catch (RuntimeException listenerFailure) {
                    LOGGER.warn("The onWriteFailed listener of the log writer threw; the writer goes on",
                            listenerFailure);
                }
            }
            return !kept;
        }
    }

    /** Counts a failed attempt, and logs the one WARN of an episode when there have been enough in a row. */
    private void attemptFailed(RuntimeException e) {
        failures.increment();
        if (failedInARow++ == 0) {
            failingSince = ticker.read();
        }
        if (!warned && failedInARow >= warnAfterFailedAttempts) {
            warned = true;
            LOGGER.warn("Writing log entries has failed {} times in a row over {}; the batch is kept and retried at "
                    + "each flush, the queue keeps filling, and each write that gives up reaches onWriteFailed. "
                    + "Last failure: {}", failedInARow, failingFor(), e.toString());
        }
    }

    /** How long the current run of failures has lasted. */
    private Duration failingFor() {
        return failedInARow == 0 ? Duration.ZERO : Duration.ofNanos(ticker.read() - failingSince);
    }

    /**
     * Stops accepting entries, writes everything accepted, and stops the background work (shutting down the
     * executor only if the writer created it). Waits, on the calling thread, until every entry accepted before it
     * is written or given up on. Idempotent: a second call returns at once. Entries that still cannot be written
     * after the retry policy's attempts are counted in {@link #lostCount()}, logged at WARN and reported; never
     * throws a storage error.
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
    public long droppedCount() {
        return dropped.sum();
    }

    /**
     * Entries accepted but never written: dropped after a non-transient failure, or still failing at close. A
     * batch whose last attempt failed without an answer (a lost response, a timeout) may be in the log all the same.
     *
     * @return the count since the writer was built
     */
    public long lostCount() {
        return lost.sum();
    }

    /**
     * Entries written to the sink.
     *
     * @return the count since the writer was built
     */
    public long writtenCount() {
        return written.sum();
    }

    /**
     * Failed write attempts, retried or not.
     *
     * @return the count since the writer was built
     */
    public long failedAttemptCount() {
        return failures.sum();
    }

    /**
     * Entries waiting to be written.
     *
     * @return the number queued now
     */
    public int queuedCount() {
        return queue.size();
    }

    /**
     * Builds an {@link AsyncLogWriter}. Mutable and not thread-safe; {@link #build()} validates, copies the settings
     * and returns a running writer.
     */
    public static final class Builder {
        private @Nullable LogSink sink;
        private @Nullable ScheduledExecutorService executor;
        private int queueCapacity = 100_000;
        private int maxBatchEntries = 10_000;
        private Duration flushInterval = Duration.ofSeconds(1);
        private FullQueuePolicy fullQueuePolicy = FullQueuePolicy.DROP;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private @Nullable Consumer<WriteFailedEvent> onWriteFailed;
        private @Nullable Duration operationTimeout;
        private Ticker ticker = Ticker.systemTicker();
        private int warnAfterFailedAttempts = DEFAULT_WARN_AFTER_FAILED_ATTEMPTS;

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
            this.sink = Checks.notNull(sink, "sink");
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
            this.executor = Checks.notNull(executor, "executor");
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
            Checks.notNull(flushInterval, "flushInterval");
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
            this.fullQueuePolicy = Checks.notNull(fullQueuePolicy, "fullQueuePolicy");
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
            this.retryPolicy = Checks.notNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * Sets the longest one write of a batch may take, the retry policy's retries included (default: no limit
         * beyond the retry policy's own deadline): no attempt starts once it has passed, and each SDK call is given
         * only the time left (a retry policy's wait that ends after it ends the write). A write cut short is a
         * transient failure: the batch is kept and written first at the next flush.
         *
         * @param operationTimeout positive
         * @return this builder
         * @throws NullPointerException if {@code operationTimeout} is null
         * @throws IllegalArgumentException if {@code operationTimeout} is zero or negative
         */
        public Builder operationTimeout(Duration operationTimeout) {
            Checks.notNull(operationTimeout, "operationTimeout");
            this.operationTimeout = Checks.timeout(operationTimeout, "operationTimeout");
            return this;
        }

        /**
         * Sets the monotonic time source that {@link #operationTimeout(Duration)} and the length of a run of
         * failures are measured on (default {@link Ticker#systemTicker()}).
         *
         * @param ticker the ticker
         * @return this builder
         * @throws NullPointerException if {@code ticker} is null
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.notNull(ticker, "ticker");
            return this;
        }

        /**
         * Sets after how many failed write attempts in a row the writer logs a WARN (default
         * {@value AsyncLogWriter#DEFAULT_WARN_AFTER_FAILED_ATTEMPTS}). An attempt is one call of the sink, retries
         * included; the count starts again when a write succeeds. The WARN is logged once per run of failures, and
         * an INFO when a write succeeds after it. Failures before the threshold log at DEBUG only (a retry usually
         * heals them); every write the retry policy gives up on reaches {@link #onWriteFailed(Consumer)} either way.
         *
         * @param attempts at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code attempts} is less than 1
         */
        public Builder warnAfterFailedAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("'warnAfterFailedAttempts' must be at least 1, was " + attempts);
            }
            this.warnAfterFailedAttempts = attempts;
            return this;
        }

        /**
         * Sets who hears about each write the writer gives up on (default: it is only logged and counted): when the
         * retry policy's attempts or time run out on a transient fault (the batch is kept), or at once on another
         * failure (the batch is dropped). A later call replaces the listener. It runs on the thread that flushes (the
         * writer's executor, or the caller of {@link AsyncLogWriter#flush()} or {@link AsyncLogWriter#close()}),
         * must return quickly, and must not append to this writer with {@link FullQueuePolicy#BLOCK}; an exception
         * it throws is logged at WARN and never stops the writer.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onWriteFailed(Consumer<WriteFailedEvent> listener) {
            this.onWriteFailed = Checks.notNull(listener, "listener");
            return this;
        }

        /**
         * Validates the settings and builds the writer, running: its interval flush is scheduled on the executor.
         * Makes no request.
         *
         * @return the writer
         * @throws IllegalStateException if no sink is set
         * @throws IllegalArgumentException if {@code queueCapacity} is less than {@code maxBatchEntries}
         */
        public AsyncLogWriter build() {
            return new AsyncLogWriter(this);
        }
    }
}
