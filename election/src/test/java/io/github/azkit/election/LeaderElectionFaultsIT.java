package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three candidates, each with its own client and fault injector, over many terms against Azurite: a quarter of the
 * lease requests lose their response or fail before sending, and a quarter of the conditional metadata writes (the
 * fencing token) lose their response. Time is one fake clock and scheduler, so the run is single-threaded and replays
 * with the same seeds. A term ends when its leader closes (its release may be lost); another candidate is elected.
 */
@AzkitStorageTest
class LeaderElectionFaultsIT {

    private static final int TERMS = 40;
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofSeconds(5);

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-21T00:00:00Z"));
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final List<Candidate> everyone = new ArrayList<>();
    private final List<Long> tokens = new ArrayList<>();
    private final List<FaultInjector> injectors = new ArrayList<>();
    private int leading;
    private int mostLeadingAtOnce;
    private @Nullable Candidate leader;
    private long nextSeed = 7001;

    private final class Candidate {
        final FaultInjector faults;
        final LeaderElection election;

        Candidate(TestStorage storage, BlobContainerClient container) {
            faults = FaultInjector.builder().seed(nextSeed++)
                    .rule(FaultRule.loseResponse().on(Operation.LEASE).withProbability(0.15))
                    .rule(FaultRule.failBeforeSending().on(Operation.LEASE).withProbability(0.10))
                    .rule(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).withProbability(0.25))
                    .build();
            injectors.add(faults);
            election = LeaderElection.builder()
                    .blobClient(storage.blobServiceClient(faults)
                            .getBlobContainerClient(container.getBlobContainerName()).getBlobClient("leader"))
                    .leaseDuration(LEASE).pollInterval(POLL).jitter(0)
                    .clock(clock).ticker(clock).executor(scheduler).onElected(this::onElected).onRevoked(this::onRevoked).build();
            everyone.add(this);
        }

        public void onElected(Term term) {
            tokens.add(term.fencingToken());
            leader = this;
            leading++;
            mostLeadingAtOnce = Math.max(mostLeadingAtOnce, leading);
        }

        public void onRevoked(Term term) {
            leading--;
            if (leader == this) {
                leader = null;
            }
        }
    }

    @AfterEach
    void closeAll() {
        everyone.forEach(c -> c.election.close());
    }

    @Test
    void lostAndUnsentLeaseAndTokenRequests_neverTwoLeaders_neverStranded_noTokenWasted(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        List<Candidate> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(new Candidate(storage, container));
        }

        Duration longestWithoutLeader = Duration.ZERO;
        Duration withoutLeader = Duration.ZERO;
        Duration led = Duration.ZERO;
        while (tokens.size() < TERMS) {
            scheduler.advance(Duration.ofSeconds(1));
            long leadersNow = everyone.stream().filter(c -> c.election.isLeader()).count();
            assertThat(leadersNow).as("leaders at %s", clock.instant()).isLessThanOrEqualTo(1);
            if (leader == null) {
                withoutLeader = withoutLeader.plusSeconds(1);
                if (withoutLeader.compareTo(longestWithoutLeader) > 0) {
                    longestWithoutLeader = withoutLeader;
                }
                assertThat(withoutLeader).as("no leader since %s", clock.instant().minus(withoutLeader))
                        .isLessThanOrEqualTo(LEASE);
                continue;
            }
            withoutLeader = Duration.ZERO;
            led = led.plusSeconds(1);
            if (led.compareTo(Duration.ofSeconds(31)) >= 0) { // a few renewals, then the leader steps down
                led = Duration.ZERO;
                Candidate stepsDown = leader;
                running.remove(stepsDown);
                stepsDown.election.close();
                Candidate replacement = new Candidate(storage, container);
                running.add(replacement);
            }
        }
        long injected = injectors.stream().mapToLong(FaultInjector::injected).sum();
        long leaseRequests = injectors.stream().mapToLong(f -> f.seen(Operation.LEASE)).sum();
        System.out.printf("Leader election under faults: %d terms, %d faults injected, %d lease requests, "
                + "longest time without a leader %s%n", tokens.size(), injected, leaseRequests, longestWithoutLeader);

        assertThat(mostLeadingAtOnce).as("leaders at once").isEqualTo(1);
        assertThat(tokens).as("each term's token is the next one: no term lost to a lost response")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, tokens.size()).boxed().toList());
        assertThat(injected).isGreaterThan(100);
    }
}
