package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link MonthSafeClock} at the edges it exists for. */
class MonthSafeClockTest {

    @Test
    void midMonthIsLeftAlone() {
        assertThat(MonthSafeClock.shift(Instant.parse("2026-11-15T12:00:00Z"), Duration.ofMinutes(10))).isZero();
        assertThat(MonthSafeClock.shift(Instant.parse("2026-11-30T23:49:59Z"), Duration.ofMinutes(10))).isZero();
    }

    @Test
    void theLastMinutesOfAMonthMoveToTheNextMonthsStart() {
        Instant now = Instant.parse("2026-12-31T23:59:30Z"); // end of a month, a quarter and a year
        Duration shift = MonthSafeClock.shift(now, Duration.ofMinutes(10));
        assertThat(now.plus(shift)).isEqualTo(Instant.parse("2027-01-01T00:01:00Z"));
        assertThat(MonthSafeClock.shift(now.plus(shift), Duration.ofMinutes(10))).isZero();
        assertThat(shift).isLessThanOrEqualTo(Duration.ofMinutes(11));
    }
}
