package io.github.azkit.examples.video;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * A clock for tests that depend on "this month" or "this quarter": the real time, moved forward, when needed, to
 * just after the next month's start, so that the next {@code window} holds no month's end (and so no quarter's or
 * year's end). A test that takes "now" from this clock, and gives the same clock to the service under test, cannot
 * fail at a month's end. It stays within {@code window} + 1 minute of the real time and never goes behind it, so
 * SAS links and lease durations, which Azurite checks against the real time, keep working.
 *
 * <p>Why not a fixed clock: the services under test sign SAS links and hold blob leases, and storage judges both by
 * its own clock; a clock days away from it would expire every link. Thread-safe (immutable).
 */
final class MonthSafeClock {

    private MonthSafeClock() {
    }

    /**
     * A clock whose next {@code window} (from the moment of this call) is within one month.
     *
     * @param window how long the test runs, at most
     * @return the clock, UTC
     */
    static Clock of(Duration window) {
        return Clock.offset(Clock.systemUTC(), shift(Instant.now(), window));
    }

    /**
     * How far forward to move {@code now} so that {@code [now + shift, now + shift + window]} is in one month (UTC).
     *
     * @param now the real time
     * @param window the test's length
     * @return zero if already so, else the way to one minute after the next month's start
     */
    static Duration shift(Instant now, Duration window) {
        YearMonth first = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        YearMonth last = YearMonth.from(now.plus(window).atOffset(ZoneOffset.UTC));
        if (first.equals(last)) {
            return Duration.ZERO;
        }
        Instant nextMonth = last.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Duration.between(now, nextMonth.plus(Duration.ofMinutes(1)));
    }
}
