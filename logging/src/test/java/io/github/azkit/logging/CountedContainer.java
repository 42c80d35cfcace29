package io.github.azkit.logging;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import io.github.azkit.storage.TransactionCounter;

/** A test container client whose requests a {@link TransactionCounter} counts. */
final class CountedContainer {

    private CountedContainer() {
    }

    static BlobContainerClient of(BlobContainerClient container, TransactionCounter counter) {
        return new BlobContainerClientBuilder()
                .pipeline(counter.withCounter(container.getHttpPipeline()))
                .endpoint(container.getBlobContainerUrl())
                .buildClient();
    }
}
