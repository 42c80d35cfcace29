package io.github.azkit.storage;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose periodic tasks never fire on their own: the test captures the task and the delays, and runs
 * a tick with {@link #tick()}. Nothing sleeps.
 */
final class CapturingScheduler extends ScheduledThreadPoolExecutor {
    volatile Runnable task;
    volatile long initialDelayNanos = -1;
    volatile long delayNanos = -1;
    volatile ScheduledFuture<?> future;

    CapturingScheduler() {
        super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        task = command;
        initialDelayNanos = unit.toNanos(initialDelay);
        delayNanos = unit.toNanos(delay);
        future = super.schedule(() -> { }, 365, TimeUnit.DAYS);
        return future;
    }

    void tick() {
        task.run();
    }
}
