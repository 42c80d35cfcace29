package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression tests for retention under clock skew (issue 14): a writer whose clock ran ahead purged periods that
 * writers with slower clocks still wrote. Two {@link PeriodicLog}s share a container, one clock ahead of the other
 * by a set gap; at each step (around midnights) the slow writer appends to its current period and to its previous
 * one (a late flush), the fast one appends to its own current period (its first append of a day purges) and
 * purges that id and the whole container. The fast clock is stepped back once a day, to a minute behind the slow
 * one, and forwards again. After each step every entry written to a period the slower clock still keeps is read
 * back, by its unique text.
 */
@AzkitStorageTest
class ClockSkewRetentionIT {

    private static final Duration SKEW = PeriodicLog.DEFAULT_MAX_CLOCK_SKEW;
    private static final String ID = "web-1";

    @ParameterizedTest(name = "retention {0}")
    @ValueSource(ints = {1, 3})
    void regressionAFastClockWithinTheToleratedSkewPurgesNothingASlowWriterStillKeeps(int retention,
            TestStorage storage) {
        Run run = new Run(storage, retention, SKEW);

        run.steps();

        assertThat(run.missing).as("entries purged while the slow writer still kept their period").isEmpty();
        Instant oldestKept = PeriodicLog.oldestKept(LogPeriod.DAILY, retention, SKEW, run.fast.instant());
        List<Instant> periods = run.written.values().stream().distinct().sorted().toList();
        assertThat(run.reader.list(ID, Instant.EPOCH, Instant.MAX.minusSeconds(1))).extracting(LogBlob::start)
                .as("after the fast writer's last purge, exactly the unexpired periods are left")
                .isEqualTo(periods.stream().filter(start -> !start.isBefore(oldestKept)).toList())
                .hasSizeLessThan(periods.size());
    }

    @ParameterizedTest(name = "retention {0}")
    @ValueSource(ints = {1, 3})
    void aClockOneSecondBeyondTheToleratedSkewCanLoseTheSlowWritersEntries(int retention, TestStorage storage) {
        Run run = new Run(storage, retention, SKEW.plusSeconds(1));

        run.steps();

        // The documented limit: in the last second before the slow writer's midnight, the fast one's clock minus
        // the skew is past it, so it purges the period the slow writer still keeps as its oldest.
        assertThat(run.missing).as("entries purged while the slow writer still kept their period").isNotEmpty()
                .allMatch(m -> m.contains("T23:59:59Z"));
    }

    /** One run of the two writers. */
    private static final class Run {
        final MutableClock slow = new MutableClock(Instant.EPOCH);
        final MutableClock fast = new MutableClock(Instant.EPOCH);
        final PeriodicLog slowLog;
        final PeriodicLog fastLog;
        final PeriodicLog reader;
        final int retention;
        final Duration gap;
        /** Each entry written, with the start of the period it was written to. */
        final Map<String, Instant> written = new LinkedHashMap<>();
        final List<String> missing = new ArrayList<>();
        final Set<String> reported = new HashSet<>();
        int step;

        Run(TestStorage storage, int retention, Duration gap) {
            BlobContainerClient container = storage.createContainer();
            this.retention = retention;
            this.gap = gap;
            PeriodicLog.Builder builder = PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY)
                    .retention(retention).maxClockSkew(SKEW);
            slowLog = builder.clock(slow).build();
            fastLog = builder.clock(fast).build();
            reader = PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY).build();
        }

        void steps() {
            Instant midnight = Instant.parse("2026-12-01T00:00:00Z");
            for (int day = 0; day < 5; day++) {
                Instant m = midnight.plus(Duration.ofDays(day));
                step(m.minus(Duration.ofMinutes(10)), gap);
                step(m.minusSeconds(1), gap);
                step(m.plusSeconds(1), gap);
                step(m.plus(Duration.ofMinutes(10)), Duration.ofMinutes(-1)); // the fast clock stepped back
                step(m.plus(Duration.ofHours(12)), gap); // and forwards again
            }
        }

        /**
         * The slow writer's clock reads {@code slowNow}, the fast one's {@code slowNow + ahead}. The slow clock
         * only moves forwards: a writer's clock reading behind what a purger's read earlier, minus the skew, is
         * beyond the tolerated skew (the purge has happened).
         */
        void step(Instant slowNow, Duration ahead) {
            step++;
            slow.set(slowNow);
            fast.set(slowNow.plus(ahead));
            String at = " at " + slowNow.toString().substring(11, 19);
            Instant previous = LogPeriod.DAILY.shift(slowNow, -1);
            write(slowLog, slowNow, "slow current " + step + at);
            write(slowLog, previous, "slow late flush " + step + at);
            write(fastLog, fast.instant(), "fast current " + step + at);
            fastLog.purge(ID);
            fastLog.purgeAll();
            check(ahead.isNegative() ? fast.instant() : slowNow);
        }

        void write(PeriodicLog log, Instant when, String entry) {
            log.appendAll(ID, when, List.of(entry));
            written.put(entry, LogPeriod.DAILY.start(when));
        }

        /**
         * Records the entries missing from the periods the slower clock keeps: its current, previous and retention.
         */
        void check(Instant slowerNow) {
            Instant slowOldest = LogPeriod.DAILY.shift(slowerNow, -Math.max(retention - 1, 1));
            Set<String> present = new HashSet<>();
            for (LogBlob blob : reader.list(ID, Instant.EPOCH, Instant.MAX.minusSeconds(1))) {
                present.addAll(reader.readEntries(blob));
            }
            String when = "missing when the slower clock read " + slowerNow;
            written.forEach((entry, start) -> {
                if (!start.isBefore(slowOldest) && !present.contains(entry) && !reported.contains(entry)) {
                    reported.add(entry);
                    missing.add(entry + ", " + when);
                }
            });
        }
    }
}
