package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Three instances, one royalties report: the periodic elector picks one instance per period. */
@AzkitStorageTest
class RoyaltiesIT {

    @Test
    void byDefaultTheReportOfEachQuarterIsMadeOnThe1stOfTheNextAt0300Utc_byOneOfTwoInstances(TestStorage storage) {
        String prefix = TestStorage.uniqueName("r");
        BillingIT.MutableClock clock = new BillingIT.MutableClock(Instant.parse("2027-04-01T02:59:57Z"));
        List<VideoService> instances = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                instances.add(VideoService.start(GuardedOptions.create().connectionString(storage.connectionString())
                        .prefix(prefix).kdfIterations(1_000).clock(clock)));
            }
            // Nothing is recorded yet, so the first quarter's period (from 1 January 03:00 UTC) runs at once.
            awaitRoyaltyRuns(instances, 1);
            clock.advance(Duration.ofSeconds(5)); // 03:00:02 UTC on 1 April
            awaitRoyaltyRuns(instances, 2);
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(6));

            List<Long> periods = new ArrayList<>();
            instances.forEach(s -> periods.addAll(s.royaltyPeriodsRun()));
            assertThat(periods).as("quarters since 1970-Q1, each run once").containsExactlyInAnyOrder(57L * 4,
                    57L * 4 + 1);
            com.azure.storage.blob.BlobContainerClient reports = storage.blobServiceClient()
                    .getBlobContainerClient(prefix + "reports");
            assertThat(reports.getBlobClient("royalties-2026-Q4.csv").exists()).isTrue();
            assertThat(reports.getBlobClient("royalties-2027-Q1.csv").exists()).isTrue();
        } finally {
            instances.forEach(VideoService::close);
        }
    }

    private static void awaitRoyaltyRuns(List<VideoService> instances, int runs) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (instances.stream().mapToInt(s -> s.royaltyPeriodsRun().size()).sum() < runs
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @Test
    void oneOfThreeInstancesProducesTheQuarterlyReportOnce(TestStorage storage) {
        String prefix = TestStorage.uniqueName("r");
        TableClient stats = storage.tableServiceClient().createTableIfNotExists(prefix + "VideoStats");
        // "Last quarter" from the clock the instances run on, with no month's (so no quarter's) end in the next
        // 5 minutes: every period's job reports the same quarter as the test expects.
        java.time.Clock clock = MonthSafeClock.of(Duration.ofMinutes(5));
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String lastQuarter = io.github.azkit.logging.LogPeriod.QUARTERLY.label(
                io.github.azkit.logging.LogPeriod.QUARTERLY.shift(start, -1));
        stats.upsertEntity(new TableEntity("azure-storage-fundamentals-introduction", lastQuarter)
                .addProperty("Minutes", 120L));
        stats.upsertEntity(new TableEntity("blobs-in-depth-introduction", lastQuarter).addProperty("Minutes", 30L));
        stats.upsertEntity(new TableEntity("modern-cpp-introduction", lastQuarter).addProperty("Minutes", 9L));
        stats.upsertEntity(new TableEntity("modern-cpp-introduction", "1999-Q1").addProperty("Minutes", 1L));

        List<VideoService> instances = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                instances.add(VideoService.start(GuardedOptions.create().connectionString(storage.connectionString())
                        .prefix(prefix).kdfIterations(1_000).clock(clock)
                        .royaltiesSchedule(start, Duration.ofSeconds(2))));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (instances.stream().mapToInt(s -> s.royaltyPeriodsRun().size()).sum() < 3
                    && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        } finally {
            instances.forEach(VideoService::close);
        }

        List<Long> all = new ArrayList<>();
        instances.forEach(s -> all.addAll(s.royaltyPeriodsRun()));
        Set<Long> distinct = new HashSet<>(all);
        assertThat(all).as("periods run, by all instances").hasSizeGreaterThanOrEqualTo(3);
        assertThat(distinct).as("no period ran on two instances").hasSameSizeAs(all);

        String report = storage.blobServiceClient().getBlobContainerClient(prefix + "reports")
                .getBlobClient("royalties-" + lastQuarter + ".csv").downloadContent().toString();
        assertThat(report.lines().toList()).containsExactly(
                "instructor,video,minutes",
                "jeffrey-richter,azure-storage-fundamentals-introduction,120",
                "jeffrey-richter,blobs-in-depth-introduction,30",
                "kate-gregory,modern-cpp-introduction,9");
    }
}
