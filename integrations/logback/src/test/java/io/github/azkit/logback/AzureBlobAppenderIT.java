package io.github.azkit.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.logging.OngoingLog;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The appender configured from a {@code logback.xml} text on a private {@link LoggerContext}, writing a rolling log
 * into Azurite: events come back from the blob in order, each once, after {@code LoggerContext.stop()}.
 */
@AzkitStorageTest
class AzureBlobAppenderIT {

    static String xml(TestStorage storage, String container, String extra) {
        return """
                <configuration>
                  <appender name="BLOB" class="io.github.azkit.logback.AzureBlobAppender">
                    <connectionString>%s</connectionString>
                    <container>%s</container>
                    <logName>orders</logName>
                    %s
                    <encoder><pattern>%%level %%logger{0} - %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="BLOB"/></root>
                </configuration>
                """.formatted(storage.connectionString(), container, extra);
    }

    static List<String> read(TestStorage storage, String container, String logName) {
        return OngoingLog.builder().containerClient(storage.blobServiceClient().getBlobContainerClient(container))
                .logId(logName).build().readEntries();
    }

    @Test
    void eventsAreReadBackInOrderAfterTheContextStops(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        LoggerContext context = Contexts.configured(xml(storage, container.getBlobContainerName(), ""));
        AzureBlobAppender appender = Contexts.appender(context, "BLOB");
        assertThat(appender.isStarted()).as("statuses: %s", Contexts.statuses(context, 0)).isTrue();
        Logger log = context.getLogger("shop.Orders");

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            log.info("order {} placed", i);
            expected.add("INFO Orders - order " + i + " placed");
        }
        log.debug("below the root's level: not written");
        log.warn("two lines\nin one event");
        expected.add("WARN Orders - two lines\nin one event");
        context.stop(); // the flush interval (1 s) has not come: only stop() writes them

        assertThat(read(storage, container.getBlobContainerName(), "orders")).containsExactlyElementsOf(expected);
        assertThat(appender.isStarted()).isFalse();
        assertThat(appender.writtenCount()).isEqualTo(expected.size());
        assertThat(appender.droppedCount()).isZero();
        assertThat(Contexts.statuses(context, 1)).as("warnings and errors").isEmpty();
    }

    @Test
    void eightThreadsEachKeepTheirOrderAndNothingIsLost(TestStorage storage) throws Exception {
        BlobContainerClient container = storage.createContainer();
        LoggerContext context = Contexts.configured(xml(storage, container.getBlobContainerName(),
                "<flushInterval>PT0.05S</flushInterval><maxBatchEntries>500</maxBatchEntries>"));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Logger log = context.getLogger("t" + t);
            done.add(threads.submit(() -> IntStream.range(0, 5_000).forEach(i -> log.info("{}", i))));
        }
        for (Future<?> f : done) {
            f.get();
        }
        threads.shutdown();
        context.stop();

        List<String> entries = read(storage, container.getBlobContainerName(), "orders");
        assertThat(entries).hasSize(40_000);
        for (int t = 0; t < 8; t++) {
            String prefix = "INFO t" + t + " - ";
            assertThat(entries.stream().filter(e -> e.startsWith(prefix)).collect(Collectors.toList()))
                    .as("thread %d", t)
                    .containsExactlyElementsOf(IntStream.range(0, 5_000).mapToObj(i -> prefix + i).toList());
        }
    }

    @Test
    void createsAMissingContainerOnTheFirstWrite(TestStorage storage) {
        String name = TestStorage.uniqueName("absent");
        LoggerContext context = Contexts.configured(xml(storage, name, ""));
        try {
            context.getLogger("a").info("first");
            context.stop();
            assertThat(read(storage, name, "orders")).containsExactly("INFO a - first");
        } finally {
            storage.blobServiceClient().getBlobContainerClient(name).deleteIfExists();
        }
    }

    @Test
    void tenThousandEventsInOneFlushCostTwoWritesAndOneRead(TestStorage storage) {
        BlobContainerClient created = storage.createContainer();
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient counted = storage.blobServiceClientBuilder().addPolicy(counter).buildClient()
                .getBlobContainerClient(created.getBlobContainerName());
        LoggerContext context = new LoggerContext();
        AzureBlobAppender appender = new AzureBlobAppender();
        appender.setContext(context);
        appender.setName("BLOB");
        appender.setContainerClient(counted);
        appender.setLogName("orders");
        appender.setFlushInterval("PT1H");
        appender.setMaxBatchEntries("10000");
        appender.start();
        Logger log = context.getLogger("a");
        log.addAppender(appender);

        for (int i = 0; i < 10_000; i++) {
            log.info("event {}", i);
        }
        appender.flush();
        TransactionCounts cost = counter.snapshot();
        appender.stop();

        assertThat(appender.writtenCount()).isEqualTo(10_000);
        assertThat(cost.total()).as("Get Block List (404), Put Block, Put Block List: %s", cost).isEqualTo(3);
        assertThat(read(storage, created.getBlobContainerName(), "orders")).hasSize(10_000);
    }
}
