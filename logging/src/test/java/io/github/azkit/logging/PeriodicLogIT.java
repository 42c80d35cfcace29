package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

@AzkitStorageTest
class PeriodicLogIT {

    @Test
    void retentionKeepsExactlyTheLastNPeriodsOnAFakeClock(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = CountedContainer.of(storage.createContainer(), counter);
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        // @start region="guide-periodic-log"
        PeriodicLog errors = PeriodicLog.builder()
                .containerClient(container)       // any BlobContainerClient of yours
                .period(LogPeriod.DAILY)          // one blob per day
                .retention(7)                     // today and the 6 days before
        // @end region="guide-periodic-log"
                .clock(clock)                     // test only: a clock the test advances (default: the system clock)
        // @start region="guide-periodic-log"
                .build();
        errors.append("web-3", "NullPointerException at checkout");
        // @end region="guide-periodic-log"

        TransactionCounts lastNewDay = null;
        for (int day = 1; day < 40; day++) {
            clock.advance(Duration.ofDays(1));
            TransactionCounts before = counter.snapshot();
            errors.append("web-3", "error on day " + day);
            lastNewDay = counter.snapshot().minus(before);
            TransactionCounts beforeSameDay = counter.snapshot();
            errors.append("web-3", "second error on day " + day);
            TransactionCounts sameDay = counter.snapshot().minus(beforeSameDay);
            assertThat(sameDay.total()).as("an append within the period: Put Block + Put Block List").isEqualTo(2);
        }

        List<LogBlob> kept = errors.list("web-3", Instant.EPOCH, clock.instant().plus(Duration.ofDays(1)));
        assertThat(kept).extracting(b -> LogPeriod.DAILY.label(b.start())).containsExactly(
                "2027-01-03", "2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08", "2027-01-09");
        assertThat(errors.readEntries(kept.get(6))).containsExactly("error on day 39", "second error on day 39");
        // A new period costs: Get Block List (404), Put Block, Put Block List, one List, one Delete.
        assertThat(lastNewDay.get(TransactionKind.READ)).isEqualTo(1);
        assertThat(lastNewDay.get(TransactionKind.WRITE)).isEqualTo(2);
        assertThat(lastNewDay.get(TransactionKind.LIST)).isEqualTo(1);
        assertThat(lastNewDay.get(TransactionKind.DELETE)).isEqualTo(1);
    }

    @Test
    void aFailedPurgeDoesNotFailTheAppendThatCommitted(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        HttpPipeline original = container.getHttpPipeline();
        HttpPipelinePolicy refuseDeletes = new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                return context.getHttpRequest().getHttpMethod() == HttpMethod.DELETE
                        ? Mono.error(new IllegalStateException("injected: deletes refused")) : next.process();
            }

            @Override
            public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
                if (context.getHttpRequest().getHttpMethod() == HttpMethod.DELETE) {
                    throw new IllegalStateException("injected: deletes refused");
                }
                return next.processSync();
            }
        };
        List<HttpPipelinePolicy> policies = new java.util.ArrayList<>();
        policies.add(refuseDeletes); // first, so that the SDK's own retry policy never sees the failure
        for (int i = 0; i < original.getPolicyCount(); i++) {
            policies.add(original.getPolicy(i));
        }
        BlobContainerClient noDeletes = new BlobContainerClientBuilder().endpoint(container.getBlobContainerUrl())
                .pipeline(new HttpPipelineBuilder().httpClient(original.getHttpClient())
                        .policies(policies.toArray(new HttpPipelinePolicy[0])).build())
                .buildClient();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        PeriodicLog.Builder builder = PeriodicLog.builder().period(LogPeriod.DAILY).retention(1).clock(clock);
        PeriodicLog failing = builder.containerClient(noDeletes).build();
        failing.append("id", "day 1");
        clock.advance(Duration.ofDays(2)); // day 1 is no longer the previous period: expired

        failing.append("id", "day 3"); // commits, then its purge fails: no exception

        assertThat(failing.readEntries("id", clock.instant())).containsExactly("day 3");
        assertThat(failing.list("id", Instant.EPOCH, clock.instant())).hasSize(2);
        assertThat(builder.containerClient(container).build().purge("id")).isEqualTo(1);
        assertThat(failing.list("id", Instant.EPOCH, clock.instant())).hasSize(1);
    }

    @Test
    void quartersAndWeeksRollOverTheYearAndListInTimeOrder(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        MutableClock clock = new MutableClock(Instant.parse("2026-12-31T23:59:59Z"));
        PeriodicLog quarterly = PeriodicLog.builder().containerClient(container).period(LogPeriod.QUARTERLY)
                .clock(clock).build();
        PeriodicLog weekly = PeriodicLog.builder().containerClient(container).period(LogPeriod.WEEKLY)
                .clock(clock).build();

        quarterly.append("q", "december");
        weekly.append("w", "thursday 31 december 2026");
        clock.set(Instant.parse("2027-01-01T00:00:00Z"));
        quarterly.append("q", "january");
        weekly.append("w", "friday 1 january 2027");
        clock.set(Instant.parse("2027-01-04T00:00:00Z"));
        weekly.append("w", "monday 4 january 2027");

        assertThat(quarterly.list("q", Instant.EPOCH, clock.instant())).extracting(LogBlob::blobName)
                .containsExactly("q/quarterly/2026-Q4.log", "q/quarterly/2027-Q1.log");
        assertThat(weekly.list("w", Instant.EPOCH, clock.instant().plusSeconds(1))).extracting(LogBlob::blobName)
                .containsExactly("w/weekly/2026-W53.log", "w/weekly/2027-W01.log");
        assertThat(weekly.readEntries("w", Instant.parse("2026-12-28T00:00:00Z")))
                .containsExactly("thursday 31 december 2026", "friday 1 january 2027");
    }

    @Test
    void findsLogsByIdAndDateRangeAndIdsNeverCollide(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-15T12:00:00Z"));
        PeriodicLog monthly = PeriodicLog.builder().containerClient(container).period(LogPeriod.MONTHLY)
                .clock(clock).build();
        List<String> ids = List.of("a", "a/b", "a%2Fb", "a b", "ä", "../a");
        for (int month = 0; month < 6; month++) {
            for (String id : ids) {
                monthly.append(id, id + " in month " + month);
            }
            clock.advance(Duration.ofDays(31));
        }

        for (String id : ids) {
            List<LogBlob> found = monthly.list(id, Instant.parse("2026-02-10T00:00:00Z"),
                    Instant.parse("2026-04-01T00:00:00Z"));
            assertThat(found).extracting(b -> LogPeriod.MONTHLY.label(b.start()))
                    .containsExactly("2026-02", "2026-03");
            assertThat(found).allMatch(b -> b.logId().equals(id));
            assertThat(monthly.readEntries(found.get(0))).containsExactly(id + " in month 1");
        }
    }

    @Test
    void anAsyncWriterWritesToTheCurrentPeriod(TestStorage storage) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        PeriodicLog daily = PeriodicLog.builder().containerClient(storage.createContainer())
                .period(LogPeriod.DAILY).retention(30).clock(clock).build();
        try (AsyncLogWriter writer = AsyncLogWriter.builder().sink(daily.sink("api"))
                .flushInterval(Duration.ofHours(1)).build()) {
            writer.append("before midnight");
            writer.flush();
            clock.advance(Duration.ofDays(1));
            writer.append("the next day");
        }
        assertThat(daily.readEntries("api", Instant.parse("2026-11-22T00:00:00Z"))).containsExactly("before midnight");
        assertThat(daily.readEntries("api", Instant.parse("2026-11-23T00:00:00Z"))).containsExactly("the next day");
    }

    @Test
    void aSinkForOnePeriodFilesLateFlushesUnderThatPeriod(TestStorage storage) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:55:00Z"));
        PeriodicLog monthly = PeriodicLog.builder().containerClient(storage.createContainer())
                .period(LogPeriod.MONTHLY).retention(24).clock(clock).build();
        try (AsyncLogWriter november = AsyncLogWriter.builder().sink(monthly.sink("acct", clock.instant()))
                .flushInterval(Duration.ofHours(1)).build()) {
            november.append("watched at 23:55");
            clock.advance(Duration.ofMinutes(10)); // December 1st, 00:05, before the flush
        }
        monthly.appendAll("acct", List.of("watched at 00:05"));
        assertThat(monthly.readEntries("acct", Instant.parse("2026-11-15T00:00:00Z")))
                .containsExactly("watched at 23:55");
        assertThat(monthly.readEntries("acct", Instant.parse("2026-12-15T00:00:00Z")))
                .containsExactly("watched at 00:05");
        assertThatThrownBy(() -> monthly.sink("acct", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("'when' must not be null");
    }

    @Test
    void aCsvTranscriptHasItsHeaderInEveryPeriod(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:00:00Z"));
        Instant now = clock.instant(); // test only: the time on the test's clock
        // @start region="guide-csv-log"
        CsvLog transcript = CsvLog.withColumns("time", "user", "video", "minutes");
        PeriodicLog transcripts = PeriodicLog.builder()
                .containerClient(container)
                .period(LogPeriod.MONTHLY)
                .retention(13)
                .header(transcript.header())      // the first line of every month's blob
                .contentType("text/csv")
        // @end region="guide-csv-log"
                .clock(clock)                     // test only: a clock the test advances (default: the system clock)
        // @start region="guide-csv-log"
                .build();
        transcripts.append("contoso", transcript.format(now, "ann@contoso.com", "Intro, part 1", 12));
        // @end region="guide-csv-log"
        clock.advance(Duration.ofHours(2));
        transcripts.append("contoso", transcript.format(clock.instant(), "bob", "Say \"hi\"", 3));

        List<LogBlob> months = transcripts.list("contoso", Instant.EPOCH, clock.instant());
        assertThat(months).hasSize(2);
        assertThat(container.getBlobClient(months.get(0).blobName()).downloadContent().toString())
                .isEqualTo("time,user,video,minutes\n2026-11-30T23:00:00Z,ann@contoso.com,\"Intro, part 1\",12\n");
        List<String> december = transcripts.readEntries(months.get(1));
        assertThat(december).hasSize(1);
        assertThat(transcript.parse(december.get(0)))
                .containsExactly("2026-12-01T01:00:00Z", "bob", "Say \"hi\"", "3");
    }
}
