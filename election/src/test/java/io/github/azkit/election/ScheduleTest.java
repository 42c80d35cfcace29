package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The periodic elector's calendar: period arithmetic and which period is due under each missed-period policy. */
class ScheduleTest {

    private static final Instant FIRST = Instant.parse("2026-11-21T00:00:00Z");

    private static Schedule weekly(MissedPeriodPolicy policy, Instant now) {
        return new Schedule(FIRST, Duration.ofDays(7), policy, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Property
    void everyInstantFallsInThePeriodThatContainsIt(
            @ForAll @LongRange(min = -10_000_000_000L, max = 10_000_000_000L) long offsetMillis,
            @ForAll @LongRange(min = 1_000, max = 100_000_000) long periodMillis) {
        Schedule schedule = new Schedule(FIRST, Duration.ofMillis(periodMillis), MissedPeriodPolicy.EACH,
                Clock.systemUTC());
        Instant instant = FIRST.plusMillis(offsetMillis);
        long index = schedule.periodAt(instant);
        assertThat(schedule.periodStart(index)).isBeforeOrEqualTo(instant);
        assertThat(schedule.periodStart(index + 1)).isAfter(instant);
    }

    @Test
    void theDuePeriod_latestOnlySkipsMissedPeriods_eachRunsTheOldestFirst() {
        Schedule latest = weekly(MissedPeriodPolicy.LATEST_ONLY, FIRST);
        Schedule each = weekly(MissedPeriodPolicy.EACH, FIRST);
        assertThat(latest.target(null, 6)).as("nothing recorded yet: the current period").isEqualTo(6);
        assertThat(each.target(null, 6)).isEqualTo(6);
        assertThat(latest.target(0L, 6)).isEqualTo(6);
        assertThat(each.target(0L, 6)).isEqualTo(1);
        assertThat(latest.target(6L, 6)).as("done").isEqualTo(-1);
        assertThat(each.target(7L, 6)).isEqualTo(-1);
    }

    @Test
    void aRetryRunsTheSamePeriod_unlessLatestOnlyFindsANewerOneBegun() {
        Instant inPeriod3 = FIRST.plus(Duration.ofDays(22));
        assertThat(weekly(MissedPeriodPolicy.LATEST_ONLY, inPeriod3).retryTarget(1)).isEqualTo(3);
        assertThat(weekly(MissedPeriodPolicy.EACH, inPeriod3).retryTarget(1)).isEqualTo(1);
        assertThat(weekly(MissedPeriodPolicy.LATEST_ONLY, inPeriod3).retryTarget(3)).isEqualTo(3);
    }
}
