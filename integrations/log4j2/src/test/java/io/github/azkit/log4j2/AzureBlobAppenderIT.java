package io.github.azkit.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.logging.LogPeriod;
import io.github.azkit.logging.OngoingLog;
import io.github.azkit.logging.PeriodicLog;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;

/**
 * The appender configured from {@code log4j2.xml} text in a private Log4j context, against real storage: events read
 * back from the blob in order, periodic mode with retention, nothing lost on a clean shutdown, a missing container
 * created, and what a batch costs.
 */
@AzkitStorageTest
class AzureBlobAppenderIT {

    @Test
    void eventsConfiguredFromLog4j2XmlAreReadBackFromTheBlobInOrder(TestStorage storage) throws Exception {
        BlobContainerClient container = storage.createContainer();
        LoggerContext context = Contexts.fromXml("in-order", Contexts.azureBlobXml(
                Contexts.attribute("connectionString", storage.connectionString())
                        + " container=\"" + container.getBlobContainerName() + "\" logName=\"app\""
                        + " maxBatchEntries=\"100\" flushInterval=\"PT0.05S\"",
                "<PatternLayout pattern=\"%level %logger %msg%n\"/>"));
        Logger main = context.getLogger("shop.main");
        ExecutorService threads = Executors.newFixedThreadPool(3);
        List<Future<?>> others = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int thread = t;
            others.add(threads.submit(() -> IntStream.range(0, 500)
                    .forEach(i -> context.getLogger("shop.t" + thread).info("event {}", i))));
        }
        for (int i = 0; i < 1_000; i++) {
            main.info("event {}", i);
        }
        for (Future<?> other : others) {
            other.get();
        }
        threads.shutdown();
        AzureBlobAppender appender = Contexts.blob(context);
        context.stop();

        List<String> read = OngoingLog.builder().containerClient(container).logId("app").build().readEntries();
        assertThat(read).hasSize(2_500).doesNotHaveDuplicates();
        assertThat(read).filteredOn(line -> line.startsWith("INFO shop.main "))
                .containsExactlyElementsOf(IntStream.range(0, 1_000).mapToObj(i -> "INFO shop.main event " + i)
                        .toList());
        for (int t = 0; t < 3; t++) {
            String prefix = "INFO shop.t" + t + " ";
            assertThat(read).filteredOn(line -> line.startsWith(prefix))
                    .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(i -> prefix + "event " + i).toList());
        }
        assertThat(appender.writtenCount()).isEqualTo(2_500);
        assertThat(appender.droppedCount()).isZero();
        assertThat(appender.lostCount()).isZero();
    }

    @Test
    void aCleanShutdownWritesEveryEventLoggedBeforeIt(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        LoggerContext context = Contexts.fromXml("shutdown", Contexts.azureBlobXml(
                Contexts.attribute("connectionString", storage.connectionString())
                        + " container=\"" + container.getBlobContainerName() + "\" logName=\"app\""
                        + " maxBatchEntries=\"1000\" queueSize=\"20000\" flushInterval=\"PT1H\"",
                "<PatternLayout pattern=\"%msg%n\"/>"));
        Logger logger = context.getLogger("shop");
        for (int i = 0; i < 5_500; i++) {
            logger.info("event {}", i); // five full batches start writes at once; the last 500 wait for the hour
        }

        Configurator.shutdown(context);

        assertThat(OngoingLog.builder().containerClient(container).logId("app").build().readEntries())
                .containsExactlyElementsOf(IntStream.range(0, 5_500).mapToObj(i -> "event " + i).toList());
    }

    @Test
    void flushWritesWhatIsQueuedWithoutStopping(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        LoggerContext context = Contexts.fromXml("flush", Contexts.azureBlobXml(
                Contexts.attribute("connectionString", storage.connectionString())
                        + " container=\"" + container.getBlobContainerName() + "\" logName=\"app\""
                        + " flushInterval=\"PT1H\"",
                "<PatternLayout pattern=\"%msg%n\"/>"));
        AzureBlobAppender appender = Contexts.blob(context);
        for (int i = 0; i < 300; i++) {
            context.getLogger("shop").info("event {}", i); // fewer than a batch: they wait for the hour
        }
        assertThat(appender.queuedCount()).isEqualTo(300);

        appender.flush();

        assertThat(appender.queuedCount()).isZero();
        assertThat(appender.isStarted()).isTrue();
        assertThat(OngoingLog.builder().containerClient(container).logId("app").build().readEntries())
                .containsExactlyElementsOf(IntStream.range(0, 300).mapToObj(i -> "event " + i).toList());
        context.stop();
        assertThat(appender.queuedCount()).isZero();
    }

    @Test
    void periodicModeWritesThePeriodsBlobAndPurgesExpiredOnes(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        Instant longAgo = Instant.now().minus(Duration.ofDays(10));
        PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY)
                .clock(Clock.fixed(longAgo, ZoneOffset.UTC)).build().append("jobs", "an old day");
        PeriodicLog reader = PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY).build();
        assertThat(reader.readEntries("jobs", longAgo)).containsExactly("an old day");

        LoggerContext context = Contexts.fromXml("periodic", Contexts.azureBlobXml(
                Contexts.attribute("connectionString", storage.connectionString())
                        + " container=\"" + container.getBlobContainerName() + "\" logName=\"jobs\""
                        + " period=\"DAILY\" retention=\"3\"",
                "<PatternLayout pattern=\"%msg%n\"/>"));
        Instant before = Instant.now();
        for (int i = 0; i < 10; i++) {
            context.getLogger("jobs").info("run {}", i);
        }
        context.stop();
        Instant after = Instant.now();

        List<String> today = new ArrayList<>(reader.readEntries("jobs", before));
        if (!LogPeriod.DAILY.start(before).equals(LogPeriod.DAILY.start(after))) {
            today.addAll(reader.readEntries("jobs", after)); // the test ran across midnight UTC
        }
        assertThat(today).containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "run " + i).toList());
        assertThat(reader.readEntries("jobs", longAgo)).as("the period 10 days ago, purged by retention 3")
                .isEmpty();
        assertThat(container.getBlobClient("jobs/daily/" + LogPeriod.DAILY.label(before) + ".log").exists()).isTrue();
    }

    @Test
    void aMissingContainerIsCreatedByTheFirstWrite(TestStorage storage) {
        String name = TestStorage.uniqueName("missing");
        LoggerContext context = Contexts.fromXml("missing", Contexts.azureBlobXml(
                Contexts.attribute("connectionString", storage.connectionString())
                        + " container=\"" + name + "\" logName=\"app\"",
                "<PatternLayout pattern=\"%msg%n\"/>"));
        context.getLogger("app").info("first");
        context.getLogger("app").info("second");
        AzureBlobAppender appender = Contexts.blob(context);
        context.stop();

        BlobContainerClient container = storage.blobServiceClient().getBlobContainerClient(name);
        try {
            assertThat(OngoingLog.builder().containerClient(container).logId("app").build().readEntries())
                    .containsExactly("first", "second");
            assertThat(appender.lostCount()).isZero();
        } finally {
            container.deleteIfExists();
        }
    }

    @Test
    void aBatchCostsOneBlockAndOneCommitWhateverItsEvents(TestStorage storage) {
        BlobContainerClient plain = storage.createContainer();
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient counted = storage.blobServiceClientBuilder().addPolicy(counter).buildClient()
                .getBlobContainerClient(plain.getBlobContainerName());
        AzureBlobAppender appender = AzureBlobAppender.newBuilder().setName("blob").setContainerClient(counted)
                .setLogName("app").setMaxBatchEntries(10_000).setFlushInterval(Duration.ofHours(1))
                .setLayout(PatternLayout.newBuilder().setPattern("%msg%n").build()).build();
        assertThat(appender).isNotNull();
        LoggerContext context = Contexts.with("cost", appender);
        for (int i = 0; i < 20_000; i++) {
            context.getLogger("app").info("event {} with some words to make the line look like a log line", i);
        }
        context.stop();

        TransactionCounts counts = counter.snapshot();
        assertThat(counts.get(TransactionKind.WRITE)).as("Put Block + Put Block List, per batch of 10,000")
                .isEqualTo(4);
        assertThat(counts.get(TransactionKind.READ)).as("the block list, once").isEqualTo(1);
        assertThat((double) counts.total() / 20_000).isLessThanOrEqualTo(0.001);
        assertThat(OngoingLog.builder().containerClient(plain).logId("app").build().readEntries()).hasSize(20_000);
    }
}
