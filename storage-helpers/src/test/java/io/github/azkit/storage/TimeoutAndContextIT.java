package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code Duration timeout, Context context} overloads: the context reaches every SDK call an operation makes,
 * and the timeout bounds the whole operation (here against a read or write that the fault injector holds up).
 */
@AzkitStorageTest
class TimeoutAndContextIT {

    private static final Duration SLOW = Duration.ofSeconds(4);
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final ContextRecorder recorder = new ContextRecorder();
    private BlobContainerClient container;

    @BeforeEach
    void setUp(TestStorage storage) {
        BlobContainerClient plain = storage.createContainer();
        container = storage.blobServiceClientBuilder().addPolicy(new AttemptTracker()).addPolicy(recorder)
                .buildClient().getBlobContainerClient(plain.getBlobContainerName());
    }

    private BlobContainerClient slow(TestStorage storage, Operation operation) {
        FaultInjector faults = FaultInjector.builder().seed(7L).rule(FaultRule.latency(SLOW).on(operation)).build();
        return storage.blobServiceClientBuilder().addPolicy(new AttemptTracker()).addPolicy(faults).buildClient()
                .getBlobContainerClient(container.getBlobContainerName());
    }

    @Test
    void optimisticUpdatePassesTheContextToEveryReadAndWriteOfBothBlobStores() {
        BlobClient blob = container.getBlobClient("counter");
        blob.upload(BinaryData.fromString("1"));
        recorder.seen.clear();
        Context context = ContextRecorder.context("update-1");
        UpdateResult<BinaryData> r = OptimisticUpdate.update(ETagStore.blob(blob),
                c -> Optional.of(BinaryData.fromString(Integer.parseInt(c.toString()) + 1 + "")),
                OptimisticUpdate.CONFLICT_POLICY, Duration.ofSeconds(30), context);
        assertThat(r.isWritten()).isTrue();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(recorder.seen).containsExactly("GET update-1", "PUT update-1");

        recorder.seen.clear();
        UpdateResult<byte[]> bytes = OptimisticUpdate.update(ETagStore.blobBytes(blob),
                c -> Optional.of(new byte[] {'9'}), OptimisticUpdate.CONFLICT_POLICY, null,
                ContextRecorder.context("update-2"));
        assertThat(bytes.isWritten()).isTrue();
        assertThat(recorder.seen).containsExactly("GET update-2", "PUT update-2");
        assertThat(blob.downloadContent().toString()).isEqualTo("9");
    }

    @Test
    void conditionalWritesPassTheContextToTheWriteAndToTheReadBack() {
        BlobClient blob = container.getBlobClient("lock");
        Optional<String> eTag = ConditionalBlobWrites.uploadIfAbsent(blob, BinaryData.fromString("a"), null,
                ContextRecorder.context("create"));
        assertThat(eTag).isPresent();
        assertThat(ConditionalBlobWrites.uploadIfMatch(blob, BinaryData.fromString("b"), eTag.get(),
                Duration.ofSeconds(30), ContextRecorder.context("update"))).isPresent();
        assertThat(recorder.seen).containsExactly("PUT create", "PUT update");
    }

    @Test
    void optimisticUpdateEndsWithinItsTimeoutWhenTheStoreIsSlow(TestStorage storage) {
        BlobClient blob = slow(storage, Operation.READ).getBlobClient("slow-read");
        long start = System.nanoTime();
        assertThatThrownBy(() -> OptimisticUpdate.update(ETagStore.blob(blob), c -> Optional.of(BinaryData.fromString("x")),
                OptimisticUpdate.CONFLICT_POLICY, TIMEOUT, Context.NONE))
                .hasRootCauseInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SLOW.dividedBy(2));
    }

    @Test
    void aWriteCutOffByTheTimeoutEndsWithinItAsOutcomeUnknown(TestStorage storage) {
        BlobClient blob = slow(storage, Operation.CONDITIONAL_WRITE).getBlobClient("slow-write");
        long start = System.nanoTime();
        assertThatThrownBy(() -> OptimisticUpdate.update(ETagStore.blob(blob), c -> Optional.of(BinaryData.fromString("x")),
                OptimisticUpdate.CONFLICT_POLICY, TIMEOUT, Context.NONE))
                .isInstanceOf(OutcomeUnknownException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SLOW.dividedBy(2));
    }

    @Test
    void conditionalWritesEndWithinTheirTimeout(TestStorage storage) {
        BlobClient blob = slow(storage, Operation.CONDITIONAL_WRITE).getBlobClient("slow-create");
        long start = System.nanoTime();
        assertThatThrownBy(() -> ConditionalBlobWrites.uploadIfAbsent(blob, BinaryData.fromString("x"), TIMEOUT,
                Context.NONE)).hasRootCauseInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SLOW.dividedBy(2));
    }

    @Test
    void cachedBlobPollsEndWithinTheOperationTimeoutAndReportTheFailure(TestStorage storage) {
        container.getBlobClient("config").upload(BinaryData.fromString("a=1"));
        BlobClient blob = slow(storage, Operation.READ).getBlobClient("config");
        List<CachedBlob.PollFailedEvent<String>> failures = new CopyOnWriteArrayList<>();
        try (CachedBlob<String> cache = CachedBlob.<String>builder().blobClient(blob).parser(BinaryData::toString)
                .executor(new CapturingScheduler()).operationTimeout(TIMEOUT).onPollFailed(failures::add).build()) {
            long start = System.nanoTime();
            assertThat(cache.refresh()).isEqualTo(CachedBlob.Poll.FAILED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SLOW.dividedBy(2));
            assertThat(failures).singleElement().satisfies(e -> {
                assertThat(e.blobName()).isEqualTo("config");
                assertThat(e.result()).isEqualTo(CachedBlob.Poll.FAILED);
                assertThat(e.failure()).hasRootCauseInstanceOf(TimeoutException.class);
                assertThat(e.snapshot().lastError()).isSameAs(e.failure());
            });
        }
    }

    @Test
    void cachedBlobRefreshPassesTheContext() {
        container.getBlobClient("config").upload(BinaryData.fromString("a=1"));
        try (CachedBlob<String> cache = CachedBlob.<String>builder().blobClient(container.getBlobClient("config"))
                .parser(BinaryData::toString).executor(new CapturingScheduler()).build()) {
            recorder.seen.clear();
            assertThat(cache.refresh(Duration.ofSeconds(30), ContextRecorder.context("poll")))
                    .isEqualTo(CachedBlob.Poll.LOADED);
            assertThat(recorder.seen).containsExactly("GET poll");
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheCache() {
        BlobClient blob = container.getBlobClient("bad");
        blob.upload(BinaryData.fromString("not a number"));
        try (CachedBlob<Integer> cache = CachedBlob.<Integer>builder().blobClient(blob)
                .parser(d -> Integer.parseInt(d.toString())).executor(new CapturingScheduler())
                .onPollFailed(e -> {
                    throw new IllegalStateException("listener bug");
                }).build()) {
            assertThat(cache.refresh()).isEqualTo(CachedBlob.Poll.PARSE_FAILED);
            blob.upload(BinaryData.fromString("42"), true);
            assertThat(cache.refresh()).isEqualTo(CachedBlob.Poll.LOADED);
            assertThat(cache.get()).contains(42);
        }
    }
}
