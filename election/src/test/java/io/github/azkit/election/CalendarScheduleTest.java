package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Calendar schedules: stable indexes, clamped days, and starts across daylight saving time changes. */
class CalendarScheduleTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Provide
    Arbitrary<CalendarSchedule> schedules() {
        Arbitrary<ZoneId> zones = Arbitraries.of(List.of(ZoneOffset.UTC, LONDON, NEW_YORK,
                ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/Santiago"), ZoneId.of("Asia/Kolkata")));
        Arbitrary<LocalTime> times = Arbitraries.integers().between(0, 24 * 4 - 1)
                .map(quarterHours -> LocalTime.of(quarterHours / 4, quarterHours % 4 * 15));
        Arbitrary<Integer> days = Arbitraries.integers().between(1, 31);
        return Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(times, zones).as(CalendarSchedule::daily),
                net.jqwik.api.Combinators.combine(Arbitraries.of(DayOfWeek.class), times, zones)
                        .as(CalendarSchedule::weekly),
                net.jqwik.api.Combinators.combine(days, times, zones).as(CalendarSchedule::monthly),
                net.jqwik.api.Combinators.combine(days, times, zones).as(CalendarSchedule::quarterly),
                net.jqwik.api.Combinators.combine(Arbitraries.of(Month.class), days, times, zones)
                        .filter((m, d, t, z) -> d <= m.maxLength()).as(CalendarSchedule::yearly));
    }

    @Property
    void everyInstantFallsInThePeriodThatContainsIt_andPeriodsFollowOneAnother(
            @ForAll("schedules") CalendarSchedule schedule,
            @ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long epochMillis) {
        Instant instant = Instant.ofEpochMilli(epochMillis);
        long index = schedule.periodAt(instant);
        assertThat(schedule.periodStart(index)).isBeforeOrEqualTo(instant);
        assertThat(schedule.periodStart(index + 1)).isAfter(instant);
        assertThat(schedule.periodAt(schedule.periodStart(index))).isEqualTo(index);
        assertThat(schedule.periodAt(schedule.periodStart(index).minusNanos(1))).isEqualTo(index - 1);
    }

    @Test
    void indexesAreStableCountsSince1970() {
        Instant dec1 = Instant.parse("2026-12-01T12:00:00Z");
        assertThat(CalendarSchedule.daily(LocalTime.NOON, ZoneOffset.UTC).periodAt(dec1))
                .isEqualTo(LocalDate.parse("2026-12-01").toEpochDay());
        assertThat(CalendarSchedule.monthly(1, LocalTime.of(2, 0), ZoneOffset.UTC).periodAt(dec1))
                .as("months since 1970-01").isEqualTo(56 * 12 + 11);
        assertThat(CalendarSchedule.quarterly(1, LocalTime.of(2, 0), ZoneOffset.UTC).periodAt(dec1))
                .as("quarters since 1970-Q1").isEqualTo(56 * 4 + 3);
        assertThat(CalendarSchedule.yearly(Month.JANUARY, 1, LocalTime.MIDNIGHT, ZoneOffset.UTC).periodAt(dec1))
                .isEqualTo(56);
        CalendarSchedule saturdays = CalendarSchedule.weekly(DayOfWeek.SATURDAY, LocalTime.MIDNIGHT,
                ZoneOffset.UTC);
        assertThat(saturdays.periodStart(0)).as("the first Saturday of 1970").isEqualTo("1970-01-03T00:00:00Z");
        assertThat(saturdays.periodStart(saturdays.periodAt(dec1))).isEqualTo("2026-11-28T00:00:00Z");
    }

    @Test
    void aDayBeyondTheMonthsEndMeansItsLastDay() {
        CalendarSchedule on31st = CalendarSchedule.monthly(31, LocalTime.of(2, 0), ZoneOffset.UTC);
        long jan2027 = 57 * 12;
        assertThat(on31st.periodStart(jan2027)).isEqualTo("2027-01-31T02:00:00Z");
        assertThat(on31st.periodStart(jan2027 + 1)).isEqualTo("2027-02-28T02:00:00Z");
        assertThat(on31st.periodStart(jan2027 + 3)).isEqualTo("2027-04-30T02:00:00Z");
        assertThat(on31st.periodStart(jan2027 + 13)).as("a leap year").isEqualTo("2028-02-29T02:00:00Z");
        CalendarSchedule leapDay = CalendarSchedule.yearly(Month.FEBRUARY, 29, LocalTime.NOON, ZoneOffset.UTC);
        assertThat(leapDay.periodStart(57)).isEqualTo("2027-02-28T12:00:00Z");
        assertThat(leapDay.periodStart(58)).isEqualTo("2028-02-29T12:00:00Z");
        CalendarSchedule quarterly = CalendarSchedule.quarterly(31, LocalTime.NOON, ZoneOffset.UTC);
        assertThat(quarterly.periodStart(57 * 4 + 1)).isEqualTo("2027-04-30T12:00:00Z");
    }

    @Test
    void aTimeInASpringGapMeansTheSameTimeAfterIt_oneInAnAutumnOverlapTheEarlierOne() {
        CalendarSchedule ny0230 = CalendarSchedule.daily(LocalTime.of(2, 30), NEW_YORK);
        CalendarSchedule ny0130 = CalendarSchedule.daily(LocalTime.of(1, 30), NEW_YORK);
        long mar14 = LocalDate.parse("2027-03-14").toEpochDay(); // New York: 02:00 EST -> 03:00 EDT
        long nov7 = LocalDate.parse("2027-11-07").toEpochDay(); // New York: 02:00 EDT -> 01:00 EST
        assertThat(ny0230.periodStart(mar14)).as("03:30 EDT").isEqualTo("2027-03-14T07:30:00Z");
        assertThat(ny0230.periodStart(mar14 - 1)).as("02:30 EST").isEqualTo("2027-03-13T07:30:00Z");
        assertThat(ny0230.periodStart(mar14 + 1)).as("02:30 EDT").isEqualTo("2027-03-15T06:30:00Z");
        assertThat(ny0130.periodStart(nov7)).as("01:30 EDT, the first").isEqualTo("2027-11-07T05:30:00Z");
        assertThat(ny0130.periodAt(Instant.parse("2027-11-07T06:30:00Z"))).as("01:30 EST: no new period")
                .isEqualTo(nov7);

        CalendarSchedule london0130 = CalendarSchedule.daily(LocalTime.of(1, 30), LONDON);
        long mar28 = LocalDate.parse("2027-03-28").toEpochDay(); // London: 01:00 GMT -> 02:00 BST
        long oct31 = LocalDate.parse("2027-10-31").toEpochDay(); // London: 02:00 BST -> 01:00 GMT
        assertThat(london0130.periodStart(mar28)).as("02:30 BST").isEqualTo("2027-03-28T01:30:00Z");
        assertThat(london0130.periodStart(oct31)).as("01:30 BST, the first").isEqualTo("2027-10-31T00:30:00Z");
    }

    @Test
    void factoriesCheckTheirArguments() {
        assertThatThrownBy(() -> CalendarSchedule.monthly(0, LocalTime.NOON, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'dayOfMonth' must be between 1 and 31, was 0");
        assertThatThrownBy(() -> CalendarSchedule.yearly(Month.FEBRUARY, 30, LocalTime.NOON, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'dayOfMonth' must be between 1 and 29, was 30");
        assertThatThrownBy(() -> CalendarSchedule.daily(null, ZoneOffset.UTC))
                .isInstanceOf(NullPointerException.class).hasMessage("'time' must not be null");
        assertThatThrownBy(() -> CalendarSchedule.weekly(DayOfWeek.MONDAY, LocalTime.NOON, null))
                .isInstanceOf(NullPointerException.class).hasMessage("'zone' must not be null");
        assertThat(CalendarSchedule.monthly(1, LocalTime.of(2, 0), LONDON))
                .hasToString("monthly on day 1 at 02:00 Europe/London")
                .isEqualTo(CalendarSchedule.monthly(1, LocalTime.of(2, 0), LONDON))
                .isNotEqualTo(CalendarSchedule.quarterly(1, LocalTime.of(2, 0), LONDON));
    }

    @Test
    void theBuilderTakesAFixedOrACalendarSchedule_notBoth() {
        PeriodicElector.Builder both = PeriodicElector.builder()
                .blobClient(new com.azure.storage.blob.BlobClientBuilder()
                        .endpoint("https://example.blob.core.windows.net/c/b").buildClient())
                .job(context -> { })
                .schedule(Instant.EPOCH, java.time.Duration.ofDays(1))
                .schedule(CalendarSchedule.daily(LocalTime.NOON, ZoneOffset.UTC));
        assertThatThrownBy(both::build).isInstanceOf(IllegalStateException.class)
                .hasMessage("'schedule' was set twice, as a fixed period (PT24H from 1970-01-01T00:00:00Z) and as a "
                        + "calendar schedule (daily at 12:00 Z): set one of them");
        assertThatThrownBy(() -> PeriodicElector.builder().schedule((CalendarSchedule) null))
                .isInstanceOf(NullPointerException.class).hasMessage("'schedule' must not be null");
    }
}
