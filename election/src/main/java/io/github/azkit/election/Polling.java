package io.github.azkit.election;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Poll delays with jitter, spread both ways as every azkit jitter is: uniform in
 * {@code [interval * (1 - jitter), interval * (1 + jitter)]}, so candidates that start together drift apart.
 */
final class Polling {

    private Polling() {
    }

    static Duration jittered(Duration interval, double jitter) {
        long nanos = interval.toNanos();
        long spread = (long) (nanos * jitter);
        return Duration.ofNanos(nanos - spread
                + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(2 * spread + 1)));
    }

    static double jitter(double jitter) {
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("'jitter' must be between 0 and 1, was " + jitter);
        }
        return jitter;
    }
}
