package io.github.azkit.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * With the default {@code whenFull} (DROP), the logging thread does not wait for storage even when every request
 * takes 3 seconds: the queue fills, events are dropped and counted, and logging goes on at memory speed. When
 * storage is fast again, {@code stop()} writes what was queued, in order.
 */
@AzkitStorageTest
class NeverWaitsIT {

    @Test
    void loggingDoesNotWaitForSlowStorage(TestStorage storage) {
        FaultInjector faults = FaultInjector.builder().seed(1L).rule(FaultRule.latency(Duration.ofSeconds(3)))
                .build();
        String name = storage.createContainer().getBlobContainerName();
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern("%msg");
        layout.start();
        AzureBlobAppender appender = new AzureBlobAppender();
        appender.setContext(context);
        appender.setName("BLOB");
        appender.setContainerClient(storage.blobServiceClient(faults).getBlobContainerClient(name));
        appender.setLogName("slow");
        appender.setQueueSize("1000");
        appender.setMaxBatchEntries("100");
        appender.setFlushInterval("PT0.01S");
        appender.setLayout(layout);
        appender.start();
        Logger log = context.getLogger("app");
        log.addAppender(appender);

        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            log.info("event {}", i);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        faults.enabled(false);
        appender.stop();

        assertThat(took).as("10,000 logging calls while each request takes 3 s").isLessThan(Duration.ofSeconds(2));
        assertThat(appender.droppedCount()).as("dropped when the queue was full").isPositive();
        assertThat(appender.writtenCount() + appender.droppedCount()).isEqualTo(10_000);
        List<String> written = AzureBlobAppenderIT.read(storage, name, "slow");
        assertThat(written).hasSize((int) appender.writtenCount());
        assertThat(written).isSortedAccordingTo((a, b) -> Integer.compare(number(a), number(b)));
    }

    @Test
    void eventsDroppedForAFullQueueAreNotFormatted(TestStorage storage) {
        FaultInjector faults = FaultInjector.builder().seed(1L).rule(FaultRule.latency(Duration.ofSeconds(3)))
                .build();
        String name = storage.createContainer().getBlobContainerName();
        LoggerContext context = new LoggerContext();
        AtomicInteger formatted = new AtomicInteger();
        PatternLayout layout = new PatternLayout() {
            @Override
            public String doLayout(ILoggingEvent event) {
                formatted.incrementAndGet();
                return super.doLayout(event);
            }
        };
        layout.setContext(context);
        layout.setPattern("%msg");
        layout.start();
        AzureBlobAppender appender = new AzureBlobAppender();
        appender.setContext(context);
        appender.setName("BLOB");
        appender.setContainerClient(storage.blobServiceClient(faults).getBlobContainerClient(name));
        appender.setLogName("unformatted");
        appender.setQueueSize("1000");
        appender.setMaxBatchEntries("100");
        appender.setLayout(layout);
        appender.start();
        Logger log = context.getLogger("app");
        log.addAppender(appender);

        for (int i = 0; i < 10_000; i++) {
            log.info("event {}", i);
        }
        faults.enabled(false);
        appender.stop();

        assertThat(appender.droppedCount()).as("dropped when the queue was full").isPositive();
        assertThat(appender.writtenCount() + appender.droppedCount()).isEqualTo(10_000);
        assertThat(formatted.get()).as("one logging thread: only the events that found room were formatted")
                .isEqualTo((int) appender.writtenCount());
    }

    private static int number(String line) {
        return Integer.parseInt(line.substring("event ".length()));
    }
}
