package io.github.azkit.log4j2;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.github.azkit.logging.LogSink;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A sink that creates its container when a write finds it missing (404 ContainerNotFound: nothing was written), then
 * writes again: one Create Container, once. An appender configured in {@code log4j2.xml} would otherwise drop every
 * line until someone created the container. Thread-safe, as its delegate.
 */
final class ContainerCreatingSink implements LogSink {

    private final LogSink delegate;
    private final BlobContainerClient container;

    ContainerCreatingSink(LogSink delegate, BlobContainerClient container) {
        this.delegate = delegate;
        this.container = container;
    }

    @Override
    public void appendAll(List<String> entries) {
        appendAll(entries, null, Context.NONE);
    }

    @Override
    public void appendAll(List<String> entries, @Nullable Duration timeout, Context context) {
        try {
            delegate.appendAll(entries, timeout, context);
        } catch (BlobStorageException e) {
            if (!BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode())) {
                throw e;
            }
            try {
                container.createIfNotExistsWithResponse(null, timeout, context);
            } catch (RuntimeException createFailed) {
                e.addSuppressed(createFailed);
                throw e;
            }
            delegate.appendAll(entries, timeout, context);
        }
    }

    @Override
    public void checkEntry(String entry) {
        delegate.checkEntry(entry);
    }
}
