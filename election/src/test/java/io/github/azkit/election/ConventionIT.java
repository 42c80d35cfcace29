package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The API convention as the election components keep it: {@code build()} returns a running component without calling
 * storage; a listener that throws never stops a component; threads made for a component are daemon threads named
 * {@code azkit-...} and shut down on close, while a given executor is never shut down; a timeout bounds a whole
 * operation and the {@link Context} reaches every SDK call.
 */
@AzkitStorageTest
class ConventionIT {

    private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");

    private final FakeClock clock = new FakeClock(T0.minusSeconds(30));
    private final FakeScheduler scheduler = new FakeScheduler(clock);

    @Test
    void buildReturnsARunningElectorWithoutCallingStorage(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        BlobClient blob = Clients.container(storage, storage.createContainer(), counter).getBlobClient("e.lock");
        List<Long> completed = new CopyOnWriteArrayList<>();
        try (PeriodicElector elector = PeriodicElector.builder().blobClient(blob).schedule(T0, Duration.ofMinutes(1))
                .job(context -> { }).clock(clock).ticker(clock).executor(scheduler)
                .jobExecutor(Runnable::run).onPeriodCompleted(context -> completed.add(context.period())).build()) {
            assertThat(counter.snapshot().total()).as("build() touches no storage").isZero();
            assertThat(scheduler.pending()).as("its first check is scheduled").isEqualTo(1);
            scheduler.advance(Duration.ofMinutes(1));
            assertThat(completed).containsExactly(0L);
        }
    }

    @Test
    void aThrowingListenerNeverStopsThePeriodicElector(TestStorage storage) {
        BlobClient blob = storage.createContainer().getBlobClient("e.lock");
        AtomicInteger told = new AtomicInteger();
        List<Long> runs = new CopyOnWriteArrayList<>();
        try (PeriodicElector elector = PeriodicElector.builder().blobClient(blob).schedule(T0, Duration.ofMinutes(1))
                .job(context -> runs.add(context.period())).clock(clock).ticker(clock).executor(scheduler)
                .jobExecutor(Runnable::run).jitter(0)
                .onJobStarted(context -> {
                    told.incrementAndGet();
                    throw new IllegalStateException("listener bug");
                })
                .onPeriodCompleted(context -> {
                    told.incrementAndGet();
                    throw new IllegalStateException("listener bug");
                }).build()) {
            scheduler.advance(Duration.ofMinutes(3));
            assertThat(runs).containsExactly(0L, 1L, 2L);
            assertThat(told).hasValue(6);
        }
    }

    @Test
    void aThrowingListenerNeverStopsTheLeaderElection(TestStorage storage) {
        BlobClient blob = storage.createContainer().getBlobClient("leader");
        AtomicInteger elected = new AtomicInteger();
        LeaderElection election = LeaderElection.builder().blobClient(blob).clock(clock).ticker(clock)
                .executor(scheduler).jitter(0)
                .onElected(term -> {
                    elected.incrementAndGet();
                    throw new IllegalStateException("listener bug");
                })
                .onRevoked(term -> {
                    throw new IllegalStateException("listener bug");
                }).build();
        scheduler.runDue();
        assertThat(elected).hasValue(1);
        assertThat(election.isLeader()).isTrue();
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(election.isLeader()).as("still renewing").isTrue();
        election.close();
        assertThat(election.isLeader()).isFalse();
        // Released despite the throwing onRevoked: anyone can take the lease at once.
        assertThat(AutoRenewingLease.builder().blobClient(blob).tryAcquire()).isNotNull().satisfies(
                AutoRenewingLease::close);
    }

    @Test
    void aLeaderElectionNeedsNoListeners_theLeaderCanAskInstead(TestStorage storage) {
        try (LeaderElection election = LeaderElection.builder().blobClient(storage.createContainer()
                .getBlobClient("leader")).clock(clock).ticker(clock).executor(scheduler).build()) {
            scheduler.runDue();
            assertThat(election.isLeader()).isTrue();
            assertThat(election.currentTerm()).isNotNull().extracting(Term::fencingToken).isEqualTo(1L);
        }
    }

    @Test
    void ownThreadsAreNamedDaemonsShutDownOnClose_aGivenExecutorIsNeverShutDown(TestStorage storage)
            throws InterruptedException {
        BlobContainerClient container = storage.createContainer();
        AutoRenewingLease own = AutoRenewingLease.builder().blobClient(container.getBlobClient("own")).acquire();
        Thread thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("azkit-lease-own-1")).findFirst().orElseThrow();
        assertThat(thread.isDaemon()).isTrue();
        own.close();
        thread.join(10_000);
        assertThat(thread.isAlive()).as("shut down on close").isFalse();

        AutoRenewingLease given = AutoRenewingLease.builder().blobClient(container.getBlobClient("given"))
                .ticker(clock).executor(scheduler).acquire();
        given.close();
        assertThat(scheduler.isShutdown()).isFalse();
    }

    @Test
    void acquireTimeoutBoundsTheWholeOperation(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        // Each reading of this ticker is 10 s after the one before: the first request (a 404, the blob is missing)
        // spends the whole 5 s timeout, so the blob is never created.
        AtomicInteger reads = new AtomicInteger();
        io.github.azkit.storage.Ticker slow = () -> reads.getAndIncrement() * 10_000_000_000L;
        assertThatThrownBy(() -> AutoRenewingLease.builder().blobClient(container.getBlobClient("lock"))
                .ticker(slow).executor(scheduler).tryAcquire(Duration.ofSeconds(5), Context.NONE))
                .isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(container.getBlobClient("lock").exists()).isFalse();
    }

    @Test
    void theContextReachesEverySdkCallOfAnAcquire(TestStorage storage) {
        List<Object> seen = new CopyOnWriteArrayList<>();
        HttpPipelinePolicy spy = new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                seen.add(context.getData("caller").orElse("none"));
                return next.process();
            }

            @Override
            public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
                seen.add(context.getData("caller").orElse("none"));
                return next.processSync();
            }
        };
        BlobClient blob = Clients.container(storage, storage.createContainer(), spy).getBlobClient("lock");
        AutoRenewingLease lease = AutoRenewingLease.builder().blobClient(blob).ticker(clock).executor(scheduler)
                .acquire(null, new Context("caller", "test"));
        lease.close();
        // A 404, the creation of the blob, the acquire; then the release, made by close() with no caller context.
        assertThat(seen).containsExactly("test", "test", "test", "none");
    }

    @Test
    void operationTimeoutBoundsEachRenewal(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        container.getBlobClient("lock").upload(com.azure.core.util.BinaryData.fromString(""));
        // The 2nd lease request (the first renewal) takes 3 s; the operation timeout is 300 ms.
        FaultInjector faults = FaultInjector.builder().seed(1L)
                .rule(FaultRule.latency(Duration.ofSeconds(3)).on(Operation.LEASE).everyNth(2).limit(1)).build();
        BlobClient blob = storage.blobServiceClient(faults).getBlobContainerClient(container.getBlobContainerName())
                .getBlobClient("lock");
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        try (AutoRenewingLease lease = AutoRenewingLease.builder().blobClient(blob).ticker(clock).executor(scheduler)
                .operationTimeout(Duration.ofMillis(300)).onRenewalFailed(event -> failures.add(event.cause()))
                .acquire()) {
            long start = System.nanoTime();
            scheduler.advance(Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(failures).hasSize(1);
            scheduler.advance(Duration.ofSeconds(1)); // the retry, a fifth of the renew interval later
            assertThat(lease.isHeld()).isTrue();
        }
    }
}
