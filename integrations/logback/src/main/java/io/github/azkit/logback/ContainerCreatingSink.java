package io.github.azkit.logback;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.github.azkit.logging.LogSink;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A sink that creates its container when a write finds it missing, then writes again: nothing more is spent while the
 * container exists (no check per write, none at start), and one Create Container when it does not. The write that
 * found the container missing staged nothing, so writing the same entries again cannot store them twice.
 * Thread-safe when the sink it wraps is.
 */
final class ContainerCreatingSink implements LogSink {

    private final LogSink sink;
    private final BlobContainerClient container;

    ContainerCreatingSink(LogSink sink, BlobContainerClient container) {
        this.sink = sink;
        this.container = container;
    }

    @Override
    public void appendAll(List<String> entries) {
        appendAll(entries, null, Context.NONE);
    }

    @Override
    public void appendAll(List<String> entries, @Nullable Duration timeout, Context context) {
        try {
            sink.appendAll(entries, timeout, context);
        } catch (BlobStorageException e) {
            if (!BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode())) {
                throw e;
            }
            container.createIfNotExistsWithResponse(null, timeout, context);
            sink.appendAll(entries, timeout, context);
        }
    }

    @Override
    public void checkEntry(String entry) {
        sink.checkEntry(entry);
    }
}
