package io.github.azkit.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The appender on SLF4J's own context (the one the Azure SDK, Netty and Reactor log to), on the root logger at DEBUG:
 * the SDK's events caused by the appender's writes are logged (another appender sees them) but never written, so
 * nothing loops and the blob holds exactly the application's events.
 */
@AzkitStorageTest
class NoRecursionIT {

    @AfterEach
    void restoreLogging() throws Exception {
        Contexts.restoreGlobal();
    }

    @Test
    void theSdksDebugEventsDuringWritesNeverReachTheBlob(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        LoggerContext context = Contexts.global("""
                <configuration>
                  <appender name="BLOB" class="io.github.azkit.logback.AzureBlobAppender">
                    <connectionString>%s</connectionString>
                    <container>%s</container>
                    <logName>app</logName>
                    <flushInterval>PT0.02S</flushInterval>
                    <encoder><pattern>%%level %%logger - %%msg%%n</pattern></encoder>
                  </appender>
                  <appender name="ALL" class="ch.qos.logback.core.read.ListAppender"/>
                  <logger name="com.azure" level="DEBUG"/>
                  <logger name="io.netty" level="DEBUG"/>
                  <logger name="reactor" level="DEBUG"/>
                  <root level="DEBUG"><appender-ref ref="BLOB"/><appender-ref ref="ALL"/></root>
                </configuration>
                """.formatted(storage.connectionString(), container.getBlobContainerName()));
        AzureBlobAppender appender = Contexts.appender(context, "BLOB");
        assertThat(appender.isStarted()).as("statuses %s", Contexts.statuses(context, 0)).isTrue();
        @SuppressWarnings("unchecked")
        ListAppender<ILoggingEvent> all = (ListAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender("ALL");
        Logger log = context.getLogger("shop.Orders");

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            log.debug("order {}", i);
            expected.add("DEBUG shop.Orders - order " + i);
            if (i % 50 == 49) {
                appender.flush(); // on this thread: the SDK's events it causes here are ignored too
            }
        }
        int sdkEventsBeforeStop = sdkEvents(all);
        context.stop();

        assertThat(sdkEventsBeforeStop).as("the SDK, Netty or Reactor logged at DEBUG during the writes")
                .isPositive();
        assertThat(AzureBlobAppenderIT.read(storage, container.getBlobContainerName(), "app"))
                .containsExactlyElementsOf(expected);
        assertThat(appender.writtenCount()).isEqualTo(200);
    }

    private static int sdkEvents(ListAppender<ILoggingEvent> all) {
        synchronized (all.list) {
            return (int) List.copyOf(all.list).stream().map(ILoggingEvent::getLoggerName)
                    .filter(n -> n.startsWith("com.azure") || n.startsWith("io.netty") || n.startsWith("reactor"))
                    .count();
        }
    }
}
