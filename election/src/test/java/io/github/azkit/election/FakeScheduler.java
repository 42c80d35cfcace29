package io.github.azkit.election;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scheduler driven by a {@link FakeClock}'s ticker, as a real one runs on {@link System#nanoTime()}: tasks run on
 * the thread that calls {@link #advance(Duration)}, in time order, with the clock advanced (ticker and wall clock
 * together) to each task's due time. Setting the wall clock does not move tasks. Thread-safe for scheduling; advance
 * from one thread at a time.
 */
final class FakeScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final FakeClock clock;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean shutdown;

    FakeScheduler(FakeClock clock) {
        this.clock = clock;
    }

    /** Runs every task due up to now + duration, moving the clock to each, then to now + duration. */
    void advance(Duration duration) {
        long target = clock.read() + duration.toNanos();
        while (true) {
            Task<?> next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due - target > 0) {
                    break;
                }
                queue.poll();
            }
            if (next.due - clock.read() > 0) {
                clock.advance(Duration.ofNanos(next.due - clock.read()));
            }
            next.run();
        }
        if (target - clock.read() > 0) {
            clock.advance(Duration.ofNanos(target - clock.read()));
        }
    }

    /** Runs tasks due now. */
    void runDue() {
        advance(Duration.ZERO);
    }

    synchronized int pending() {
        queue.removeIf(Task::isCancelled);
        return queue.size();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(new Task<Void>(command, null, clock.read() + unit.toNanos(delay)));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(new Task<>(callable, clock.read() + unit.toNanos(delay)));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by azkit election");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by azkit election");
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    private synchronized <V> Task<V> enqueue(Task<V> task) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        queue.add(task);
        return task;
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long due;
        private final long seq = sequence.incrementAndGet();

        Task(Runnable runnable, V result, long due) {
            super(runnable, result);
            this.due = due;
        }

        Task(Callable<V> callable, long due) {
            super(callable);
            this.due = due;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - clock.read(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> that = (Task<?>) other;
            int byTime = Long.compare(due, that.due);
            return byTime != 0 ? byTime : Long.compare(seq, that.seq);
        }
    }
}
