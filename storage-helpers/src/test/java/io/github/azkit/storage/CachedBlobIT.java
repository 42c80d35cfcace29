package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class CachedBlobIT {

    private final TransactionCounter counter = new TransactionCounter();
    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final CapturingScheduler scheduler = new CapturingScheduler();
    private final List<RuntimeException> reported = new CopyOnWriteArrayList<>();
    private BlobClient blob;

    @BeforeEach
    void setUp(TestStorage storage) {
        BlobContainerClient plain = storage.createContainer();
        blob = new BlobContainerClientBuilder().pipeline(counter.withCounter(plain.getHttpPipeline()))
                .endpoint(plain.getBlobContainerUrl()).buildClient().getBlobClient("config.properties");
    }

    /** Parses Java properties text; strict: a line without '=' is an error. */
    static Map<String, String> parseProperties(BinaryData data) {
        String text = data.toString();
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.contains("=")) {
                throw new IllegalArgumentException("line without '=': " + line);
            }
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> map = Map.copyOf((Map) p);
        return map;
    }

    private CachedBlob<Map<String, String>> cache() {
        // @start region="guide-cached-blob"
        CachedBlob.Builder<Map<String, String>> builder = CachedBlob.<Map<String, String>>builder()
                .blobClient(blob)                          // any BlobClient of yours: config.properties
                .parser(CachedBlobIT::parseProperties)     // BinaryData -> an immutable value
                .pollInterval(Duration.ofSeconds(30));     // 1 conditional Get Blob per poll
        // @end region="guide-cached-blob"
        // test hooks: the test runs each poll by hand on its own scheduler and clock, and collects the failures
        builder.executor(scheduler).clock(clock).onPollFailed(e -> reported.add(e.failure()));
        return builder.build();
    }

    @Test
    void anUnchangedPollCostsOneConditionalRequestAndNoBodyBytes() {
        blob.upload(BinaryData.fromString("colour=blue\n"));
        try (CachedBlob<Map<String, String>> config = cache()) {
            TransactionCounts before = counter.snapshot();
            // @start region="guide-cached-blob-cost"
            CachedBlob.Poll first = config.refresh();      // 1 Get Blob: downloads the 12 bytes
            Map<String, String> settings = config.get().orElseThrow();
            CachedBlob.Poll second = config.refresh();     // unchanged: 1 conditional Get Blob, 304, 0 bytes
            // @end region="guide-cached-blob-cost"
            TransactionCounts both = counter.snapshot().minus(before);
            assertThat(first).isEqualTo(CachedBlob.Poll.LOADED);
            assertThat(settings).isEqualTo(Map.of("colour", "blue"));
            assertThat(second).isEqualTo(CachedBlob.Poll.UNCHANGED);
            assertThat(both.total()).isEqualTo(2);
            assertThat(both.get(TransactionKind.READ)).isEqualTo(2);
            assertThat(both.bytesReceived()).as("the body, once").isEqualTo(12);
            assertThat(both.mutations()).isZero();

            before = counter.snapshot();
            assertThat(config.refresh()).isEqualTo(CachedBlob.Poll.UNCHANGED);
            TransactionCounts unchanged = counter.snapshot().minus(before);
            assertThat(unchanged.total()).isEqualTo(1);
            assertThat(unchanged.get(TransactionKind.READ)).isEqualTo(1);
            assertThat(unchanged.bytesReceived()).isZero();
            assertThat(unchanged.mutations()).isZero();
            System.out.println("cached blob poll cost: load and unchanged " + both + "; unchanged " + unchanged);
        }
    }

    @Test
    void aChangedBlobIsSwappedInAtomicallyOnTheNextScheduledPoll() {
        blob.upload(BinaryData.fromString("colour=blue\n"));
        try (CachedBlob<Map<String, String>> config = cache()) {
            assertThat(scheduler.initialDelayNanos).isZero();
            assertThat(scheduler.delayNanos).isEqualTo(TimeUnit.SECONDS.toNanos(30));
            assertThat(config.snapshot().state()).isEqualTo(CachedBlob.State.NOT_LOADED);
            assertThat(config.get()).isEmpty();

            scheduler.tick();
            CachedBlob.Snapshot<Map<String, String>> first = config.snapshot();
            assertThat(first.state()).isEqualTo(CachedBlob.State.LOADED);
            assertThat(first.eTag()).isEqualTo(blob.getProperties().getETag());
            assertThat(first.loadedAt()).isEqualTo(clock.instant());

            blob.upload(BinaryData.fromString("colour=red\nsize=2\n"), true);
            clock.advance(Duration.ofSeconds(30));
            scheduler.tick();
            assertThat(config.get()).contains(Map.of("colour", "red", "size", "2"));
            assertThat(config.snapshot().loadedAt()).isEqualTo(clock.instant());
            assertThat(first.value()).isEqualTo(Map.of("colour", "blue")); // the old snapshot is untouched
            assertThat(reported).isEmpty();
        }
        assertThat(scheduler.future.isCancelled()).isTrue();
        scheduler.shutdownNow();
    }

    @Test
    void aBlobThatFailsToParseKeepsThePreviousValueAndReports() {
        blob.upload(BinaryData.fromString("colour=blue\n"));
        try (CachedBlob<Map<String, String>> config = cache()) {
            config.refresh();
            blob.upload(BinaryData.fromString("this is not a property\n"), true);

            assertThat(config.refresh()).isEqualTo(CachedBlob.Poll.PARSE_FAILED);
            assertThat(config.get()).contains(Map.of("colour", "blue"));
            assertThat(config.snapshot().state()).isEqualTo(CachedBlob.State.LOADED);
            assertThat(config.snapshot().lastError()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not be parsed; keeping the previous value")
                    .hasRootCauseMessage("line without '=': this is not a property");
            assertThat(reported).hasSize(1);

            // the bad content is not downloaded again while it is unchanged
            TransactionCounts before = counter.snapshot();
            assertThat(config.refresh()).isEqualTo(CachedBlob.Poll.UNCHANGED);
            assertThat(counter.snapshot().minus(before).bytesReceived()).isZero();
            assertThat(reported).hasSize(1);

            blob.upload(BinaryData.fromString("colour=green\n"), true);
            assertThat(config.refresh()).isEqualTo(CachedBlob.Poll.LOADED);
            assertThat(config.get()).contains(Map.of("colour", "green"));
            assertThat(config.snapshot().lastError()).isNull();
        }
    }

    @Test
    void aMissingBlobIsAClearStateNotACrash() {
        try (CachedBlob<Map<String, String>> config = cache()) {
            assertThat(config.refresh()).isEqualTo(CachedBlob.Poll.MISSING);
            assertThat(config.snapshot().state()).isEqualTo(CachedBlob.State.MISSING);
            assertThat(config.get()).isEmpty();
            assertThat(reported).isEmpty();

            blob.upload(BinaryData.fromString("a=1\n"));
            assertThat(config.refresh()).isEqualTo(CachedBlob.Poll.LOADED);
            blob.delete();
            assertThat(config.refresh()).isEqualTo(CachedBlob.Poll.MISSING);
            assertThat(config.get()).isEmpty();
            blob.upload(BinaryData.fromString("a=2\n"));
            assertThat(config.refresh()).isEqualTo(CachedBlob.Poll.LOADED);
            assertThat(config.get()).contains(Map.of("a", "2"));
        }
    }

    @Test
    void closeStopsPollingAndRefreshAfterCloseIsAClearError() {
        CachedBlob<Map<String, String>> config = cache();
        config.close();
        config.close();
        assertThat(scheduler.future.isCancelled()).isTrue();
        assertThatThrownBy(config::refresh).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        long before = counter.snapshot().total();
        scheduler.tick(); // a tick that was already due does nothing
        assertThat(counter.snapshot().total()).isEqualTo(before);
        scheduler.shutdownNow();
    }

    @Test
    void builderRejectsBadValues() {
        assertThatThrownBy(() -> CachedBlob.builder().pollInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'pollInterval' must be positive, was PT0S");
        assertThatThrownBy(() -> CachedBlob.builder().parser(d -> d).build())
                .isInstanceOf(IllegalStateException.class).hasMessageEndingWith("missing required settings: 'blobClient'");
        assertThatThrownBy(() -> CachedBlob.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageEndingWith(": 'blobClient' 'parser'");
        assertThatThrownBy(() -> CachedBlob.builder().operationTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'operationTimeout' must be positive, was PT-0.001S");
        assertThatThrownBy(() -> CachedBlob.builder().onPollFailed(null))
                .isInstanceOf(NullPointerException.class).hasMessage("'listener' must not be null");
    }

    @Test
    void underLostResponsesAnd503sEveryPollSeesAWholeVersionAndTheLatestArrives(TestStorage storage) {
        FaultInjector faults = FaultInjector.builder().seed(99L)
                .rule(FaultRule.loseResponse().on(Operation.READ).withProbability(0.3))
                .rule(FaultRule.status(503).on(Operation.READ).withProbability(0.2))
                .build();
        BlobClient faulty = storage.blobServiceClient(faults).getBlobContainerClient(blob.getContainerName())
                .getBlobClient(blob.getBlobName());
        try (CachedBlob<Map<String, String>> config = CachedBlob.<Map<String, String>>builder().blobClient(faulty)
                .parser(CachedBlobIT::parseProperties).pollInterval(Duration.ofSeconds(30)).executor(scheduler)
                .clock(clock).onPollFailed(e -> reported.add(e.failure())).build()) {
            for (int version = 1; version <= 60; version++) {
                blob.upload(BinaryData.fromString("version=" + version + "\nchecked=" + version + "\n"), true);
                CachedBlob.Poll poll = config.refresh();
                Map<String, String> seen = config.get().orElse(Map.of("version", "0", "checked", "0"));
                assertThat(seen.get("version")).isEqualTo(seen.get("checked")); // never half a value
                assertThat(poll).isIn(CachedBlob.Poll.LOADED, CachedBlob.Poll.FAILED);
            }
            faults.enabled(false);
            assertThat(config.refresh()).isIn(CachedBlob.Poll.LOADED, CachedBlob.Poll.UNCHANGED);
            assertThat(config.get()).contains(Map.of("version", "60", "checked", "60"));
        }
        assertThat(faults.injected()).as("faults on %d reads", faults.seen(Operation.READ)).isGreaterThanOrEqualTo(12);
    }
}
