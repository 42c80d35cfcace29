package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LogPeriodTest {

    @Provide
    Arbitrary<Instant> instants() {
        long min = Instant.parse("0001-01-08T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9998-12-31T23:59:59Z").getEpochSecond();
        Arbitrary<Instant> anywhere = Arbitraries.longs().between(min, max).map(Instant::ofEpochSecond);
        // Bias towards the edges where calendars break: the last and first days of years, months and quarters.
        Arbitrary<Instant> nearYearEnd = Arbitraries.integers().between(1970, 2400).flatMap(year ->
                Arbitraries.longs().between(-7 * 86_400L, 7 * 86_400L).map(offset ->
                        LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(offset)));
        return Arbitraries.oneOf(anywhere, nearYearEnd);
    }

    @Property(tries = 2000)
    void anInstantLiesInItsPeriodAndPeriodsTile(@ForAll("instants") Instant t, @ForAll LogPeriod period) {
        Instant start = period.start(t);
        Instant end = period.end(t);
        assertThat(start).isBeforeOrEqualTo(t);
        assertThat(end).isAfter(t);
        assertThat(period.start(start)).isEqualTo(start);
        assertThat(period.start(end)).isEqualTo(end);
        assertThat(period.start(end.minusNanos(1))).isEqualTo(start);
        assertThat(period.shift(t, 1)).isEqualTo(end);
        assertThat(period.shift(end, -1)).isEqualTo(start);
    }

    @Property(tries = 2000)
    void labelsRoundTripAndSortInTimeOrder(@ForAll("instants") Instant a, @ForAll("instants") Instant b,
            @ForAll LogPeriod period) {
        assertThat(period.parse(period.label(a))).isEqualTo(period.start(a));
        int byTime = period.start(a).compareTo(period.start(b));
        int byLabel = period.label(a).compareTo(period.label(b));
        assertThat(Integer.signum(byLabel)).isEqualTo(Integer.signum(byTime));
    }

    @Property(tries = 1000)
    void weeksStartOnMondayAndLastSevenDays(@ForAll("instants") Instant t) {
        Instant start = LogPeriod.WEEKLY.start(t);
        assertThat(start.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(LogPeriod.WEEKLY.end(t)).isEqualTo(start.plusSeconds(7 * 86_400L));
    }

    @Property(tries = 1000)
    void isoWeek53ExistsExactlyInTheLongYears(@ForAll @IntRange(min = 2, max = 9997) int year) {
        LocalDate jan1 = LocalDate.of(year, 1, 1);
        boolean longYear = jan1.getDayOfWeek() == DayOfWeek.THURSDAY
                || (jan1.isLeapYear() && jan1.getDayOfWeek() == DayOfWeek.WEDNESDAY);
        Instant dec28 = LocalDate.of(year, 12, 28).atStartOfDay(ZoneOffset.UTC).toInstant(); // always in the last week
        assertThat(LogPeriod.WEEKLY.label(dec28)).isEqualTo(String.format("%04d-W%s", year, longYear ? "53" : "52"));
        String week53 = String.format("%04d-W53", year);
        if (longYear) {
            assertThat(LogPeriod.WEEKLY.label(LogPeriod.WEEKLY.parse(week53))).isEqualTo(week53);
        } else {
            assertThatThrownBy(() -> LogPeriod.WEEKLY.parse(week53)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(week53);
        }
    }

    @Property(tries = 1000)
    void quartersAreRightInEveryMonth(@ForAll @IntRange(min = 1, max = 9998) int year,
            @ForAll @IntRange(min = 1, max = 12) int month, @ForAll @IntRange(min = 1, max = 28) int day) {
        Instant t = LocalDate.of(year, month, day).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3_600);
        int firstMonth = (month - 1) / 3 * 3 + 1;
        LocalDate start = LocalDate.of(year, firstMonth, 1);
        assertThat(LogPeriod.QUARTERLY.start(t)).isEqualTo(start.atStartOfDay(ZoneOffset.UTC).toInstant());
        assertThat(LogPeriod.QUARTERLY.end(t))
                .isEqualTo(start.plusMonths(3).atStartOfDay(ZoneOffset.UTC).toInstant());
        assertThat(LogPeriod.QUARTERLY.label(t)).isEqualTo(String.format("%04d-Q%d", year, (month - 1) / 3 + 1));
    }

    /** The original toolkit's quarter arithmetic threw in December. */
    @Test
    void regressionDecemberHasAQuarter() {
        Instant december = Instant.parse("2026-12-15T08:00:00Z");
        assertThat(LogPeriod.QUARTERLY.start(december)).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        assertThat(LogPeriod.QUARTERLY.end(december)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(LogPeriod.QUARTERLY.shift(december, 1)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void knownLabels() {
        Instant t = Instant.parse("2026-12-31T23:59:59.999Z");
        assertThat(LogPeriod.DAILY.label(t)).isEqualTo("2026-12-31");
        assertThat(LogPeriod.WEEKLY.label(t)).isEqualTo("2026-W53");
        assertThat(LogPeriod.MONTHLY.label(t)).isEqualTo("2026-12");
        assertThat(LogPeriod.QUARTERLY.label(t)).isEqualTo("2026-Q4");
        assertThat(LogPeriod.QUARTERLY.end(t)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(LogPeriod.YEARLY.label(t)).isEqualTo("2026");
        assertThat(LogPeriod.WEEKLY.label(Instant.parse("2027-01-03T12:00:00Z"))).isEqualTo("2026-W53");
        assertThat(LogPeriod.WEEKLY.label(Instant.parse("2027-01-04T00:00:00Z"))).isEqualTo("2027-W01");
        assertThat(LogPeriod.WEEKLY.label(Instant.parse("2024-12-30T00:00:00Z"))).isEqualTo("2025-W01");
        assertThat(LogPeriod.DAILY.label(Instant.parse("2028-02-29T10:00:00Z"))).isEqualTo("2028-02-29");
        assertThat(LogPeriod.MONTHLY.end(Instant.parse("2028-02-29T10:00:00Z")))
                .isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
    }

    @Test
    void badInputIsRefusedWithTheValue() {
        assertThatThrownBy(() -> LogPeriod.DAILY.parse("2026-02-30")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'2026-02-30' is not a DAILY label").hasMessageContaining("2026-11-22");
        assertThatThrownBy(() -> LogPeriod.QUARTERLY.parse("2026-Q5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogPeriod.MONTHLY.start(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'instant' must be between");
        assertThatThrownBy(() -> LogPeriod.DAILY.start(null)).isInstanceOf(NullPointerException.class);
    }
}
