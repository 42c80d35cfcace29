package io.github.azkit.election;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Poll delays with jitter: uniform in [interval * (1 - jitter), interval], so a poll is never later than planned. */
final class Polling {

    private Polling() {
    }

    static Duration jittered(Duration interval, double jitter) {
        long nanos = interval.toNanos();
        long spread = (long) (nanos * jitter);
        return Duration.ofNanos(nanos - (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(spread + 1)));
    }

    static double jitter(double jitter) {
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("'jitter' must be between 0 and 1, was " + jitter);
        }
        return jitter;
    }
}
