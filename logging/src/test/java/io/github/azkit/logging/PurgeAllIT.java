package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@link PeriodicLog#purgeAll()}: the retention of log ids that stopped logging, enforced without an append
 * (issue 14: an id that stopped logging kept its old blobs forever, as only an append to a new period purged).
 */
@AzkitStorageTest
class PurgeAllIT {

    private static final Instant JAN_10 = Instant.parse("2026-01-10T10:00:00Z");
    private static final Instant FEB_1 = Instant.parse("2026-02-01T10:00:00Z");

    @Test
    void regressionPurgeAllDeletesTheOldPeriodsOfIdsThatStoppedLoggingAndNothingElse(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = CountedContainer.of(storage.createContainer(), counter);
        MutableClock clock = new MutableClock(JAN_10);
        PeriodicLog.Builder builder = PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY)
                .retention(3).clock(clock);
        PeriodicLog daily = builder.build();
        List<String> stopped = List.of("stopped-0", "stopped/1", "stopped 2", "ä", "stopped-4");
        List<String> active = List.of("active-0", "active-1");
        // Other blobs under the same prefix: another period kind, an ongoing log, a blob not named as a log.
        PeriodicLog weekly = PeriodicLog.builder().containerClient(container).period(LogPeriod.WEEKLY)
                .retention(1).clock(clock).build();
        weekly.append("stopped-0", "a weekly log of the same id");
        OngoingLog.builder().containerClient(container).logId("ongoing").build().append("ongoing entry");
        container.getBlobClient("notes/daily/not-a-label.log").upload(BinaryData.fromString("x"));

        for (int day = 0; day < 3; day++) { // January 10 to 12: everyone logs
            for (String id : stopped) {
                daily.append(id, id + " on day " + day);
            }
            for (String id : active) {
                daily.append(id, id + " on day " + day);
            }
            clock.advance(Duration.ofDays(1));
        }
        Map<String, List<String>> activeEntries = new LinkedHashMap<>();
        clock.set(FEB_1.minus(Duration.ofDays(2)));
        for (int day = 0; day < 3; day++) { // January 30 to February 1: only the active ids log (and purge theirs)
            for (String id : active) {
                daily.append(id, id + " on " + clock.instant());
                activeEntries.computeIfAbsent(id, k -> new ArrayList<>()).add(id + " on " + clock.instant());
            }
            clock.advance(Duration.ofDays(1));
        }
        clock.set(FEB_1);
        assertThat(daily.list("stopped-0", Instant.EPOCH, FEB_1)).as("no append purges a stopped id").hasSize(3);
        long blobs = blobCount(container);

        TransactionCounts before = counter.snapshot();
        PurgeResult result = daily.purgeAll();
        TransactionCounts spent = counter.snapshot().minus(before);

        assertThat(result).isEqualTo(new PurgeResult(blobs, 15, 1, 15));
        assertThat(spent.get(TransactionKind.LIST)).as("one List Blobs per 5,000 blobs").isEqualTo(1);
        assertThat(spent.get(TransactionKind.DELETE)).as("one Delete per expired blob").isEqualTo(15);
        assertThat(spent.total()).isEqualTo(result.transactions());
        for (String id : stopped) {
            assertThat(daily.list(id, Instant.EPOCH, FEB_1)).as(id).isEmpty();
        }
        for (String id : active) {
            List<String> kept = new ArrayList<>();
            daily.list(id, Instant.EPOCH, FEB_1.plus(Duration.ofDays(1))).forEach(b -> kept.addAll(daily.readEntries(b)));
            assertThat(kept).as("the current periods of an active id, untouched").isEqualTo(activeEntries.get(id));
        }
        assertThat(weekly.readEntries("stopped-0", JAN_10)).containsExactly("a weekly log of the same id");
        assertThat(container.getBlobClient("ongoing.log").exists()).isTrue();
        assertThat(container.getBlobClient("notes/daily/not-a-label.log").exists()).isTrue();

        // Again, listing 4 blobs a page: nothing left to delete, one List per page.
        PeriodicLog smallPages = builder.listPageSize(4).build();
        before = counter.snapshot();
        PurgeResult again = smallPages.purgeAll();
        spent = counter.snapshot().minus(before);
        assertThat(again).isEqualTo(new PurgeResult(blobs - 15, 0, (blobs - 15 + 3) / 4, 0));
        assertThat(spent.get(TransactionKind.LIST)).isEqualTo(again.listRequests());
        assertThat(spent.total()).isEqualTo(again.listRequests());

        // Without a retention, nothing is expired and no request is made.
        before = counter.snapshot();
        assertThat(PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY).build().purgeAll())
                .isEqualTo(new PurgeResult(0, 0, 0, 0));
        assertThat(counter.snapshot().minus(before).total()).isZero();
    }

    @Test
    void regressionPurgeAllLosingAQuarterOfDeleteResponsesCountsTheSdksRetriedDeleteAs404Done(TestStorage storage) {
        BlobContainerClient clean = storage.createContainer();
        Map<String, List<String>> current = fill(clean, 40, 5);
        FaultInjector faults = FaultInjector.builder().seed(42L)
                .rule(FaultRule.loseResponse().on(Operation.DELETE).withProbability(0.25))
                .build();
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = CountedContainer.of(
                storage.blobServiceClient(faults).getBlobContainerClient(clean.getBlobContainerName()), counter);
        PeriodicLog purger = PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY).retention(2)
                .clock(new MutableClock(FEB_1)).build();

        PurgeResult result = purger.purgeAll();

        assertThat(faults.injected(Fault.LOST_RESPONSE)).as("lost Delete responses, at least 20% of 80")
                .isGreaterThanOrEqualTo(16);
        assertThat(result.deletedBlobs()).as("every expired blob, those whose Delete was retried into 404 included")
                .isEqualTo(80);
        assertThat(result.deleteRequests()).isEqualTo(80);
        assertThat(counter.snapshot().get(TransactionKind.DELETE)).as("a lost response costs one retried Delete")
                .isEqualTo(80 + faults.injected(Fault.LOST_RESPONSE));
        assertOnlyCurrentLeft(clean, current);
    }

    @Test
    void purgeAllFromTwoMachinesAtOnceUnderLostDeleteResponsesDeletesEveryExpiredBlobAndNothingElse(
            TestStorage storage) throws Exception {
        BlobContainerClient clean = storage.createContainer();
        Map<String, List<String>> current = fill(clean, 40, 5);
        List<FaultInjector> faults = new ArrayList<>();
        List<PeriodicLog> purgers = new ArrayList<>();
        for (long seed : new long[] {7L, 8L}) {
            FaultInjector injector = FaultInjector.builder().seed(seed)
                    .rule(FaultRule.loseResponse().on(Operation.DELETE).withProbability(0.3))
                    .rule(FaultRule.loseResponse().on(Operation.LIST).withProbability(0.3))
                    .build();
            faults.add(injector);
            purgers.add(PeriodicLog.builder().containerClient(storage.blobServiceClient(injector)
                            .getBlobContainerClient(clean.getBlobContainerName())).period(LogPeriod.DAILY)
                    .retention(2).clock(new MutableClock(FEB_1.plusSeconds(seed))).build());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<PurgeResult>> runs = new ArrayList<>();
        for (PeriodicLog purger : purgers) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return purger.purgeAll();
            }));
        }
        start.countDown();

        for (CompletableFuture<PurgeResult> run : runs) {
            PurgeResult result = run.get();
            assertThat(result.deletedBlobs()).as("expired blobs gone, a 404 from the other machine included")
                    .isLessThanOrEqualTo(80).isEqualTo(result.deleteRequests());
        }
        assertThat(faults).allMatch(f -> f.injected(Fault.LOST_RESPONSE) > 0);
        assertOnlyCurrentLeft(clean, current);
    }

    /**
     * Writes {@code stopped} ids that logged on January 10 and 11 (80 expired blobs for 40) and {@code active} ids
     * that log on January 31 and February 1; returns the active ids' entries.
     */
    private static Map<String, List<String>> fill(BlobContainerClient container, int stopped, int active) {
        MutableClock clock = new MutableClock(JAN_10);
        PeriodicLog log = PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY).retention(2)
                .clock(clock).build();
        for (int day = 0; day < 2; day++) {
            for (int i = 0; i < stopped; i++) {
                log.append("stopped-" + i, "stopped " + i + " day " + day);
            }
            clock.advance(Duration.ofDays(1));
        }
        Map<String, List<String>> entries = new LinkedHashMap<>();
        clock.set(FEB_1.minus(Duration.ofDays(1)));
        for (int day = 0; day < 2; day++) {
            for (int i = 0; i < active; i++) {
                String entry = "active " + i + " on " + clock.instant();
                log.append("active-" + i, entry);
                entries.computeIfAbsent("active-" + i, k -> new ArrayList<>()).add(entry);
            }
            clock.advance(Duration.ofDays(1));
        }
        return entries;
    }

    /** Checks, through a client without faults, that only the active ids' blobs are left, with their entries. */
    private static void assertOnlyCurrentLeft(BlobContainerClient container, Map<String, List<String>> current) {
        PeriodicLog reader = PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY).build();
        assertThat(blobCount(container)).isEqualTo(2L * current.size());
        current.forEach((id, entries) -> {
            List<String> read = new ArrayList<>();
            reader.list(id, Instant.EPOCH, FEB_1.plus(Duration.ofDays(1))).forEach(b -> read.addAll(reader.readEntries(b)));
            assertThat(read).as(id).isEqualTo(entries);
        });
    }

    private static long blobCount(BlobContainerClient container) {
        long n = 0;
        for (BlobItem ignored : container.listBlobs()) {
            n++;
        }
        return n;
    }
}
