package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calendar schedules against Azurite: two instances share one election blob, and one fake clock moves through
 * daylight saving time changes, short months, quarters and years (and once backwards). Every period runs exactly once,
 * when it begins.
 */
@AzkitStorageTest
class CalendarScheduleIT {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private FakeClock clock = new FakeClock(Instant.EPOCH);
    private FakeScheduler scheduler = new FakeScheduler(clock);
    private final List<PeriodicElector> electors = new ArrayList<>();
    /** Every job run, by either instance, in order. */
    private final List<Run> runs = new CopyOnWriteArrayList<>();

    /** One run of a job: which instance, which period, when the period began and when the job ran. */
    private record Run(String instance, long period, Instant periodStart, Instant ranAt) {
    }

    @AfterEach
    void closeAll() {
        electors.forEach(PeriodicElector::close);
    }

    /** Moves time to {@code start} (a fresh clock and scheduler) for the instances built next. */
    private void startAt(Instant start) {
        electors.forEach(PeriodicElector::close);
        electors.clear();
        runs.clear();
        clock = new FakeClock(start);
        scheduler = new FakeScheduler(clock);
    }

    private PeriodicElector instance(String name, BlobContainerClient container, CalendarSchedule schedule,
            Duration pollInterval) {
        PeriodicElector elector = PeriodicElector.builder()
                .blobClient(container.getBlobClient("calendar.lock"))
                .schedule(schedule)
                .job(context -> runs.add(new Run(name, context.period(), context.periodStart(), clock.instant())))
                .leaseDuration(Duration.ofSeconds(15))
                .pollInterval(pollInterval)
                .jitter(0)
                .clock(clock)
                .ticker(clock)
                .executor(scheduler)
                .jobExecutor(new DirectExecutor())
                .build();
        electors.add(elector);
        return elector;
    }

    /** Two instances competing for each period of {@code schedule}, from {@code start} for {@code length}. */
    private List<Run> twoInstances(TestStorage storage, CalendarSchedule schedule, Instant start, Duration length,
            Duration pollInterval) {
        startAt(start);
        BlobContainerClient container = storage.createContainer();
        instance("a", container, schedule, pollInterval);
        instance("b", container, schedule, pollInterval);
        scheduler.advance(length);
        return List.copyOf(runs);
    }

    private static List<Instant> ranAt(List<Run> runs) {
        return runs.stream().map(Run::ranAt).toList();
    }

    private static void eachPeriodOnceInOrder(List<Run> runs, String as) {
        List<Long> periods = runs.stream().map(Run::period).toList();
        assertThat(periods).as(as + ": periods run").doesNotHaveDuplicates().isSorted();
        for (int i = 1; i < periods.size(); i++) {
            assertThat(periods.get(i)).as(as + ": no period skipped").isEqualTo(periods.get(i - 1) + 1);
        }
        // After the first (run at once: nothing was recorded yet), each period runs when it begins.
        runs.stream().skip(1).forEach(run -> assertThat(run.ranAt()).as(as).isEqualTo(run.periodStart()));
    }

    @Test
    void dailyAcrossSpringForwardAndFallBack_eachLocalDayRunsOnce_atItsTimeOrJustAfterTheGap(TestStorage storage) {
        // For each zone and time: the spring and autumn weeks of 2027, each from noon three days before the change
        // to noon four days after it; the expected start on the day of the change.
        record Case(ZoneId zone, LocalTime time, LocalDate spring, Instant springStart, LocalDate autumn,
                Instant autumnStart) {
        }
        List<Case> cases = List.of(
                // New York skips 02:00-03:00 EST on 14 March (02:30 means 03:30 EDT) and repeats 01:00-02:00 on
                // 7 November (01:30 means 01:30 EDT, the first one).
                new Case(NEW_YORK, LocalTime.of(2, 30), LocalDate.parse("2027-03-14"),
                        Instant.parse("2027-03-14T07:30:00Z"), LocalDate.parse("2027-11-07"),
                        Instant.parse("2027-11-07T07:30:00Z")),
                new Case(NEW_YORK, LocalTime.of(1, 30), LocalDate.parse("2027-03-14"),
                        Instant.parse("2027-03-14T06:30:00Z"), LocalDate.parse("2027-11-07"),
                        Instant.parse("2027-11-07T05:30:00Z")),
                // London skips 01:00-02:00 GMT on 28 March and repeats 01:00-02:00 on 31 October.
                new Case(LONDON, LocalTime.of(1, 30), LocalDate.parse("2027-03-28"),
                        Instant.parse("2027-03-28T01:30:00Z"), LocalDate.parse("2027-10-31"),
                        Instant.parse("2027-10-31T00:30:00Z")),
                new Case(LONDON, LocalTime.of(2, 30), LocalDate.parse("2027-03-28"),
                        Instant.parse("2027-03-28T01:30:00Z"), LocalDate.parse("2027-10-31"),
                        Instant.parse("2027-10-31T02:30:00Z")));
        for (Case c : cases) {
            CalendarSchedule daily = CalendarSchedule.daily(c.time(), c.zone());
            for (LocalDate change : List.of(c.spring(), c.autumn())) {
                String as = daily + " around " + change;
                Instant from = change.minusDays(3).atTime(12, 0).atZone(c.zone()).toInstant();
                Instant to = change.plusDays(4).atTime(12, 0).atZone(c.zone()).toInstant();
                List<Run> daysRun = twoInstances(storage, daily, from, Duration.between(from, to),
                        Duration.ofMinutes(5));

                eachPeriodOnceInOrder(daysRun, as);
                Map<LocalDate, Long> runsPerDay = daysRun.stream().collect(Collectors.groupingBy(
                        run -> LocalDate.ofEpochDay(run.period()), Collectors.counting()));
                assertThat(runsPerDay).as(as + ": runs per local day").hasSize(8).allSatisfy((day, count) -> {
                    assertThat(count).isEqualTo(1);
                    assertThat(day).isBetween(change.minusDays(3), change.plusDays(4));
                });
                for (Run run : daysRun.subList(1, daysRun.size())) {
                    LocalDate day = LocalDate.ofEpochDay(run.period());
                    Instant expected = day.equals(c.spring()) ? c.springStart() : day.equals(c.autumn())
                            ? c.autumnStart() : day.atTime(c.time()).atZone(c.zone()).toInstant();
                    assertThat(run.ranAt()).as(as + ": the run of " + day).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void weeklyOnSundayAt0130_acrossLondonsFallBack_runsOnceAtTheFirst0130(TestStorage storage) {
        CalendarSchedule sundays = CalendarSchedule.weekly(java.time.DayOfWeek.SUNDAY, LocalTime.of(1, 30), LONDON);
        List<Run> weeks = twoInstances(storage, sundays, Instant.parse("2027-10-20T00:00:00Z"),
                Duration.ofDays(21), Duration.ofMinutes(10));
        eachPeriodOnceInOrder(weeks, "weekly");
        assertThat(ranAt(weeks)).containsExactly(
                Instant.parse("2027-10-20T00:00:00Z"), // the week from 17 October, at once
                Instant.parse("2027-10-24T00:30:00Z"), // 01:30 BST
                Instant.parse("2027-10-31T00:30:00Z"), // 01:30 BST, the first of the two
                Instant.parse("2027-11-07T01:30:00Z")); // 01:30 GMT
    }

    @Test
    void monthlyOnThe31st_runsOnTheLastDayOfShortMonths(TestStorage storage) {
        CalendarSchedule on31st = CalendarSchedule.monthly(31, LocalTime.of(2, 0), LONDON);
        List<Run> months = twoInstances(storage, on31st, Instant.parse("2027-01-20T00:00:00Z"),
                Duration.ofDays(110), Duration.ofHours(1));
        eachPeriodOnceInOrder(months, "monthly on the 31st");
        assertThat(ranAt(months)).containsExactly(
                Instant.parse("2027-01-20T00:00:00Z"), // December's period, at once
                Instant.parse("2027-01-31T02:00:00Z"),
                Instant.parse("2027-02-28T02:00:00Z"),
                Instant.parse("2027-03-31T01:00:00Z"), // 02:00 BST
                Instant.parse("2027-04-30T01:00:00Z"));
        assertThat(months.get(1).period()).as("months since 1970-01").isEqualTo(57 * 12);
    }

    @Test
    void quarterly_runsOnTheFirstOfEachQuartersFirstMonth(TestStorage storage) {
        CalendarSchedule quarterly = CalendarSchedule.quarterly(1, LocalTime.of(0, 30), NEW_YORK);
        List<Run> quarters = twoInstances(storage, quarterly, Instant.parse("2026-12-15T00:00:00Z"),
                Duration.ofDays(300), Duration.ofHours(1));
        eachPeriodOnceInOrder(quarters, "quarterly");
        assertThat(ranAt(quarters)).containsExactly(
                Instant.parse("2026-12-15T00:00:00Z"), // the fourth quarter's period, at once
                Instant.parse("2027-01-01T05:30:00Z"),
                Instant.parse("2027-04-01T04:30:00Z"),
                Instant.parse("2027-07-01T04:30:00Z"),
                Instant.parse("2027-10-01T04:30:00Z"));
        assertThat(quarters.get(1).period()).as("quarters since 1970-Q1").isEqualTo(57 * 4);
    }

    @Test
    void yearlyOnThe29thOfFebruary_runsOnThe28thInCommonYears(TestStorage storage) {
        CalendarSchedule yearly = CalendarSchedule.yearly(Month.FEBRUARY, 29, LocalTime.NOON, ZoneOffset.UTC);
        List<Run> years = twoInstances(storage, yearly, Instant.parse("2027-02-01T00:00:00Z"),
                Duration.ofDays(800), Duration.ofHours(6));
        eachPeriodOnceInOrder(years, "yearly");
        assertThat(ranAt(years)).containsExactly(
                Instant.parse("2027-02-01T00:00:00Z"), // 2026's period, at once
                Instant.parse("2027-02-28T12:00:00Z"),
                Instant.parse("2028-02-29T12:00:00Z"),
                Instant.parse("2029-02-28T12:00:00Z"));
        assertThat(years.stream().map(Run::period)).containsExactly(56L, 57L, 58L, 59L);
    }

    @Test
    void aClockSetBackNeverRunsACompletedPeriodAgain_norDoesARestartedInstance(TestStorage storage) {
        CalendarSchedule daily = CalendarSchedule.daily(LocalTime.of(2, 0), ZoneOffset.UTC);
        startAt(Instant.parse("2027-06-10T03:00:00Z"));
        BlobContainerClient container = storage.createContainer();
        PeriodicElector a = instance("a", container, daily, Duration.ofMinutes(5));
        scheduler.advance(Duration.ofDays(2)); // runs 10, 11 and 12 June
        Function<List<Run>, List<LocalDate>> days = list -> list.stream()
                .map(run -> LocalDate.ofEpochDay(run.period())).toList();
        assertThat(days.apply(runs)).containsExactly(LocalDate.parse("2027-06-10"), LocalDate.parse("2027-06-11"),
                LocalDate.parse("2027-06-12"));

        // The wall clock is set back three days (the ticker does not notice), and an instance restarts.
        clock.step(Duration.ofDays(-3));
        a.close();
        instance("a-restarted", container, daily, Duration.ofMinutes(5));
        instance("b", container, daily, Duration.ofMinutes(5));
        scheduler.advance(Duration.ofDays(4)); // the clock passes 10 to 12 June again, to 13 June 03:00
        assertThat(days.apply(runs)).as("no completed day runs again").containsExactly(
                LocalDate.parse("2027-06-10"), LocalDate.parse("2027-06-11"), LocalDate.parse("2027-06-12"),
                LocalDate.parse("2027-06-13"));
        assertThat(runs.get(3).ranAt()).isEqualTo("2027-06-13T02:00:00Z");
    }
}
