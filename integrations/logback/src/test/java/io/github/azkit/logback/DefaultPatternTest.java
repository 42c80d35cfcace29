package io.github.azkit.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The default pattern writes the time in UTC with a Z, whatever the JVM's time zone, as the Log4j 2 appender does. */
class DefaultPatternTest {

    @Test
    void theTimeIsUtcWithAZ() {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(AzureBlobAppender.DEFAULT_PATTERN);
        layout.start();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("shop"), Level.INFO, "hello", null, null);
        event.setInstant(Instant.parse("2026-03-01T23:30:00.123Z"));
        event.setThreadName("main");

        assertThat(layout.doLayout(event)).isEqualTo("2026-03-01T23:30:00.123Z INFO  [main] shop - hello"
                + System.lineSeparator());
    }
}
