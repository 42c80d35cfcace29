package io.github.azkit.logging;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The length of one {@link PeriodicLog} blob, computed in UTC. Each period has a label that sorts in time order
 * as a string, so a blob listing by prefix returns one log's periods oldest first:
 *
 * <ul>
 *   <li>{@link #DAILY}: {@code 2026-11-22}</li>
 *   <li>{@link #WEEKLY}: ISO-8601 weeks starting on Monday, labelled with the week-based year, {@code 2026-W47}
 *       (a year has 52 or 53 weeks; 2026-12-31 is in {@code 2026-W53}, 2027-01-04 starts {@code 2027-W01})</li>
 *   <li>{@link #MONTHLY}: {@code 2026-11}</li>
 *   <li>{@link #QUARTERLY}: {@code 2026-Q4} (October to December; the next quarter starts 1 January)</li>
 *   <li>{@link #YEARLY}: {@code 2026}</li>
 * </ul>
 *
 * <p>Years 1 to 9999 are supported (labels have four-digit years). Thread-safe (an enum of pure functions).
 */
public enum LogPeriod {
    /** One UTC day. */
    DAILY,
    /** One ISO-8601 week, Monday 00:00 UTC to the next Monday. */
    WEEKLY,
    /** One calendar month in UTC. */
    MONTHLY,
    /** One calendar quarter in UTC: January, April, July or October to three months later. */
    QUARTERLY,
    /** One calendar year in UTC. */
    YEARLY;

    private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-01T00:00:00Z");
    private static final Pattern DAY = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");

    /**
     * The start of the period that contains {@code instant}.
     *
     * @param instant any instant from year 1 to November 9999
     * @return the first instant of its period
     * @throws NullPointerException if {@code instant} is null
     * @throws IllegalArgumentException if {@code instant} is before year 1 or after 9999-12-01
     */
    public Instant start(Instant instant) {
        ZonedDateTime t = utc(instant).toLocalDate().atStartOfDay(ZoneOffset.UTC);
        switch (this) {
            case DAILY:
                return t.toInstant();
            case WEEKLY:
                return t.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
            case MONTHLY:
                return t.withDayOfMonth(1).toInstant();
            case QUARTERLY:
                int firstMonth = (t.getMonthValue() - 1) / 3 * 3 + 1;
                return t.withDayOfMonth(1).withMonth(firstMonth).toInstant();
            default:
                return t.withDayOfYear(1).toInstant();
        }
    }

    /**
     * The start of the period after the one that contains {@code instant}: the first instant not in it.
     *
     * @param instant any instant from year 1 to November 9999
     * @return the end (exclusive) of its period
     * @throws NullPointerException if {@code instant} is null
     * @throws IllegalArgumentException if {@code instant} is before year 1 or after 9999-12-01
     */
    public Instant end(Instant instant) {
        return plus(start(instant), 1);
    }

    /**
     * The start of the period {@code periods} periods after (or, if negative, before) the one that contains
     * {@code instant}.
     *
     * @param instant any instant from year 1 to November 9999
     * @param periods how many periods to move, may be negative
     * @return the start of that period
     * @throws NullPointerException if {@code instant} is null
     * @throws IllegalArgumentException if {@code instant} is out of range
     */
    public Instant shift(Instant instant, int periods) {
        return plus(start(instant), periods);
    }

    private Instant plus(Instant start, long periods) {
        ZonedDateTime t = start.atZone(ZoneOffset.UTC);
        switch (this) {
            case DAILY:
                return t.plusDays(periods).toInstant();
            case WEEKLY:
                return t.plusWeeks(periods).toInstant();
            case MONTHLY:
                return t.plusMonths(periods).toInstant();
            case QUARTERLY:
                return t.plusMonths(3 * periods).toInstant();
            default:
                return t.plusYears(periods).toInstant();
        }
    }

    /**
     * The label of the period that contains {@code instant}, such as {@code 2026-W47}. Labels of one
     * {@code LogPeriod} sort as strings in the order of the periods.
     *
     * @param instant any instant from year 1 to November 9999
     * @return the label
     * @throws NullPointerException if {@code instant} is null
     * @throws IllegalArgumentException if {@code instant} is out of range
     */
    public String label(Instant instant) {
        LocalDate d = utc(start(instant)).toLocalDate();
        switch (this) {
            case DAILY:
                return String.format(Locale.ROOT, "%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
            case WEEKLY:
                return String.format(Locale.ROOT, "%04d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR),
                        d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTHLY:
                return String.format(Locale.ROOT, "%04d-%02d", d.getYear(), d.getMonthValue());
            case QUARTERLY:
                return String.format(Locale.ROOT, "%04d-Q%d", d.getYear(), d.get(IsoFields.QUARTER_OF_YEAR));
            default:
                return String.format(Locale.ROOT, "%04d", d.getYear());
        }
    }

    /**
     * The start of the period a label names: the inverse of {@link #label(Instant)}.
     *
     * @param label a label of this period kind, such as {@code 2026-Q4}
     * @return the first instant of that period
     * @throws NullPointerException if {@code label} is null
     * @throws IllegalArgumentException if {@code label} is not a valid label of this period kind
     */
    public Instant parse(String label) {
        Objects.requireNonNull(label, "'label' must not be null");
        try {
            Instant start = parseStart(label);
            if (start != null && label(start).equals(label)) {
                return start;
            }
        } catch (java.time.DateTimeException | IllegalArgumentException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("'" + label + "' is not a " + name() + " label; expected for example '"
                + label(Instant.parse("2026-11-22T00:00:00Z")) + "'");
    }

    private Instant parseStart(String label) {
        Matcher m;
        switch (this) {
            case DAILY:
                m = DAY.matcher(label);
                return m.matches() ? LocalDate.of(num(m, 1), num(m, 2), num(m, 3)).atStartOfDay(ZoneOffset.UTC)
                        .toInstant() : null;
            case WEEKLY:
                m = WEEK.matcher(label);
                if (!m.matches()) {
                    return null;
                }
                LocalDate jan4 = LocalDate.of(num(m, 1), 1, 4);
                LocalDate monday = jan4.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .plusWeeks(num(m, 2) - 1L);
                return monday.atStartOfDay(ZoneOffset.UTC).toInstant();
            case MONTHLY:
                m = MONTH.matcher(label);
                return m.matches() ? LocalDate.of(num(m, 1), num(m, 2), 1).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : null;
            case QUARTERLY:
                m = QUARTER.matcher(label);
                return m.matches() ? LocalDate.of(num(m, 1), (num(m, 2) - 1) * 3 + 1, 1)
                        .atStartOfDay(ZoneOffset.UTC).toInstant() : null;
            default:
                m = YEAR.matcher(label);
                return m.matches() ? LocalDate.of(num(m, 1), 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant() : null;
        }
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static ZonedDateTime utc(Instant instant) {
        Objects.requireNonNull(instant, "'instant' must not be null");
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException("'instant' must be between " + MIN + " and " + MAX + ", was " + instant);
        }
        return instant.atZone(ZoneOffset.UTC);
    }

    /**
     * The lower-case name used in blob names, such as {@code daily}.
     *
     * @return the name
     */
    String folder() {
        return name().toLowerCase(Locale.ROOT);
    }
}
