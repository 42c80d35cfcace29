package io.github.azkit.log4j2.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.logging.LogPeriod;
import io.github.azkit.logging.PeriodicLog;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link OrdersApp}, run as an application is (a JVM of its own, its {@code log4j2.xml} named by
 * {@code -Dlog4j2.configurationFile}, the connection string in the environment), logs through SLF4J; when it has
 * exited, its events are read back from the day's blob, all of them and in order.
 */
@AzkitStorageTest
class OrdersAppIT {

    private static final int ORDERS = 1_000;

    @Test
    void theApplicationsEventsAreReadBackFromTheBlobInOrder(TestStorage storage) throws Exception {
        BlobContainerClient container = storage.createContainer();
        Instant before = Instant.now();
        try (ChildJvm app = ChildJvm.builder(OrdersApp.class).name("log4j2-orders-app").args(Integer.toString(ORDERS))
                .env("AZURE_STORAGE_CONNECTION_STRING", storage.connectionString())
                .env("LOG_CONTAINER", container.getBlobContainerName())
                .jvmOptions("-Xmx256m", "-Dlog4j2.configurationFile=log4j2-example.xml").start()) {
            assertThat(app.waitFor(Duration.ofSeconds(60))).as("exit status; output:%n%s", app.output()).isZero();
            // Log4j starts at the first SLF4J call and builds the appender then (the SDK client included): that
            // logs no WARN or ERROR, neither Log4j's status logger nor SLF4J about calls made during initialization
            assertThat(app.outputLines()).as("WARN and ERROR lines of %s", app.outputFile())
                    .noneMatch(line -> line.matches(".*\\b(WARN|ERROR)\\b.*") || line.startsWith("SLF4J"));
        }
        Instant after = Instant.now();

        PeriodicLog log = PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY).build();
        List<String> lines = new ArrayList<>(log.readEntries("orders", before));
        if (!LogPeriod.DAILY.start(before).equals(LogPeriod.DAILY.start(after))) {
            lines.addAll(log.readEntries("orders", after)); // ran across midnight UTC
        }
        List<String> expected = new ArrayList<>();
        expected.add("Orders service started");
        IntStream.rangeClosed(1, ORDERS).forEach(order -> expected.add("Order " + order + " placed"));
        expected.add("Orders service stopping");
        assertThat(lines).allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z INFO  \\[main] "
                + "io\\.github\\.azkit\\.log4j2\\.example\\.OrdersApp - .*"));
        assertThat(lines).extracting(line -> line.substring(line.indexOf(" - ") + 3))
                .containsExactlyElementsOf(expected);
    }
}
