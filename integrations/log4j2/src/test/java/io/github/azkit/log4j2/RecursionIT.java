package io.github.azkit.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.logging.OngoingLog;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * No recursion: with the appender on the root logger at DEBUG and the SDK's logging reaching Log4j through
 * log4j-slf4j2-impl (and its request lines turned on), the blob holds exactly the application's events, in order, and
 * the application ends. Each case runs {@link RecursionChild} in a JVM of its own, where the SDK logs into the
 * appender's own Log4j configuration as in an application.
 */
@AzkitStorageTest
class RecursionIT {

    @Test
    void theSdksNettysAndReactorsLoggingDoesNotReachTheBlob(TestStorage storage) throws Exception {
        List<String> read = run(storage, "-", "default-ignored");

        assertThat(read).containsExactlyElementsOf(IntStream.rangeClosed(0, RecursionChild.EVENTS)
                .mapToObj(i -> "main|shop.orders|order " + i).toList());
    }

    @Test
    void eventsLoggedOnTheAppendersOwnThreadAreIgnoredWhateverTheLogger(TestStorage storage) throws Exception {
        // com.azure is not ignored by name here: its events on the appender's own thread (the SDK's request lines,
        // logged by the synchronous client on the thread that writes) are kept out by the thread guard alone. Its
        // events on other threads (the application's own call, Netty's threads) are the application's to keep.
        List<String> read = run(storage, "io.netty,reactor", "azure-not-ignored");

        assertThat(read).as("lines logged on the appender's own thread").noneMatch(l -> l.startsWith("azkit-log4j2-"));
        assertThat(read).filteredOn(l -> l.contains("|shop.orders|")).containsExactlyElementsOf(
                IntStream.rangeClosed(0, RecursionChild.EVENTS).mapToObj(i -> "main|shop.orders|order " + i).toList());
    }

    /** Runs the child with these ignored loggers; returns the blob's lines. */
    private static List<String> run(TestStorage storage, String ignored, String name) throws Exception {
        BlobContainerClient container = storage.createContainer();
        try (ChildJvm child = ChildJvm.builder(RecursionChild.class).name("recursion-" + name)
                .args(container.getBlobContainerName(), "app", ignored)
                .env(RecursionChild.CONNECTION_STRING_ENV, storage.connectionString())
                .env("AZURE_HTTP_LOG_DETAIL_LEVEL", "basic")
                .jvmOptions("-Xmx256m").start()) {
            assertThat(child.waitFor(Duration.ofSeconds(90))).as("exit status; output:%n%s", child.output()).isZero();
            assertThat(child.outputLines()).contains("DONE");
            long ignoredEvents = child.outputLines().stream().filter(l -> l.startsWith("IGNORED "))
                    .mapToLong(l -> Long.parseLong(l.substring("IGNORED ".length()))).findFirst().orElse(-1);
            assertThat(ignoredEvents).as("events the appender ignored (the SDK's and Netty's)").isPositive();
        }
        return OngoingLog.builder().containerClient(container).logId("app").build().readEntries();
    }
}
