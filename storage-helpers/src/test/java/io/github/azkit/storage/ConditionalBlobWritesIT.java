package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
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
        container = new BlobContainerClientBuilder().pipeline(counter.withCounter(plain.getHttpPipeline()))
                .endpoint(plain.getBlobContainerUrl()).buildClient();
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
