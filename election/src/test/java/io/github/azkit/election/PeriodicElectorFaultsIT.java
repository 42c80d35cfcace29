package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The periodic elector when lease requests and election-metadata writes lose their responses or fail, and when its
 * metadata is unreadable, against Azurite. Time is one fake clock and scheduler shared by all instances, and jobs run
 * on the scheduler's thread, so each run is single-threaded and replays with the same seeds.
 */
@AzkitStorageTest
class PeriodicElectorFaultsIT {

    private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final FakeClock clock = new FakeClock(T0.minusSeconds(1));
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final List<PeriodicElector> electors = new ArrayList<>();
    private final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final List<String> runsBy = new CopyOnWriteArrayList<>();
    private final List<PeriodContext> completed = new CopyOnWriteArrayList<>();
    private final List<PeriodContext> revoked = new CopyOnWriteArrayList<>();
    private final List<String> unreadable = new CopyOnWriteArrayList<>();

    private PeriodicElector elector(String name, BlobClient blob, PeriodicJob job) {
        PeriodicElector elector = PeriodicElector.builder()
                .blobClient(blob)
                .schedule(T0, MINUTE)
                .job(context -> {
                    runs.computeIfAbsent(context.period(), p -> new AtomicInteger()).incrementAndGet();
                    runsBy.add(name + ":" + context.period());
                    job.run(context);
                })
                .leaseDuration(Duration.ofSeconds(15))
                .pollInterval(Duration.ofSeconds(5))
                .jitter(0)
                .missedPeriods(MissedPeriodPolicy.EACH)
                .clock(clock)
                .ticker(clock)
                .executor(scheduler)
                .jobExecutor(new DirectExecutor())
                .onPeriodCompleted(completed::add)
                .onRevoked(revoked::add)
                .onMetadataUnreadable(event -> unreadable.add(event.blobName() + "|" + event.key() + "|"
                        + event.value() + "|" + event.error().getMessage()))
                .build();
        electors.add(elector);
        return elector;
    }

    @AfterEach
    void closeAll() {
        electors.forEach(PeriodicElector::close);
    }

    private static List<Long> periods(List<PeriodContext> contexts) {
        return contexts.stream().map(PeriodContext::period).collect(Collectors.toList());
    }

    @Test
    void threeInstancesFortyPeriods_quarterOfLeaseAndMetadataRequestsLost_eachPeriodRunsOnceNoneSkipped(
            TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        List<FaultInjector> injectors = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FaultInjector faults = FaultInjector.builder().seed(9100L + i)
                    .rule(FaultRule.loseResponse().on(Operation.LEASE).withProbability(0.15))
                    .rule(FaultRule.failBeforeSending().on(Operation.LEASE).withProbability(0.10))
                    .rule(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).withProbability(0.20))
                    .rule(FaultRule.failBeforeSending().on(Operation.CONDITIONAL_WRITE).withProbability(0.05))
                    .build();
            injectors.add(faults);
            BlobClient blob = storage.blobServiceClient(faults)
                    .getBlobContainerClient(container.getBlobContainerName()).getBlobClient("every-minute.lock");
            elector("i" + i, blob, context -> { });
        }

        scheduler.advance(MINUTE.multipliedBy(40).plusSeconds(30));

        long injected = injectors.stream().mapToLong(FaultInjector::injected).sum();
        System.out.printf("Periodic elector under faults: %d faults injected, %d lease and %d conditional writes "
                + "seen; runs %s%n", injected, injectors.stream().mapToLong(f -> f.seen(Operation.LEASE)).sum(),
                injectors.stream().mapToLong(f -> f.seen(Operation.CONDITIONAL_WRITE)).sum(), runsBy);
        List<Long> all = LongStream.rangeClosed(0, 40).boxed().toList();
        assertThat(runs.keySet()).as("no period skipped").containsExactlyInAnyOrderElementsOf(all);
        assertThat(runs.values()).as("each period run once").allMatch(n -> n.get() == 1);
        assertThat(periods(completed)).as("each completion recorded and reported once, in order")
                .containsExactlyElementsOf(all);
        assertThat(revoked).as("no instance lost its term to a lost response").isEmpty();
        assertThat(FencedBlob.read(container.getBlobClient("every-minute.lock"), null).lastCompleted())
                .isEqualTo(40);
        assertThat(injected).isGreaterThan(30);
    }

    @Test
    void completionRecordWithoutAnAnswer_isRetriedUnderTheLease_notRunAgainElsewhere(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        FaultPolicy network = new FaultPolicy();
        BlobClient aBlob = Clients.container(storage, container, network).getBlobClient("every-minute.lock");
        // a's job ends as its network goes down: the completion record (and its read-back) get no answer.
        elector("a", aBlob, context -> network.failing(true));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(runsBy).containsExactly("a:0");

        elector("b", container.getBlobClient("every-minute.lock"), context -> { });
        scheduler.advance(Duration.ofSeconds(8)); // down for 8 s: less than the 13.5 s a's lease is surely held
        network.failing(false);
        scheduler.advance(Duration.ofSeconds(10));

        assertThat(runsBy).as("b never ran period 0").containsExactly("a:0");
        assertThat(periods(completed)).containsExactly(0L);
        assertThat(revoked).isEmpty();
        assertThat(FencedBlob.read(container.getBlobClient("every-minute.lock"), null).lastCompleted()).isZero();
    }

    @Test
    void unreadableMetadata_isReportedOncePerValueWithBlobKeyAndValue_andHealsWhenFixed(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        BlobClient blob = container.getBlobClient("every-minute.lock");
        blob.upload(BinaryData.fromString(""));
        blob.setMetadata(Map.of(FencedBlob.TOKEN, "banana"));
        elector("i0", blob, context -> { });

        scheduler.advance(Duration.ofMinutes(2)); // 24 polls
        assertThat(runs).as("nothing runs on unreadable metadata").isEmpty();
        assertThat(unreadable).as("reported once, not every poll").hasSize(1);
        assertThat(unreadable.get(0)).startsWith("every-minute.lock|azkitfencingtoken|banana|")
                .contains("'every-minute.lock'", "azkitfencingtoken='banana'", "delete the metadata key");

        blob.setMetadata(Map.of(FencedBlob.TOKEN, "3", FencedBlob.COMPLETED, "twelve"));
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(unreadable).hasSize(2);
        assertThat(unreadable.get(1)).startsWith("every-minute.lock|azkitlastcompletedperiod|twelve|");

        blob.setMetadata(Map.of(FencedBlob.TOKEN, "3")); // the operator's fix: delete the bad key
        scheduler.advance(Duration.ofSeconds(6));
        assertThat(periods(completed)).as("the current period runs once the metadata is fixed").containsExactly(3L);
        assertThat(completed.get(0).fencingToken()).isEqualTo(4);
        assertThat(unreadable).hasSize(2);
    }
}
