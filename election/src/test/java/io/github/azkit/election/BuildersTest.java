package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Argument checks of the builders, and the arithmetic of backoff and jitter. */
class BuildersTest {

    @Test
    void leaseDurationOutOfRangeSaysWhatAndHowToFix() {
        assertThatThrownBy(() -> AutoRenewingLease.builder().leaseDuration(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'leaseDuration' must be between 15 and 60 seconds, was 5")
                .hasMessageContaining("infiniteLease()");
        assertThatThrownBy(() -> LeaderElection.builder().leaseDuration(Duration.ofSeconds(61)))
                .hasMessageStartingWith("'leaseDuration' must be between 15 and 60 seconds, was 61");
        assertThatThrownBy(() -> PeriodicElector.builder().leaseDuration(Duration.ofMillis(15_500)))
                .hasMessageStartingWith("'leaseDuration' must be between 15 and 60 seconds, was 15.5");
        assertThatThrownBy(() -> AutoRenewingLease.builder().leaseDuration(null))
                .isInstanceOf(NullPointerException.class).hasMessage("'leaseDuration' must not be null");
        AutoRenewingLease.builder().leaseDuration(Duration.ofSeconds(15)).leaseDuration(Duration.ofSeconds(60))
                .infiniteLease();
    }

    @Test
    void otherSettersAreChecked() {
        assertThatThrownBy(() -> LeaderElection.builder().pollInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'pollInterval' must be positive, was 0 seconds");
        assertThatThrownBy(() -> LeaderElection.builder().jitter(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'jitter' must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> PeriodicElector.builder().schedule(Instant.EPOCH, Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'period' must be at least 1 second");
        assertThatThrownBy(() -> PeriodicElector.builder().retryPolicy(null))
                .isInstanceOf(NullPointerException.class).hasMessage("'retryPolicy' must not be null");
        assertThatThrownBy(() -> PeriodicElector.builder().operationTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'operationTimeout' must be positive, was 0 seconds");
        assertThatThrownBy(() -> PeriodicElector.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("missing: 'blobClient', 'schedule', 'job'");
        assertThatThrownBy(() -> LeaderElection.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessage("'blobClient' must be set");
        assertThatThrownBy(() -> AutoRenewingLease.builder().tryAcquire())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'blobClient' must be set");
        assertThatThrownBy(() -> AutoRenewingLease.builder().renewInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void jitteredPollsStayWithinPlusOrMinusTheJitter(@ForAll @LongRange(min = 1, max = 60_000) long millis,
            @ForAll @DoubleRange(min = 0, max = 1) double jitter) {
        Duration interval = Duration.ofMillis(millis);
        Duration delay = Polling.jittered(interval, jitter);
        assertThat(delay.toNanos()).isGreaterThanOrEqualTo((long) (interval.toNanos() * (1 - jitter)) - 1)
                .isLessThanOrEqualTo((long) (interval.toNanos() * (1 + jitter)) + 1);
    }

    @Test
    void pollJitterSpreadsBothWays_asEveryAzkitJitterDoes() {
        Duration interval = Duration.ofSeconds(10);
        java.util.LongSummaryStatistics delays = java.util.stream.IntStream.range(0, 1_000)
                .mapToLong(i -> Polling.jittered(interval, 0.2).toMillis()).summaryStatistics();
        assertThat(delays.getMin()).isBetween(8_000L, 8_400L);
        assertThat(delays.getMax()).isBetween(11_600L, 12_000L);
        assertThat(delays.getAverage()).isBetween(9_800.0, 10_200.0);
        assertThat(Polling.jittered(interval, 0)).isEqualTo(interval);
    }
}
