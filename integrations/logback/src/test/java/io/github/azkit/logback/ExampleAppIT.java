package io.github.azkit.logback;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.logback.example.OrdersApp;
import io.github.azkit.logging.LogPeriod;
import io.github.azkit.logging.PeriodicLog;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import io.github.azkit.testing.UserLogging;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The example application ({@link OrdersApp}) in a JVM of its own, logging through SLF4J with its
 * {@code logback.xml}: every event is read back from the day's blob, in order, although the application only
 * returned from {@code main} (Logback's shutdown hook stopped the appender, which wrote the queue).
 */
@AzkitStorageTest
class ExampleAppIT {

    static ChildJvm start(String name, TestStorage storage, String container, int orders) {
        Path config = Path.of("target", "test-classes", "io", "github", "azkit", "logback", "example",
                "logback-example.xml").toAbsolutePath();
        return ChildJvm.builder(OrdersApp.class).name(name).args(Integer.toString(orders))
                .env("AZURE_STORAGE_CONNECTION_STRING", storage.connectionString())
                .env("LOG_CONTAINER", container)
                .jvmOptions("-Xmx256m", "-Dlogback.configurationFile=" + config).start();
    }

    @Test
    void theApplicationsEventsAreReadBackInOrder(TestStorage storage) throws Exception {
        BlobContainerClient container = storage.createContainer();
        try (ChildJvm child = start("orders-app", storage, container.getBlobContainerName(), 2_000)) {
            assertThat(child.waitFor(Duration.ofSeconds(60))).as("exit status; output:%n%s", child.output()).isZero();
            assertThat(child.outputLines()).contains("DONE");
            assertThat(UserLogging.warnAndErrorLines(child)).isEmpty();
        }

        PeriodicLog log = PeriodicLog.builder().containerClient(container).period(LogPeriod.DAILY).build();
        List<String> messages = new ArrayList<>();
        Instant now = Instant.now();
        for (Instant day : List.of(now.minus(Duration.ofDays(1)), now)) { // a run across midnight UTC spans two
            log.list("orders", LogPeriod.DAILY.start(day), LogPeriod.DAILY.end(day)).forEach(blob ->
                    log.readEntries(blob).forEach(line -> messages.add(line.substring(line.indexOf(" - ") + 3))));
        }
        List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, 2_000)
                .mapToObj(i -> "order " + i + " placed").toList());
        expected.add("shutting down");
        assertThat(messages).containsExactlyElementsOf(expected);
    }
}
