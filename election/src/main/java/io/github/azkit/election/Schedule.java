package io.github.azkit.election;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PeriodicElector}'s calendar: which period an instant falls in, when a period begins, and which period is
 * due given the last one completed and the {@link MissedPeriodPolicy}. Immutable and thread-safe.
 */
final class Schedule {

    /** How the identity of a fixed schedule begins. */
    static final String FIXED_PREFIX = "fixed ";

    private final Instant firstPeriodStart;
    private final Duration period;
    /** The calendar schedule, or null for a fixed period from {@link #firstPeriodStart}. */
    private final @Nullable CalendarSchedule calendar;
    private final MissedPeriodPolicy missedPeriods;
    private final Clock clock;

    /** Fixed periods: period n begins at {@code firstPeriodStart + n * period}. */
    Schedule(Instant firstPeriodStart, Duration period, MissedPeriodPolicy missedPeriods, Clock clock) {
        this.firstPeriodStart = firstPeriodStart;
        this.period = period;
        this.calendar = null;
        this.missedPeriods = missedPeriods;
        this.clock = clock;
    }

    /** Calendar periods, indexed as {@link CalendarSchedule} says. */
    Schedule(CalendarSchedule calendar, MissedPeriodPolicy missedPeriods, Clock clock) {
        this.firstPeriodStart = calendar.periodStart(0);
        this.period = Duration.ZERO;
        this.calendar = calendar;
        this.missedPeriods = missedPeriods;
        this.clock = clock;
    }

    /**
     * What the periods are, as recorded in the election blob beside the last completed period, so that an elector
     * with another schedule does not read that record's index as its own: {@code "fixed PT24H from
     * 2026-01-03T00:00:00Z"} or the calendar schedule's identity. The missed-period policy is not part of it (it does
     * not change the indexes).
     */
    String identity() {
        return calendar != null ? calendar.identity() : FIXED_PREFIX + period + " from " + firstPeriodStart;
    }

    /** When period 0 begins (for a calendar schedule, its first period in 1970). */
    Instant firstPeriodStart() {
        return firstPeriodStart;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * The index of the period that contains {@code instant}: for fixed periods 0 for the first period, negative
     * before it; for a calendar schedule its stable count (see {@link CalendarSchedule}).
     */
    long periodAt(Instant instant) {
        if (calendar != null) {
            return calendar.periodAt(instant);
        }
        return Math.floorDiv(Duration.between(firstPeriodStart, instant).toMillis(), period.toMillis());
    }

    /** When period {@code index} begins. */
    Instant periodStart(long index) {
        if (calendar != null) {
            return calendar.periodStart(index);
        }
        return firstPeriodStart.plusMillis(Math.multiplyExact(index, period.toMillis()));
    }

    /** The period to run, given the last completed one and the current one; -1 if none is due. */
    long target(@Nullable Long lastCompleted, long current) {
        if (lastCompleted != null && lastCompleted >= current) {
            return -1;
        }
        if (lastCompleted == null || missedPeriods == MissedPeriodPolicy.LATEST_ONLY) {
            return current;
        }
        return lastCompleted + 1;
    }

    /** The period a retry of a failed {@code period} runs: the same one, or with LATEST_ONLY a newer one begun since. */
    long retryTarget(long period) {
        return missedPeriods == MissedPeriodPolicy.LATEST_ONLY ? Math.max(period, periodAt(clock.instant())) : period;
    }

    /** The context of attempt {@code attempt} of period {@code index} under {@code term}. */
    PeriodContext context(long index, int attempt, Term term) {
        return new PeriodContext(index, periodStart(index), periodStart(index + 1), attempt, term);
    }
}
