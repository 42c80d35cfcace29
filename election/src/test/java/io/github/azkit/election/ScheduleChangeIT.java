package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A changed schedule on a kept election blob, against Azurite with a fake clock: the record names its schedule, so an
 * elector with another schedule does not read that record's period index as its own, and a record written before
 * schedules were recorded is still honoured.
 */
@AzkitStorageTest
class ScheduleChangeIT {

    private static final CalendarSchedule DAILY = CalendarSchedule.daily(LocalTime.of(2, 0), ZoneOffset.UTC);
    private static final CalendarSchedule QUARTERLY = CalendarSchedule.quarterly(1, LocalTime.of(0, 30),
            ZoneOffset.UTC);

    private final FakeClock clock = new FakeClock(Instant.parse("2027-06-10T03:00:00Z"));
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final List<PeriodicElector> electors = new ArrayList<>();
    /** Each job run: "schedule name:period". */
    private final List<String> runs = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        electors.forEach(PeriodicElector::close);
    }

    private PeriodicElector elector(String name, BlobClient blob, PeriodicElector.Builder schedule) {
        PeriodicElector elector = schedule.blobClient(blob)
                .job(context -> runs.add(name + ":" + context.period()))
                .leaseDuration(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMinutes(1))
                .jitter(0)
                .clock(clock)
                .ticker(clock)
                .executor(scheduler)
                .jobExecutor(new DirectExecutor())
                .build();
        electors.add(elector);
        return elector;
    }

    private static PeriodicElector.Builder on(CalendarSchedule schedule) {
        return PeriodicElector.builder().schedule(schedule);
    }

    @Test
    void anElectorWithAnotherScheduleRunsItsCurrentPeriod_andItsCompletionReplacesTheRecord(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        BlobClient blob = container.getBlobClient("billing.lock");
        long today = LocalDate.parse("2027-06-10").toEpochDay();

        PeriodicElector daily = elector("daily", blob, on(DAILY));
        scheduler.advance(Duration.ofMinutes(1));
        daily.close();
        assertThat(runs).containsExactly("daily:" + today);
        FencedBlob.State afterDaily = FencedBlob.read(blob, null);
        assertThat(afterDaily.lastCompleted()).isEqualTo(today);
        assertThat(afterDaily.schedule()).isEqualTo("calendar daily day=0 month=1 time=02:00:00 zone=Z");

        // The same blob, now quarterly: the recorded day (20,979) is far larger than this quarter's index (229), but
        // it is another schedule's, so the quarter has not been run.
        long quarter = (2027 - 1970) * 4 + 1;
        PeriodicElector quarterly = elector("quarterly", blob, on(QUARTERLY));
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(runs).containsExactly("daily:" + today, "quarterly:" + quarter);
        assertThat(FencedBlob.read(blob, null).lastCompleted()).isEqualTo(quarter);
        assertThat(FencedBlob.read(blob, null).schedule()).isEqualTo(QUARTERLY.identity());
        // Its own record now counts: nothing more until the next quarter begins.
        scheduler.advance(Duration.ofDays(1));
        assertThat(runs).hasSize(2);
        quarterly.close();

        // And a fixed period of 7 days from 2 January 2027: its current index (22) is below the recorded quarter's.
        PeriodicElector fixed = elector("weekly", blob,
                PeriodicElector.builder().schedule(Instant.parse("2027-01-02T00:00:00Z"), Duration.ofDays(7)));
        scheduler.advance(Duration.ofMinutes(1));
        long week = fixed.periodAt(clock.instant());
        assertThat(week).isEqualTo(22);
        assertThat(runs).containsExactly("daily:" + today, "quarterly:" + quarter, "weekly:" + week);
        FencedBlob.State afterFixed = FencedBlob.read(blob, null);
        assertThat(afterFixed.lastCompleted()).isEqualTo(week);
        assertThat(afterFixed.schedule()).isEqualTo("fixed PT168H from 2027-01-02T00:00:00Z");
        fixed.close();
    }

    @Test
    void aRecordWithoutASchedule_writtenByAnEarlierVersion_isHonouredByAFixedSchedule(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        BlobClient blob = container.getBlobClient("old.lock");
        // Earlier versions had fixed schedules only: a daily one from 1 January 2027 02:00 recorded 10 June complete.
        long today = java.time.temporal.ChronoUnit.DAYS.between(LocalDate.parse("2027-01-01"),
                LocalDate.parse("2027-06-10"));
        blob.upload(com.azure.core.util.BinaryData.fromBytes(new byte[0]));
        blob.setMetadata(Map.of(FencedBlob.TOKEN, "3", FencedBlob.COMPLETED, Long.toString(today)));

        elector("fixed", blob, PeriodicElector.builder()
                .schedule(Instant.parse("2027-01-01T02:00:00Z"), Duration.ofDays(1)));
        scheduler.advance(Duration.ofHours(1));
        assertThat(runs).as("today is recorded complete").isEmpty();

        scheduler.advance(Duration.ofDays(1)); // to 11 June 04:00: 11 June's period began at 02:00
        assertThat(runs).containsExactly("fixed:" + (today + 1));
        FencedBlob.State after = FencedBlob.read(blob, null);
        assertThat(after.lastCompleted()).isEqualTo(today + 1);
        assertThat(after.schedule()).as("the next completion records the schedule")
                .isEqualTo("fixed PT24H from 2027-01-01T02:00:00Z");
        assertThat(after.token()).isEqualTo(4);
    }

    @Test
    void aRecordWithoutASchedule_isNoCalendarSchedulesRecord(TestStorage storage) {
        BlobClient blob = storage.createContainer().getBlobClient("old-hourly.lock");
        // An earlier version's hourly schedule from 2020: a period index far above any daily calendar index.
        blob.upload(com.azure.core.util.BinaryData.fromBytes(new byte[0]));
        blob.setMetadata(Map.of(FencedBlob.TOKEN, "3", FencedBlob.COMPLETED, "65000"));

        elector("daily", blob, on(DAILY));
        scheduler.advance(Duration.ofMinutes(1));
        long today = LocalDate.parse("2027-06-10").toEpochDay();
        assertThat(runs).as("the calendar schedule's current period runs").containsExactly("daily:" + today);
        FencedBlob.State after = FencedBlob.read(blob, null);
        assertThat(after.lastCompleted()).isEqualTo(today);
        assertThat(after.schedule()).isEqualTo(DAILY.identity());
    }

    @Test
    void theSameScheduleBuiltAgain_isTheSameSchedule(TestStorage storage) {
        BlobClient blob = storage.createContainer().getBlobClient("same.lock");
        long today = LocalDate.parse("2027-06-10").toEpochDay();
        PeriodicElector first = elector("a", blob, on(DAILY));
        scheduler.advance(Duration.ofMinutes(1));
        first.close();
        // UTC as a region id is the same schedule as the offset Z.
        elector("b", blob, on(CalendarSchedule.daily(LocalTime.of(2, 0), java.time.ZoneId.of("UTC"))));
        scheduler.advance(Duration.ofHours(1));
        assertThat(runs).containsExactly("a:" + today);
    }
}
