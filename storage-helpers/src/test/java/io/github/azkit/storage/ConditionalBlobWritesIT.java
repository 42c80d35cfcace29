package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class ConditionalBlobWritesIT {

    private final TransactionCounter counter = new TransactionCounter();
    private BlobContainerClient container;

    @BeforeEach
    void setUp(TestStorage storage) {
        BlobContainerClient plain = storage.createContainer();
        container = storage.blobServiceClientBuilder().addPolicy(counter).addPolicy(new AttemptTracker())
                .buildClient().getBlobContainerClient(plain.getBlobContainerName());
    }

    @Test
    void underLostResponsesEachWriteIsReportedAsWrittenExactlyWhenItWasApplied(TestStorage storage) {
        FaultInjector faults = FaultInjector.builder().seed(31L)
                .rule(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).withProbability(0.3)).build();
        for (boolean tracked : new boolean[] {true, false}) {
            var builder = storage.blobServiceClientBuilder().retryOptions(new RequestRetryOptions(
                    RetryPolicyType.EXPONENTIAL, 6, Duration.ofSeconds(5), Duration.ofMillis(10),
                    Duration.ofMillis(200), null));
            if (tracked) {
                builder.addPolicy(new AttemptTracker());
            }
            BlobContainerClient faulty = builder.addPolicy(faults).buildClient()
                    .getBlobContainerClient(container.getBlobContainerName());
            for (int i = 0; i < 20; i++) {
                BlobClient blob = faulty.getBlobClient("b-" + tracked + "-" + i);
                String created = ConditionalBlobWrites.uploadIfAbsent(blob, BinaryData.fromString("v1"))
                        .orElseThrow(() -> new AssertionError("a create whose response was lost reads as 'existed'"));
                assertThat(ConditionalBlobWrites.uploadIfAbsent(blob, BinaryData.fromString("x"))).isEmpty();
                String updated = ConditionalBlobWrites.uploadIfMatch(blob, BinaryData.fromString("v2"), created)
                        .orElseThrow(() -> new AssertionError("an update whose response was lost reads as 'changed'"));
                assertThat(ConditionalBlobWrites.uploadIfMatch(blob, BinaryData.fromString("y"), created)).isEmpty();
                assertThat(container.getBlobClient(blob.getBlobName()).getProperties().getETag()).isEqualTo(updated);
                assertThat(container.getBlobClient(blob.getBlobName()).downloadContent().toString()).isEqualTo("v2");
            }
        }
        assertThat(faults.injected(Fault.LOST_RESPONSE)).isGreaterThanOrEqualTo(20);
    }

    @Test
    void uploadIfAbsentWritesOnceAndNeverOverwritesInOneTransactionEach() {
        BlobClient blob = container.getBlobClient("lock");
        TransactionCounts before = counter.snapshot();
        Optional<String> first = ConditionalBlobWrites.uploadIfAbsent(blob, BinaryData.fromString("first"));
        Optional<String> second = ConditionalBlobWrites.uploadIfAbsent(blob, BinaryData.fromString("second"));
        TransactionCounts spent = counter.snapshot().minus(before);

        assertThat(first).isPresent();
        assertThat(second).isEmpty();
        assertThat(spent.get(TransactionKind.WRITE)).isEqualTo(2);
        assertThat(spent.total()).isEqualTo(2);
        assertThat(blob.downloadContent().toString()).isEqualTo("first");
        assertThat(blob.getProperties().getETag()).isEqualTo(first.get());
    }

    @Test
    void uploadIfMatchWritesOnlyOverTheVersionRead() {
        BlobClient blob = container.getBlobClient("doc");
        String e1 = ConditionalBlobWrites.uploadIfAbsent(blob, BinaryData.fromString("v1")).orElseThrow();
        TransactionCounts before = counter.snapshot();
        Optional<String> e2 = ConditionalBlobWrites.uploadIfMatch(blob, BinaryData.fromString("v2"), e1);
        Optional<String> stale = ConditionalBlobWrites.uploadIfMatch(blob, BinaryData.fromString("v3"), e1);
        TransactionCounts spent = counter.snapshot().minus(before);

        assertThat(e2).isPresent().isNotEqualTo(Optional.of(e1));
        assertThat(stale).isEmpty();
        assertThat(spent.total()).isEqualTo(2);
        assertThat(blob.downloadContent().toString()).isEqualTo("v2");
        // a deleted blob does not match any ETag either
        blob.delete();
        assertThat(ConditionalBlobWrites.uploadIfMatch(blob, BinaryData.fromString("v4"), e2.get())).isEmpty();
        assertThat(blob.exists()).isFalse();
    }

    @Test
    void otherErrorsPropagateAndBadETagsAreNamed(TestStorage storage) {
        BlobClient noContainer = storage.blobServiceClientBuilder().buildClient()
                .getBlobContainerClient(TestStorage.uniqueName("absent")).getBlobClient("x");
        assertThatThrownBy(() -> ConditionalBlobWrites.uploadIfAbsent(noContainer, BinaryData.fromString("x")))
                .isInstanceOf(BlobStorageException.class)
                .satisfies(e -> assertThat(((BlobStorageException) e).getStatusCode()).isEqualTo(404));
        BlobClient blob = container.getBlobClient("y");
        assertThatThrownBy(() -> ConditionalBlobWrites.uploadIfMatch(blob, BinaryData.fromString("x"), "*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'eTag' must be an ETag read from the blob, was \"*\"");
    }
}
