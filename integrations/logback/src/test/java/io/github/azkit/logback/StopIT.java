package io.github.azkit.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stopping the appender writes the queue on the stopping thread, where the SDK (building its client, sending the
 * requests) logs at DEBUG: those events are ignored by the started appender, so Logback reports no event appended to
 * a stopped one, and the blob holds exactly the application's events.
 */
@AzkitStorageTest
class StopIT {

    @AfterEach
    void restoreLogging() throws Exception {
        Contexts.restoreGlobal();
    }

    @Test
    void eventsLoggedWhileStopFlushesRaiseNoStatus(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        LoggerContext context = Contexts.global("""
                <configuration>
                  <appender name="BLOB" class="io.github.azkit.logback.AzureBlobAppender">
                    <connectionString>%s</connectionString>
                    <container>%s</container>
                    <logName>app</logName>
                    <flushInterval>PT1H</flushInterval>
                    <encoder><pattern>%%level %%logger - %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="DEBUG"><appender-ref ref="BLOB"/></root>
                </configuration>
                """.formatted(storage.connectionString(), container.getBlobContainerName()));
        AzureBlobAppender appender = Contexts.appender(context, "BLOB");
        assertThat(appender.isStarted()).as("statuses %s", Contexts.statuses(context, 0)).isTrue();
        Logger log = context.getLogger("shop.Orders");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            log.debug("order {}", i);
            expected.add("DEBUG shop.Orders - order " + i);
        }

        context.stop(); // the first and only write: the client is built and the requests sent on this thread

        // (Netty may still log after the context detached every appender: "No appenders present" is not ours.)
        assertThat(Contexts.statuses(context, Status.WARN)).as("WARN and ERROR statuses")
                .noneMatch(s -> s.contains("[BLOB]"));
        assertThat(AzureBlobAppenderIT.read(storage, container.getBlobContainerName(), "app"))
                .as("written %d, dropped %d, lost %d, statuses %s", appender.writtenCount(), appender.droppedCount(),
                        appender.lostCount(), Contexts.statuses(context, 0))
                .containsExactlyElementsOf(expected);
        assertThat(appender.writtenCount()).isEqualTo(20);
    }
}
