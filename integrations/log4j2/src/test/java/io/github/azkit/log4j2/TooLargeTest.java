package io.github.azkit.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.Test;

/** Events larger than a block are dropped and counted; only the first is reported, at WARN, as in the Logback appender. */
class TooLargeTest {

    @Test
    void onlyTheFirstTooLargeEventIsReported() {
        List<StatusData> reported = new CopyOnWriteArrayList<>();
        StatusListener listener = new StatusListener() {
            @Override
            public void log(StatusData data) {
                if (data.getMessage().getFormattedMessage().startsWith("AzureBlob appender")) {
                    reported.add(data);
                }
            }

            @Override
            public Level getStatusLevel() {
                return Level.WARN;
            }

            @Override
            public void close() {
            }
        };
        StatusLogger.getLogger().registerListener(listener);
        try {
            AzureBlobAppender appender = AzureBlobAppender.newBuilder().setName("blob")
                    .setConnectionString(BadAttributesTest.CONNECTION_STRING).setContainer("logs").setLogName("app")
                    .setFlushInterval(Duration.ofHours(1))
                    .setLayout(PatternLayout.newBuilder().setPattern("%msg%n").build()).build();
            LoggerContext context = Contexts.with("too-large", appender);
            Logger logger = context.getLogger("shop");
            String huge = "x".repeat(5 * 1024 * 1024);
            for (int i = 0; i < 3; i++) {
                logger.info(huge);
            }

            assertThat(appender.droppedCount()).isEqualTo(3);
            assertThat(reported).hasSize(1);
            assertThat(reported.get(0).getLevel()).isEqualTo(Level.WARN);
            assertThat(reported.get(0).getMessage().getFormattedMessage()).contains("'blob'", "shop", "4 MiB");
            context.stop(); // nothing queued: no request
        } finally {
            StatusLogger.getLogger().removeListener(listener);
        }
    }
}
