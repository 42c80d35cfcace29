package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@link LeaderElection} between candidates in separate JVMs ({@link LeaderChild}), in real time, whose leader
 * keeps writing a report with {@link FencedWrite}. The test takes the leader away three times: SIGKILL, then SIGSTOP
 * while it is about to write (a stalled leader, as in a long garbage-collection pause) and SIGCONT once the next
 * leader has written, then SIGKILL again; each killed candidate is replaced, so three stay in the race.
 *
 * <p>Asserts: terms have distinct tokens, growing in the order they began; storage accepted the report writes in
 * fencing-token order (never an older leader's write after a newer one's: never two leaders at once, as far as the
 * output can tell), the resumed stale leader's write was refused; and a new leader was elected within the lease
 * duration plus the poll interval after each kill or stall.
 */
@AzkitStorageTest
@DisabledOnOs(OS.WINDOWS) // SIGSTOP
class LeaderElectionProcessesIT {

    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Slack for JVM scheduling and the requests of an acquire and a token write on a loaded 2-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(1);
    /** {@code fenced}; {@code unfenced} only to see the test fail. */
    private static final String MODE = "fenced";

    private final List<ChildJvm> children = new ArrayList<>();
    private TestStorage storage;
    private BlobContainerClient container;

    @Test
    void aKilledOrStalledLeaderIsReplacedWithinLeasePlusPoll_andStorageTakesWritesInTokenOrder(TestStorage storage)
            throws Exception {
        this.storage = storage;
        this.container = storage.createContainer();
        List<Long> disruptedAt = new ArrayList<>();
        List<ChildEvent> successors = new ArrayList<>();
        try {
            for (int k = 0; k < 3; k++) {
                startCandidate();
            }
            ChildEvent leader = awaitElected(0, Duration.ofSeconds(60));
            awaitWrote(leader);

            // 1. SIGKILL the leader.
            child(leader).kill();
            disruptedAt.add(System.nanoTime());
            startCandidate();
            leader = awaitElected(leader.token(), LEASE.plus(Duration.ofSeconds(15)));
            successors.add(leader);
            awaitWrote(leader);

            // 2. SIGSTOP the leader while it prepares a write, SIGCONT once the next leader has written.
            ChildJvm stalled = child(leader);
            ChildEvent stalledLeader = leader;
            String stalledWrite = suspendWhilePreparingAWrite(stalled, leader);
            disruptedAt.add(System.nanoTime());
            leader = awaitElected(stalledLeader.token(), LEASE.plus(Duration.ofSeconds(15)));
            successors.add(leader);
            awaitWrote(leader);
            long resumedAt = System.nanoTime();
            stalled.resume();
            String refused = stalled.awaitLine(line -> line.startsWith("REFUSED " + stalledWrite + " ")
                    || line.startsWith("WROTE " + stalledWrite + " "), Duration.ofSeconds(30));
            stalled.awaitLine(line -> line.startsWith("REVOKED token=" + stalledLeader.token() + " "),
                    Duration.ofSeconds(30));

            // 3. SIGKILL the new leader.
            child(leader).kill();
            disruptedAt.add(System.nanoTime());
            startCandidate();
            ChildEvent previous = leader;
            leader = awaitElected(previous.token(), LEASE.plus(Duration.ofSeconds(15)));
            successors.add(leader);
            awaitWrote(leader);
            stopAll();

            List<ChildEvent> events = ChildEvent.of(children);
            List<ChildEvent> elected = events.stream().filter(e -> e.kind().equals("ELECTED"))
                    .sorted(Comparator.comparingLong(ChildEvent::at)).toList();
            assertThat(elected).as("terms in the order they began").hasSizeGreaterThanOrEqualTo(4);
            for (int i = 1; i < elected.size(); i++) {
                assertThat(elected.get(i).token()).as("token of term %s after %s", elected.get(i),
                        elected.get(i - 1)).isGreaterThan(elected.get(i - 1).token());
            }
            List<ChildEvent> wrote = events.stream().filter(e -> e.kind().equals("WROTE"))
                    .sorted(Comparator.comparingLong(ChildEvent::at)).toList();
            for (int i = 1; i < wrote.size(); i++) {
                assertThat(wrote.get(i).token()).as("write %s accepted after %s: two leaders at once",
                        wrote.get(i), wrote.get(i - 1)).isGreaterThanOrEqualTo(wrote.get(i - 1).token());
            }
            assertThat(refused).as("the stale leader's write, resumed after the next leader wrote")
                    .startsWith("REFUSED ");
            assertThat(ChildEvent.of(stalled)).as("no write of the stale term accepted after it resumed")
                    .noneMatch(e -> e.kind().equals("WROTE") && e.token() == stalledLeader.token()
                            && e.at() > resumedAt);
            for (int i = 0; i < disruptedAt.size(); i++) {
                Duration failover = Duration.ofNanos(successors.get(i).at() - disruptedAt.get(i));
                System.out.printf("LeaderElectionProcessesIT: leader %d elected %.1f s after disruption %d%n",
                        successors.get(i).token(), failover.toMillis() / 1000.0, i + 1);
                assertThat(failover).as("failover %d within lease + poll interval", i + 1)
                        .isPositive().isLessThanOrEqualTo(LEASE.plus(POLL).plus(SLACK));
            }
            assertThat(FencedWrite.write(container.getBlobClient("report"), elected.get(0).token(), "stale"))
                    .as("a write with the first term's token, now").isFalse();
            assertThat(events).as("no report write failed").noneMatch(e -> e.kind().equals("WRITE_FAILED"));
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }

    private void startCandidate() {
        children.add(ChildJvm.builder(LeaderChild.class).name("candidate-" + children.size())
                .args(container.getBlobContainerName(), "leader", "report", Long.toString(POLL.toMillis()), MODE)
                .env(LeaderChild.CONNECTION_STRING_ENV, storage.connectionString())
                .jvmOptions("-Xmx128m")
                .outputDirectory(Path.of("target", "child-jvms", container.getBlobContainerName()))
                .start());
    }

    private ChildJvm child(ChildEvent event) {
        return children.stream().filter(c -> c.name().equals(event.child())).findFirst().orElseThrow();
    }

    /** Waits for a live candidate to be elected with a token above {@code afterToken}. */
    private ChildEvent awaitElected(long afterToken, Duration timeout) throws InterruptedException {
        Predicate<ChildEvent> newTerm = e -> e.kind().equals("ELECTED") && e.token() > afterToken;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ChildEvent> found = children.stream().filter(ChildJvm::isAlive)
                    .flatMap(c -> ChildEvent.of(c).stream()).filter(newTerm).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            assertThat(System.nanoTime() - deadline).as("no leader after token %d within %s; events:%n%s",
                    afterToken, timeout, ChildEvent.of(children).stream().map(ChildEvent::toString)
                            .collect(Collectors.joining("\n"))).isNegative();
            Thread.sleep(20); // real processes in real time
        }
    }

    private void awaitWrote(ChildEvent elected) throws InterruptedException {
        child(elected).awaitLine(line -> line.startsWith("WROTE token=" + elected.token() + " "),
                Duration.ofSeconds(30));
    }

    /**
     * Stops {@code child} with SIGSTOP right after it prints {@code WRITING}, so that it stalls holding a write of its
     * term; tries again on its next write if the stop came after the write. Returns the stalled write's
     * {@code token=.. seq=..}.
     */
    private static String suspendWhilePreparingAWrite(ChildJvm child, ChildEvent term) throws InterruptedException {
        for (int attempt = 1; attempt <= 5; attempt++) {
            List<String> before = child.outputLines(); // each line is unique: it ends with its time
            String writing = child.awaitLine(line -> line.startsWith("WRITING token=" + term.token() + " ")
                    && !before.contains(line), Duration.ofSeconds(10));
            child.suspend();
            String write = writing.substring("WRITING ".length(), writing.indexOf(" pid="));
            boolean finished = child.outputLines().stream()
                    .anyMatch(line -> line.startsWith("WROTE " + write + " ")
                            || line.startsWith("REFUSED " + write + " "));
            if (!finished) {
                return write;
            }
            child.resume(); // too late: the write was done; the lease is still held, try the next one
        }
        throw new IllegalStateException("could not stop " + child + " while it prepared a write, in 5 attempts");
    }

    private void stopAll() throws InterruptedException {
        for (ChildJvm child : children) {
            if (child.isAlive()) {
                child.send("STOP");
            }
        }
        for (ChildJvm child : children) {
            if (child.isAlive()) {
                assertThat(child.waitFor(Duration.ofSeconds(30))).as("exit status of %s", child).isZero();
            }
        }
    }
}
