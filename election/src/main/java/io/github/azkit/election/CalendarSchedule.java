package io.github.azkit.election;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A calendar schedule for a {@link PeriodicElector}: daily at a time, weekly on a weekday, monthly on a day,
 * quarterly or yearly, in a time zone. Give it to {@link PeriodicElector.Builder#schedule(CalendarSchedule)} instead
 * of a fixed period.
 *
 * <p><b>Periods.</b> A period begins at the scheduled local date and time and ends where the next one begins. Its
 * index ({@link PeriodContext#period()}) is a count that does not depend on when an instance started, so the blob's
 * record of the last completed period means the same to every instance and after every restart:
 *
 * <table>
 *   <caption>Period indexes</caption>
 *   <tr><th>schedule</th><th>index of the period that begins on local date d</th></tr>
 *   <tr><td>{@link #daily}</td><td>days since 1970-01-01 ({@code d.toEpochDay()})</td></tr>
 *   <tr><td>{@link #weekly}</td><td>weeks since the first such weekday on or after 1970-01-01</td></tr>
 *   <tr><td>{@link #monthly}</td><td>months since 1970-01 ({@code (year - 1970) * 12 + month - 1})</td></tr>
 *   <tr><td>{@link #quarterly}</td><td>quarters since 1970-Q1 ({@code (year - 1970) * 4 + quarter - 1})</td></tr>
 *   <tr><td>{@link #yearly}</td><td>years since 1970 ({@code year - 1970})</td></tr>
 * </table>
 *
 * <p>Indexes of different schedules are not comparable (a daily index is far larger than a monthly one), so the
 * elector records the schedule beside its last completed period. An elector whose schedule differs from the recorded
 * one (the schedule was changed, keeping the blob) treats the blob as recording no completed period: it runs its
 * current period at once, logs the change at INFO, and its completion replaces the record.
 *
 * <p><b>Days that do not exist.</b> A day of the month beyond the month's end (29 to 31 in a short month, 29 February
 * in a common year) means the month's last day: monthly on the 31st runs on 28 (or 29) February, 30 April, and so on.
 *
 * <p><b>Daylight saving time.</b> The start of each period is the scheduled local date and time resolved in the zone
 * as {@link ZonedDateTime#of(LocalDateTime, ZoneId)} resolves it: a time in a gap (the clocks go forward past it)
 * means the same time after the gap (02:30 on a day New York skips from 02:00 to 03:00 means 03:30 EDT); a time in an
 * overlap (the clocks go back over it) means the earlier of the two (01:30 EDT, not 01:30 EST). Each local day,
 * week, month, quarter or year therefore has exactly one period, which begins once: a change of offset never runs a
 * period twice nor skips one. Periods are not all the same length (a day may last 23 or 25 hours).
 *
 * <p>Immutable and thread-safe; {@link #equals(Object)} compares the kind, day, time and zone.
 */
public final class CalendarSchedule {

    private enum Kind {
        DAILY("daily"), WEEKLY("weekly"), MONTHLY("monthly"), QUARTERLY("quarterly"), YEARLY("yearly");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final Kind kind;
    /** The weekday (weekly), day of the month (monthly, quarterly, yearly) or 0 (daily). */
    private final int day;
    /** The month (yearly), else 1. */
    private final int month;
    private final LocalTime time;
    private final ZoneId zone;

    private CalendarSchedule(Kind kind, int day, int month, LocalTime time, ZoneId zone) {
        this.kind = kind;
        this.day = day;
        this.month = month;
        this.time = time;
        this.zone = zone;
    }

    /**
     * Every day at {@code time} in {@code zone}; the period index is the local date's epoch day.
     *
     * @param time the local time the period begins
     * @param zone the time zone
     * @return the schedule
     * @throws NullPointerException if an argument is null
     */
    public static CalendarSchedule daily(LocalTime time, ZoneId zone) {
        return new CalendarSchedule(Kind.DAILY, 0, 1, time(time), zone(zone));
    }

    /**
     * Every week on {@code dayOfWeek} at {@code time} in {@code zone}: {@code weekly(DayOfWeek.SATURDAY,
     * LocalTime.MIDNIGHT, ZoneOffset.UTC)} begins a period every Saturday at 00:00 UTC.
     *
     * @param dayOfWeek the weekday the period begins on
     * @param time the local time the period begins
     * @param zone the time zone
     * @return the schedule
     * @throws NullPointerException if an argument is null
     */
    public static CalendarSchedule weekly(DayOfWeek dayOfWeek, LocalTime time, ZoneId zone) {
        Objects.requireNonNull(dayOfWeek, "'dayOfWeek' must not be null");
        return new CalendarSchedule(Kind.WEEKLY, dayOfWeek.getValue(), 1, time(time), zone(zone));
    }

    /**
     * Every month on {@code dayOfMonth} at {@code time} in {@code zone}. A day beyond a month's end means that
     * month's last day (the 31st is 30 April, 28 or 29 February).
     *
     * @param dayOfMonth the day the period begins on, 1 to 31
     * @param time the local time the period begins
     * @param zone the time zone
     * @return the schedule
     * @throws IllegalArgumentException if {@code dayOfMonth} is not between 1 and 31
     * @throws NullPointerException if {@code time} or {@code zone} is null
     */
    public static CalendarSchedule monthly(int dayOfMonth, LocalTime time, ZoneId zone) {
        return new CalendarSchedule(Kind.MONTHLY, dayOfMonth(dayOfMonth, 31), 1, time(time), zone(zone));
    }

    /**
     * Every quarter on {@code dayOfMonth} of its first month (January, April, July, October) at {@code time} in
     * {@code zone}. A day beyond the month's end means its last day (the 31st is 30 April).
     *
     * @param dayOfMonth the day of the quarter's first month the period begins on, 1 to 31
     * @param time the local time the period begins
     * @param zone the time zone
     * @return the schedule
     * @throws IllegalArgumentException if {@code dayOfMonth} is not between 1 and 31
     * @throws NullPointerException if {@code time} or {@code zone} is null
     */
    public static CalendarSchedule quarterly(int dayOfMonth, LocalTime time, ZoneId zone) {
        return new CalendarSchedule(Kind.QUARTERLY, dayOfMonth(dayOfMonth, 31), 1, time(time), zone(zone));
    }

    /**
     * Every year on {@code dayOfMonth} of {@code month} at {@code time} in {@code zone}. 29 February means 28
     * February in a common year.
     *
     * @param month the month the period begins in
     * @param dayOfMonth the day the period begins on, 1 to the month's longest length (29 for February)
     * @param time the local time the period begins
     * @param zone the time zone
     * @return the schedule
     * @throws IllegalArgumentException if {@code dayOfMonth} is not a day of {@code month}
     * @throws NullPointerException if {@code month}, {@code time} or {@code zone} is null
     */
    public static CalendarSchedule yearly(Month month, int dayOfMonth, LocalTime time, ZoneId zone) {
        Objects.requireNonNull(month, "'month' must not be null");
        return new CalendarSchedule(Kind.YEARLY, dayOfMonth(dayOfMonth, month.maxLength()), month.getValue(),
                time(time), zone(zone));
    }

    /**
     * The time zone the schedule's dates and times are in.
     *
     * @return the zone
     */
    public ZoneId zone() {
        return zone;
    }

    /**
     * The local time each period begins at.
     *
     * @return the time
     */
    public LocalTime time() {
        return time;
    }

    /** The index of the period that contains {@code instant}. */
    long periodAt(Instant instant) {
        long index = indexOf(LocalDateTime.ofInstant(instant, zone).toLocalDate());
        // The local date's own period may begin later that day (or, across a gap, a little later than its local
        // time): step to the period whose start is at or before the instant, and whose successor's is after it.
        while (periodStart(index).isAfter(instant)) {
            index--;
        }
        while (!periodStart(index + 1).isAfter(instant)) {
            index++;
        }
        return index;
    }

    /** When period {@code index} begins: its local date at the schedule's time, resolved in the zone. */
    Instant periodStart(long index) {
        return ZonedDateTime.of(startDate(index), time, zone).toInstant();
    }

    /** The index of the period whose start date is {@code date}'s period start date (the latest on or before it). */
    private long indexOf(LocalDate date) {
        long monthsSince1970 = (date.getYear() - 1970L) * 12 + date.getMonthValue() - 1;
        switch (kind) {
            case DAILY:
                return date.toEpochDay();
            case WEEKLY:
                return Math.floorDiv(date.toEpochDay() - firstWeekday(), 7);
            case MONTHLY:
                return monthsSince1970;
            case QUARTERLY:
                return Math.floorDiv(monthsSince1970, 3);
            default:
                return Math.floorDiv(monthsSince1970 - (month - 1), 12);
        }
    }

    private LocalDate startDate(long index) {
        switch (kind) {
            case DAILY:
                return LocalDate.ofEpochDay(index);
            case WEEKLY:
                return LocalDate.ofEpochDay(firstWeekday() + index * 7);
            case MONTHLY:
                return dayIn(YearMonth.of(1970, 1).plusMonths(index));
            case QUARTERLY:
                return dayIn(YearMonth.of(1970, 1).plusMonths(index * 3));
            default:
                return dayIn(YearMonth.of(1970, month).plusYears(index));
        }
    }

    /** The schedule's day in {@code month}, clamped to the month's last day. */
    private LocalDate dayIn(YearMonth yearMonth) {
        return yearMonth.atDay(Math.min(day, yearMonth.lengthOfMonth()));
    }

    /** The epoch day of the first of this schedule's weekdays on or after 1970-01-01 (a Thursday). */
    private long firstWeekday() {
        return Math.floorMod(day - DayOfWeek.THURSDAY.getValue(), 7);
    }

    /**
     * The schedule's identity as recorded in the election blob beside its last completed period: kind, day, month,
     * time and zone (fixed-offset zones normalized, so {@code UTC} and {@code Z} are one schedule). Stable across
     * versions: changing it makes every existing record look like another schedule's.
     */
    String identity() {
        return "calendar " + kind.label + " day=" + day + " month=" + month + " time="
                + time.format(DateTimeFormatter.ISO_LOCAL_TIME) + " zone=" + zone.normalized().getId();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof CalendarSchedule that && kind == that.kind && day == that.day && month == that.month
                && time.equals(that.time) && zone.normalized().equals(that.zone.normalized());
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, day, month, time, zone.normalized());
    }

    /**
     * Says the schedule: {@code "monthly on day 1 at 02:00 Europe/London"}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        String when;
        switch (kind) {
            case DAILY:
                when = "";
                break;
            case WEEKLY:
                when = " on " + DayOfWeek.of(day);
                break;
            case YEARLY:
                when = " on " + Month.of(month) + " " + day;
                break;
            default:
                when = " on day " + day;
        }
        return kind.label + when + " at " + time + " " + zone;
    }

    private static LocalTime time(LocalTime time) {
        return Objects.requireNonNull(time, "'time' must not be null");
    }

    private static ZoneId zone(ZoneId zone) {
        return Objects.requireNonNull(zone, "'zone' must not be null");
    }

    private static int dayOfMonth(int dayOfMonth, int max) {
        if (dayOfMonth < 1 || dayOfMonth > max) {
            throw new IllegalArgumentException("'dayOfMonth' must be between 1 and " + max + ", was " + dayOfMonth
                    + " (a day beyond a shorter month's end means its last day)");
        }
        return dayOfMonth;
    }
}
