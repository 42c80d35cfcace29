package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Leader election among candidates in this JVM, against Azurite, with time on one fake clock. */
@AzkitStorageTest
class LeaderElectionIT {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-21T00:00:00Z"));
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<LeaderElection> elections = new ArrayList<>();
    private int leaders;
    private int maxLeaders;

    /** One candidate: its own clients, so its requests are counted apart. */
    private final class Candidate {
        final String name;
        final TransactionCounter counter = new TransactionCounter();
        final FaultPolicy fault = new FaultPolicy();
        final BlobClient blob;
        final LeaderElection election;
        final List<Term> terms = new CopyOnWriteArrayList<>();

        Candidate(String name, TestStorage storage, BlobContainerClient container) {
            this.name = name;
            this.blob = Clients.container(storage, container, counter, fault).getBlobClient("leader");
            this.election = LeaderElection.builder().blobClient(blob).leaseDuration(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofSeconds(5)).jitter(0).clock(clock).ticker(clock).executor(scheduler)
                    .onElected(this::onElected).onRevoked(this::onRevoked).build();
            elections.add(election);
        }

        public void onElected(Term term) {
            terms.add(term);
            leaders++;
            maxLeaders = Math.max(maxLeaders, leaders);
            events.add(name + " elected " + term.fencingToken() + " at " + clock.instant());
        }

        public void onRevoked(Term term) {
            leaders--;
            events.add(name + " revoked " + term.fencingToken() + " at " + clock.instant());
        }

        TransactionCounts spentDuring(Duration duration) {
            TransactionCounts before = counter.snapshot();
            scheduler.advance(duration);
            return counter.snapshot().minus(before);
        }
    }

    @AfterEach
    void closeAll() {
        elections.forEach(LeaderElection::close);
    }

    @Test
    void exactlyOneOfThreeLeads_andEachTermHasALargerFencingToken(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        List<Candidate> candidates = List.of(new Candidate("a", storage, container),
                new Candidate("b", storage, container), new Candidate("c", storage, container));
        scheduler.runDue();

        assertThat(candidates.stream().filter(c -> c.election.isLeader())).hasSize(1);
        Candidate first = candidates.stream().filter(c -> c.election.isLeader()).findFirst().orElseThrow();
        assertThat(first.election.currentTerm().fencingToken()).isEqualTo(1);

        for (int round = 2; round <= 4; round++) {
            Candidate leader = candidates.stream().filter(c -> c.election.isLeader()).findFirst().orElseThrow();
            scheduler.advance(Duration.ofMinutes(1));
            assertThat(leader.election.isLeader()).as("renewals keep the leader").isTrue();
            // The leader is cut off from storage: it revokes itself at 90% of the lease by its clock; at 15 s the
            // service would let the lease expire (Azurite counts real time, so the test breaks it then).
            leader.fault.failing(true);
            scheduler.advance(Duration.ofSeconds(14));
            assertThat(leader.election.isLeader()).as("revoked by its own clock").isFalse();
            scheduler.advance(Duration.ofSeconds(1));
            new BlobLeaseClientBuilder().blobClient(container.getBlobClient("leader")).buildClient()
                    .breakLeaseWithResponse(0, null, null, Context.NONE);
            scheduler.advance(Duration.ofSeconds(5));
            leader.fault.failing(false);
            Candidate next = candidates.stream().filter(c -> c.election.isLeader()).findFirst().orElseThrow();
            assertThat(next.election.currentTerm().fencingToken()).isEqualTo(round);
        }
        assertThat(maxLeaders).as("never two leaders in this JVM at once").isEqualTo(1);
        System.out.println(String.join("\n", events));
    }

    @Test
    void costPerHour_leaderRenews720Times_idleCandidatePolls720Times(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        Candidate leader = new Candidate("leader", storage, container);
        scheduler.runDue();
        Candidate idle = new Candidate("idle", storage, container);
        scheduler.runDue();

        TransactionCounts leaderBefore = leader.counter.snapshot();
        TransactionCounts idleHour = idle.spentDuring(Duration.ofHours(1));
        TransactionCounts leaderHour = leader.counter.snapshot().minus(leaderBefore);

        System.out.println("Leader, one hour (15 s lease): " + leaderHour);
        System.out.println("Idle candidate, one hour (5 s poll, no jitter): " + idleHour);
        assertThat(leaderHour.total()).isEqualTo(720);
        assertThat(leaderHour.get(TransactionKind.LEASE)).isEqualTo(720);
        assertThat(idleHour.total()).isEqualTo(720);
        assertThat(idleHour.failed()).as("each poll is a refused acquire").isEqualTo(720);
        assertThat(leader.election.isLeader()).isTrue();
        assertThat(idle.election.isLeader()).isFalse();
    }

    @Test
    void aLeaderThatCannotRenewRevokesItselfBeforeTheServiceCouldGrantTheLeaseToAnother(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        Candidate a = new Candidate("a", storage, container);
        scheduler.runDue();
        Instant acquired = clock.instant();
        Candidate b = new Candidate("b", storage, container);
        assertThat(a.election.isLeader()).isTrue();

        a.fault.failing(true); // a can no longer reach storage; its lease is still there
        scheduler.advance(Duration.ofSeconds(15));
        assertThat(a.election.isLeader()).isFalse();
        assertThat(events).contains("a revoked 1 at " + acquired.plusMillis(13_500));
        assertThat(b.election.isLeader()).as("the service still holds a's lease").isFalse();

        // At 15 s the service lets a's lease expire. Azurite counts real time, so the test breaks it at that moment.
        new BlobLeaseClientBuilder().blobClient(b.blob).buildClient().breakLeaseWithResponse(0, null, null,
                Context.NONE);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(b.election.isLeader()).isTrue();
        assertThat(b.election.currentTerm().fencingToken()).isEqualTo(2);
        assertThat(b.terms.get(0).startedAt()).isAfter(acquired.plusSeconds(15));
        assertThat(maxLeaders).isEqualTo(1);
    }

    @Test
    void closingTheLeaderRevokesItThenReleasesSoAnotherLeadsAtTheNextPoll(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        Candidate a = new Candidate("a", storage, container);
        scheduler.runDue();
        Candidate b = new Candidate("b", storage, container);
        scheduler.runDue();

        TransactionCounts before = a.counter.snapshot();
        a.election.close();
        assertThat(a.counter.snapshot().minus(before).get(TransactionKind.LEASE)).isEqualTo(1); // the release
        assertThat(events).last().asString().startsWith("a revoked 1");
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(b.election.isLeader()).isTrue();
        TransactionCounts after = a.counter.snapshot();
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(a.counter.snapshot().minus(after).total()).as("a closed election is silent").isZero();
    }

    @Test
    void aStaleLeadersFencedWriteIsRefused(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        Candidate a = new Candidate("a", storage, container);
        scheduler.runDue();
        Term staleTerm = a.election.currentTerm();
        BlobClient report = container.getBlobClient("report.txt");
        assertThat(FencedWrite.write(report, staleTerm.fencingToken(), "by a")).isTrue();

        // a stalls (no renewals run); its lease expires (simulated by a break); b takes over and writes.
        new BlobLeaseClientBuilder().blobClient(a.blob).buildClient().breakLeaseWithResponse(0, null, null,
                Context.NONE);
        Candidate b = new Candidate("b", storage, container);
        scheduler.runDue();
        Term newTerm = b.election.currentTerm();
        assertThat(newTerm.fencingToken()).isGreaterThan(staleTerm.fencingToken());
        assertThat(FencedWrite.write(report, newTerm.fencingToken(), "by b")).isTrue();

        // a wakes up and, not knowing yet, writes again: refused.
        assertThat(FencedWrite.write(report, staleTerm.fencingToken(), "by a, stale")).isFalse();
        assertThat(report.downloadContent().toString()).isEqualTo("by b");
    }
}
