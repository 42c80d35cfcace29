package io.github.azkit.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.azkit.logging.LogSink;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The sink that creates a missing container: the create and the second write share the first write's timeout (one
 * deadline), and a create that fails is attached to the original error.
 */
@AzkitStorageTest
class ContainerCreatingSinkIT {

    /** A sink whose first write meets the real 404 of the missing container; records each timeout it is given. */
    private static final class RecordingSink implements LogSink {
        final List<@Nullable Duration> timeouts = new CopyOnWriteArrayList<>();
        private final BlobContainerClient missing;
        private final AtomicLong ticker;

        RecordingSink(BlobContainerClient missing, AtomicLong ticker) {
            this.missing = missing;
            this.ticker = ticker;
        }

        @Override
        public void appendAll(List<String> entries) {
            appendAll(entries, null, Context.NONE);
        }

        @Override
        public void appendAll(List<String> entries, @Nullable Duration timeout, Context context) {
            timeouts.add(timeout);
            ticker.addAndGet(Duration.ofSeconds(10).toNanos()); // each write takes 10 s
            if (!missing.exists()) {
                missing.getBlobClient("probe").getBlockBlobClient().listBlocks(BlockListType.ALL); // 404
            }
        }

        @Override
        public void checkEntry(String entry) {
        }
    }

    @Test
    void theCreateAndTheSecondWriteGetWhatIsLeftOfTheTimeout(TestStorage storage) {
        BlobContainerClient missing = storage.blobServiceClient().getBlobContainerClient(TestStorage.uniqueName("missing"));
        AtomicLong ticker = new AtomicLong();
        RecordingSink recording = new RecordingSink(missing, ticker);
        ContainerCreatingSink sink = new ContainerCreatingSink(recording, missing, ticker::get);

        sink.appendAll(List.of("a"), Duration.ofSeconds(30), Context.NONE);

        assertThat(missing.exists()).isTrue();
        assertThat(recording.timeouts).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(20));
    }

    @Test
    void aFailedCreateIsAttachedToTheOriginalError(TestStorage storage) {
        String name = TestStorage.uniqueName("missing");
        BlobContainerClient missing = storage.blobServiceClient().getBlobContainerClient(name);
        BlobContainerClient failing = storage.blobServiceClientBuilder(
                FaultInjector.builder().seed(1L).rule(FaultRule.status(503)).build())
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, 5, 5L, 5L, null))
                .buildClient().getBlobContainerClient(name);
        ContainerCreatingSink sink = new ContainerCreatingSink(new RecordingSink(missing, new AtomicLong()), failing);

        BlobStorageException thrown = catchThrowableOfType(BlobStorageException.class,
                () -> sink.appendAll(List.of("a"), Duration.ofSeconds(30), Context.NONE));

        assertThat(thrown.getErrorCode()).isEqualTo(BlobErrorCode.CONTAINER_NOT_FOUND);
        assertThat(thrown.getSuppressed()).as("the create's failure")
                .anySatisfy(t -> assertThat(t).isInstanceOf(BlobStorageException.class).hasMessageContaining("503"));
    }
}
