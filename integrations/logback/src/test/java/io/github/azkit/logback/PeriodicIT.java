package io.github.azkit.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.logging.LogBlob;
import io.github.azkit.logging.LogPeriod;
import io.github.azkit.logging.PeriodicLog;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A periodic log ({@code <period>DAILY</period>}, {@code <retention>2</retention>}) on a clock the test steps: each
 * day's events go to that day's blob, and a new day's first write deletes the days beyond the retention.
 */
@AzkitStorageTest
class PeriodicIT {

    /** A clock the test sets; read by the appender's writer thread. */
    static final class SteppedClock extends Clock {
        private volatile Instant now;

        SteppedClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void eachDaysEventsGoToItsBlobAndOldDaysExpire(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        SteppedClock clock = new SteppedClock(Instant.parse("2026-11-01T10:00:00Z"));
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern("%msg");
        layout.start();
        AzureBlobAppender appender = new AzureBlobAppender();
        appender.setContext(context);
        appender.setName("BLOB");
        appender.setContainerClient(container);
        appender.setLogName("requests");
        appender.setPeriod("DAILY");
        appender.setRetention("2");
        appender.setFlushInterval("PT1H");
        appender.setLayout(layout);
        appender.clock = clock;
        appender.start();
        assertThat(appender.isStarted()).as("statuses %s", Contexts.statuses(context, 0)).isTrue();
        Logger log = context.getLogger("web");
        log.addAppender(appender);

        for (int day = 1; day <= 4; day++) {
            clock.set(Instant.parse("2026-11-0" + day + "T12:00:00Z"));
            log.info("GET /a on day {}", day);
            log.info("GET /b on day {}", day);
            appender.flush(); // written when the clock says it is that day
        }
        appender.stop();

        PeriodicLog reader = PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY).build();
        List<LogBlob> kept = reader.list("requests", Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-05T00:00:00Z"));
        assertThat(kept).extracting(b -> LogPeriod.DAILY.label(b.start())).as("days 1 and 2 expired on day 4 (retention 2, 5 min skew)")
                .containsExactly("2026-11-03", "2026-11-04");
        assertThat(reader.readEntries("requests", Instant.parse("2026-11-03T00:00:00Z")))
                .containsExactly("GET /a on day 3", "GET /b on day 3");
        assertThat(reader.readEntries("requests", Instant.parse("2026-11-04T23:59:59Z")))
                .containsExactly("GET /a on day 4", "GET /b on day 4");
    }
}
