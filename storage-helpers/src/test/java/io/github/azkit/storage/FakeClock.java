package io.github.azkit.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A clock and ticker that move only when told to; its {@link #sleeper()} advances them instead of sleeping.
 */
final class FakeClock extends Clock implements Ticker {
    private volatile Instant now;
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    FakeClock(Instant start) {
        this.now = start;
    }

    synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    RetryPolicy.Sleeper sleeper() {
        return d -> {
            sleeps.add(d);
            advance(d);
        };
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public long read() {
        Instant t = now;
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
