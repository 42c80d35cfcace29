package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.azkit.examples.video.logs.ServiceLogs;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Transcript lines held in memory across the end of a month are filed under the month they happened in. */
@AzkitStorageTest
class TranscriptMonthIT {

    @Test
    void linesHeldOverMidnightOnTheLastDayGoToTheirOwnMonth(TestStorage storage) {
        BillingIT.MutableClock clock = new BillingIT.MutableClock(Instant.parse("2026-11-30T23:55:00Z"));
        try (ServiceLogs logs = new ServiceLogs(storage.createContainer(), clock)) {
            logs.watched("acct-1", "ann@example.org", "v1", 3, "US");
            clock.advance(Duration.ofMinutes(10)); // December 1st, 00:05: nothing has been flushed yet
            logs.watched("acct-1", "bob@example.org", "v1", 3, "US");

            assertThat(logs.minutesByMember("acct-1", YearMonth.parse("2026-12"), 2)).isEqualTo(Map.of(
                    "2026-11", Map.of("ann@example.org", 3L),
                    "2026-12", Map.of("bob@example.org", 3L)));
        }
    }
}
