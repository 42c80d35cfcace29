package io.github.azkit.benchmarks.service;

import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import java.time.Duration;

/**
 * The storage transactions of the service at rest: what its background work (log flushes, polls, elections) spends.
 *
 * @param seconds how long it was watched
 * @param spent what it spent meanwhile
 */
record Idle(double seconds, TransactionCounts spent) {

    /**
     * Watches {@code counter} for {@code duration}, in real time.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    static Idle measure(TransactionCounter counter, Duration duration) throws InterruptedException {
        TransactionCounts before = counter.snapshot();
        long start = System.nanoTime();
        Thread.sleep(duration.toMillis()); // a benchmark observing a real service at rest, not a test
        return new Idle((System.nanoTime() - start) / 1e9, counter.snapshot().minus(before));
    }
}
