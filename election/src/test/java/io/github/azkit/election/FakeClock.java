package io.github.azkit.election;

import io.github.azkit.storage.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A wall clock and a monotonic {@link Ticker} that move only when told to. {@link #advance(Duration)} moves both, as
 * time passing does; {@link #set(Instant)} and {@link #step(Duration)} move only the wall clock, as setting the clock
 * does (an NTP step, an operator), and the ticker does not notice. Thread-safe.
 */
final class FakeClock extends Clock implements Ticker {

    private volatile Instant now;
    private volatile long nanos = 1_000_000_000L;

    FakeClock(Instant start) {
        this.now = start;
    }

    /** Sets the wall clock; the ticker does not move. */
    void set(Instant instant) {
        now = instant;
    }

    /** Steps the wall clock forwards or backwards; the ticker does not move. */
    synchronized void step(Duration duration) {
        now = now.plus(duration);
    }

    /** Time passes: both the wall clock and the ticker move on. */
    synchronized void advance(Duration duration) {
        now = now.plus(duration);
        nanos += duration.toNanos();
    }

    @Override
    public long read() {
        return nanos;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
