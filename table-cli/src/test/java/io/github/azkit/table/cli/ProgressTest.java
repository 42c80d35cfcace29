package io.github.azkit.table.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.azkit.storage.Ticker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** A ticker the test moves by hand, in milliseconds. */
    private static final class HandClock implements Ticker {
        long millis;

        @Override
        public long read() {
            return millis * 1_000_000;
        }
    }

    @Test
    void terminalBarShowsRateAndEta() {
        HandClock clock = new HandClock();
        StringWriter text = new StringWriter();
        Progress p = new Progress(new PrintWriter(text), true, 10_000, clock, Duration.ofSeconds(5));

        clock.millis = 2_000;
        p.update(2_500);

        assertThat(text.toString()).isEqualTo("\r[#######.......................] 2,500/10,000 entities  1,250 entities/s  ETA 0:06");
    }

    @Test
    void plainLinesAtMostEveryIntervalWithoutEtaWhenTheTotalIsUnknown() {
        HandClock clock = new HandClock();
        StringWriter text = new StringWriter();
        Progress p = new Progress(new PrintWriter(text), false, 0, clock, Duration.ofSeconds(5));

        clock.millis = 1_000;
        p.update(1_000);
        clock.millis = 5_000;
        p.update(5_000);
        clock.millis = 6_000;
        p.update(6_000);
        p.finish();

        assertThat(text.toString().lines()).containsExactly("5,000 entities  1,000 entities/s",
                "6,000 entities  1,000 entities/s");
    }
}
