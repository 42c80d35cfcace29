package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The retention horizon of {@link PeriodicLog} under clock skew, as pure period arithmetic. */
class RetentionHorizonTest {

    @Provide
    Arbitrary<Instant> instants() {
        long min = Instant.parse("1990-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("2400-01-01T00:00:00Z").getEpochSecond();
        Arbitrary<Instant> anywhere = Arbitraries.longs().between(min, max).map(Instant::ofEpochSecond);
        // Near midnight of the first of a month, where every period kind may end.
        Arbitrary<Instant> nearBoundary = Arbitraries.integers().between(1990 * 12, 2399 * 12).flatMap(month ->
                Arbitraries.longs().between(-2 * 86_400_000L, 2 * 86_400_000L).map(offsetMillis ->
                        java.time.LocalDate.of(month / 12, month % 12 + 1, 1).atStartOfDay(java.time.ZoneOffset.UTC)
                                .toInstant().plusMillis(offsetMillis)));
        return Arbitraries.oneOf(anywhere, nearBoundary);
    }

    @Provide
    Arbitrary<Duration> skews() {
        return Arbitraries.oneOf(Arbitraries.just(Duration.ZERO), Arbitraries.just(Duration.ofMinutes(5)),
                Arbitraries.longs().between(0, Duration.ofDays(1).toMillis()).map(Duration::ofMillis));
    }

    @Property(tries = 3000)
    void aPurgeKeepsEveryPeriodAWriterWithinTheSkewKeepsItsCurrentAndPreviousIncluded(
            @ForAll("instants") Instant purgerNow, @ForAll("skews") Duration skew,
            @ForAll @IntRange(min = -1000, max = 1000) int writerOffsetPermille,
            @ForAll @IntRange(min = 1, max = 40) int retention, @ForAll LogPeriod period) {
        Instant writerNow = purgerNow.plusMillis(skew.toMillis() * writerOffsetPermille / 1000);
        Instant oldestKept = PeriodicLog.oldestKept(period, retention, skew, purgerNow);

        Instant writersOldest = period.shift(writerNow, -(retention - 1));
        assertThat(writersOldest).as("the writer's retention window").isAfterOrEqualTo(oldestKept);
        assertThat(period.shift(writerNow, -1)).as("the writer's previous period").isAfterOrEqualTo(oldestKept);
        assertThat(period.start(writerNow)).as("the writer's current period").isAfterOrEqualTo(oldestKept);
    }

    @Property(tries = 3000)
    void aPeriodExpiresExactlyWhenTheClockPassesItsEndPlusTheRetentionPlusTheSkew(
            @ForAll("instants") Instant inPeriod, @ForAll("skews") Duration skew,
            @ForAll @IntRange(min = 1, max = 40) int retention, @ForAll LogPeriod period,
            @ForAll @IntRange(min = -5000, max = 5000) int millisAroundExpiry) {
        Instant start = period.start(inPeriod);
        Instant expiry = period.shift(period.end(inPeriod), Math.max(retention - 1, 1)).plus(skew);
        Instant now = expiry.plusMillis(millisAroundExpiry);

        boolean expired = start.isBefore(PeriodicLog.oldestKept(period, retention, skew, now));

        assertThat(expired).as("expired at %s, expiry %s", now, expiry).isEqualTo(!now.isBefore(expiry));
    }

    @Test
    void retentionOfOneStillKeepsThePreviousPeriod() {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        assertThat(PeriodicLog.oldestKept(LogPeriod.DAILY, 1, Duration.ZERO, now))
                .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(PeriodicLog.oldestKept(LogPeriod.DAILY, 7, Duration.ofMinutes(5), now))
                .isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(PeriodicLog.oldestKept(LogPeriod.DAILY, 7, Duration.ofMinutes(5),
                Instant.parse("2026-12-02T00:04:59Z"))).as("within the skew after midnight: a day more")
                .isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
    }

    @Test
    void maxClockSkewIsValidated() {
        PeriodicLog.Builder builder = PeriodicLog.builder();
        assertThatThrownBy(() -> builder.maxClockSkew(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'maxClockSkew' must be between PT0S and PT24H, was PT-1S; synchronize the clocks (NTP) "
                        + "rather than tolerate more");
        assertThatThrownBy(() -> builder.maxClockSkew(Duration.ofHours(25)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was PT25H");
        assertThatThrownBy(() -> builder.maxClockSkew(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("'maxClockSkew' must not be null");
        assertThat(builder.maxClockSkew(Duration.ZERO)).isSameAs(builder);
        assertThat(builder.maxClockSkew(Duration.ofDays(1))).isSameAs(builder);
        assertThat(PeriodicLog.DEFAULT_MAX_CLOCK_SKEW).isEqualTo(Duration.ofMinutes(5));
    }
}
