package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Three {@link PeriodicElector} instances in three JVMs ({@link ElectorChild}) race for one-second periods on one
 * blob, in real time: each period's job runs exactly once across the JVMs (never twice, none skipped), under fencing
 * tokens that grow with the periods; and when the JVM running a job is killed with SIGKILL, the others run that
 * period again once its lease has expired (15 s) and then every period they missed, oldest first
 * ({@link MissedPeriodPolicy#EACH}).
 *
 * <p>Evidence comes from two places: the children's event lines (see {@link ChildEvent}) and a record blob
 * {@code runs/<period>} that each run's job creates with If-None-Match:*.
 */
@AzkitStorageTest
class PeriodicElectorProcessesIT {

    private static final int INSTANCES = 3;
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long each run's job works: the killed run must be killed while it works. */
    private static final long JOB_MILLIS = 300;
    /** The policy the children use: EACH is what the kill test needs; LATEST_ONLY skips periods after a failover. */
    private static final MissedPeriodPolicy POLICY = MissedPeriodPolicy.EACH;
    /** Slack for JVM scheduling and the requests of an acquire on a loaded 2-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(1);

    @Test
    void threeJvmsRacingFor100PeriodsRunEachPeriodExactlyOnceWithGrowingTokens(TestStorage storage)
            throws Exception {
        int periods = 100;
        BlobContainerClient container = storage.createContainer();
        List<ChildJvm> children = startChildren(storage, container);
        try {
            go(children);
            awaitCompleted(children, periods - 1, Duration.ofSeconds(periods + 30));
            stop(children);

            List<ChildEvent> events = ChildEvent.of(children);
            Map<Long, List<ChildEvent>> starts = byPeriod(events, "START", periods);
            Map<Long, List<ChildEvent>> ends = byPeriod(events, "END", periods);
            Map<Long, List<ChildEvent>> completions = byPeriod(events, "COMPLETED", periods);
            for (long p = 0; p < periods; p++) {
                assertThat(starts.get(p)).as("runs of period %d", p).hasSize(1);
                assertThat(ends.get(p)).as("ends of period %d", p).hasSize(1);
                assertThat(completions.get(p)).as("completions of period %d", p).hasSize(1);
                assertThat(recordOf(container, p)).as("record blob of period %d", p)
                        .isEqualTo(run(starts.get(p).get(0)));
            }
            assertThat(events).as("no run found another's record, none failed or was revoked")
                    .noneMatch(e -> List.of("RECORD_EXISTS", "JOB_FAILED", "REVOKED").contains(e.kind()));
            for (long p = 1; p < periods; p++) {
                assertThat(starts.get(p).get(0).token()).as("token of period %d > token of period %d", p, p - 1)
                        .isGreaterThan(starts.get(p - 1).get(0).token());
            }
            assertThat(starts.values().stream().map(runs -> runs.get(0).child()).distinct().count())
                    .as("JVMs that won a period (the race was real)").isGreaterThanOrEqualTo(2);
            assertThat(FencedBlob.read(container.getBlobClient("elector"), null).lastCompleted())
                    .isGreaterThanOrEqualTo(periods - 1L);
        } finally {
            closeAll(children);
        }
    }

    @Test
    void whenTheJvmRunningAJobIsKilledThatPeriodRunsAgainAfterTheLeaseAndNoneIsSkipped(TestStorage storage)
            throws Exception {
        int periods = 40;
        long killAtOrAfter = 8;
        BlobContainerClient container = storage.createContainer();
        List<ChildJvm> children = startChildren(storage, container);
        try {
            go(children);
            // Kill the JVM that starts the job of period 8 (or the next one it sees) while that job works.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            ChildEvent killedRun = null;
            ChildJvm victim = null;
            while (killedRun == null) {
                for (ChildJvm child : children) {
                    ChildEvent start = ChildEvent.of(child).stream()
                            .filter(e -> e.kind().equals("START") && e.period() >= killAtOrAfter)
                            .findFirst().orElse(null);
                    if (start != null) {
                        killedRun = start;
                        victim = child;
                        break;
                    }
                }
                assertThat(System.nanoTime() - deadline).as("no job started for period %d", killAtOrAfter)
                        .isNegative();
                Thread.sleep(10);
            }
            victim.kill();
            long killedAt = System.nanoTime();
            long killedPeriod = killedRun.period();
            ChildEvent killed = killedRun;
            assertThat(ChildEvent.of(victim)).as("the kill landed while the job of period %d worked", killedPeriod)
                    .noneMatch(e -> e.kind().equals("END") && e.period() == killedPeriod);

            awaitCompleted(children, periods - 1, Duration.ofSeconds(periods + 60));
            stop(children);

            List<ChildEvent> events = ChildEvent.of(children);
            Map<Long, List<ChildEvent>> starts = byPeriod(events, "START", periods);
            Map<Long, List<ChildEvent>> completions = byPeriod(events, "COMPLETED", periods);
            for (long p = 0; p < periods; p++) {
                assertThat(completions.get(p)).as("completions of period %d (none skipped, none twice)", p)
                        .hasSize(1);
                assertThat(starts.get(p)).as("runs of period %d", p).hasSize(p == killedPeriod ? 2 : 1);
                ChildEvent completed = starts.get(p).get(starts.get(p).size() - 1);
                assertThat(recordOf(container, p)).as("record blob of period %d", p).isEqualTo(run(completed));
            }
            ChildEvent rerun = starts.get(killedPeriod).get(1);
            assertThat(rerun.child()).isNotEqualTo(victim.name());
            assertThat(rerun.at()).as("the killed period's second run began after the kill (not beside it)")
                    .isGreaterThan(killedAt);
            assertThat(rerun.token()).isGreaterThan(killed.token());
            Duration failover = Duration.ofNanos(rerun.at() - killedAt);
            System.out.printf("PeriodicElectorProcessesIT: period %d run again %.1f s after its JVM was killed%n",
                    killedPeriod, failover.toMillis() / 1000.0);
            assertThat(failover).as("failover within lease + poll interval").isLessThanOrEqualTo(
                    LEASE.plus(POLL).plus(SLACK));
            for (long p = 1; p < periods; p++) {
                assertThat(starts.get(p).get(0).token()).as("first token of period %d > last of period %d", p, p - 1)
                        .isGreaterThan(starts.get(p - 1).get(starts.get(p - 1).size() - 1).token());
            }
            assertThat(events).as("only the killed period's rerun finds an earlier record")
                    .filteredOn(e -> e.kind().equals("RECORD_EXISTS")).allMatch(e -> e.period() == killedPeriod);
            assertThat(events).as("no job failed").noneMatch(e -> e.kind().equals("JOB_FAILED"));
        } finally {
            closeAll(children);
        }
    }

    private static List<ChildJvm> startChildren(TestStorage storage, BlobContainerClient container)
            throws InterruptedException {
        List<ChildJvm> children = new ArrayList<>();
        for (int k = 0; k < INSTANCES; k++) {
            children.add(ChildJvm.builder(ElectorChild.class).name("elector-" + k)
                    .args(container.getBlobContainerName(), "elector", Long.toString(JOB_MILLIS),
                            Long.toString(POLL.toMillis()), POLICY.name())
                    .env(ElectorChild.CONNECTION_STRING_ENV, storage.connectionString())
                    .jvmOptions("-Xmx128m")
                    .outputDirectory(Path.of("target", "child-jvms", container.getBlobContainerName()))
                    .start());
        }
        for (ChildJvm child : children) {
            child.awaitLine(line -> line.startsWith("READY"), Duration.ofSeconds(60));
        }
        return children;
    }

    /** Gives every child the same schedule: period 0 begins 2 s from now, on a whole second. */
    private static void go(List<ChildJvm> children) {
        long firstStart = (System.currentTimeMillis() / 1000 + 2) * 1000;
        children.forEach(child -> child.send("GO " + firstStart));
    }

    private static void awaitCompleted(List<ChildJvm> children, long period, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Predicate<ChildEvent> done = e -> e.kind().equals("COMPLETED") && e.period() >= period;
        while (ChildEvent.of(children).stream().noneMatch(done)) {
            assertThat(System.nanoTime() - deadline).as("period %d not completed within %s; events:%n%s", period,
                    timeout, ChildEvent.of(children).stream().map(ChildEvent::toString)
                            .collect(Collectors.joining("\n"))).isNegative();
            Thread.sleep(200); // real processes in real time
        }
    }

    private static void stop(List<ChildJvm> children) throws InterruptedException {
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

    private static void closeAll(List<ChildJvm> children) throws InterruptedException {
        for (ChildJvm child : children) {
            child.close();
        }
    }

    /** The events of one kind for periods [0, periods), grouped by period in order of their token. */
    private static Map<Long, List<ChildEvent>> byPeriod(List<ChildEvent> events, String kind, int periods) {
        Map<Long, List<ChildEvent>> byPeriod = new TreeMap<>();
        for (long p = 0; p < periods; p++) {
            byPeriod.put(p, new ArrayList<>());
        }
        events.stream().filter(e -> e.kind().equals(kind) && e.period() < periods)
                .sorted((a, b) -> Long.compare(a.token(), b.token()))
                .forEach(e -> byPeriod.get(e.period()).add(e));
        return byPeriod;
    }

    private static String recordOf(BlobContainerClient container, long period) {
        var blob = container.getBlobClient("runs/" + period);
        return blob.exists() ? blob.downloadContent().toString() : "(no record)";
    }

    private static String run(ChildEvent start) {
        return "period=" + start.period() + " pid=" + start.fields().get("pid") + " token=" + start.token();
    }
}
