package io.github.azkit.election;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: attempt n waits a uniform random time in [0, min(max, initial * 2^(n-1))]. */
final class Backoff {

    private final Duration initial;
    private final Duration max;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    Duration delay(int attempt) {
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling(attempt).toMillis() + 1));
    }

    /** The largest delay attempt {@code attempt} can wait. */
    Duration ceiling(int attempt) {
        long cap = max.toMillis();
        long base = initial.toMillis();
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        return Duration.ofMillis(base > (cap >> shift) ? cap : Math.min(cap, base << shift));
    }
}
