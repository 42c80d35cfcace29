package io.github.azkit.logback;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.github.azkit.logging.LogSink;
import io.github.azkit.storage.Ticker;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A sink that creates its container when a write finds it missing, then writes again: nothing more is spent while the
 * container exists (no check per write, none at start), and one Create Container when it does not. The write that
 * found the container missing staged nothing, so writing the same entries again cannot store them twice. The create
 * and the second write get what is left of the write's timeout; a create that fails is attached (suppressed) to the
 * original 404, which is thrown.
 * Thread-safe when the sink it wraps is.
 */
final class ContainerCreatingSink implements LogSink {

    private final LogSink sink;
    private final BlobContainerClient container;
    private final Ticker ticker;

    ContainerCreatingSink(LogSink sink, BlobContainerClient container) {
        this(sink, container, Ticker.systemTicker());
    }

    /** Tests: {@code ticker} measures the time spent against the write's timeout. */
    ContainerCreatingSink(LogSink sink, BlobContainerClient container, Ticker ticker) {
        this.sink = sink;
        this.container = container;
        this.ticker = ticker;
    }

    @Override
    public void appendAll(List<String> entries) {
        appendAll(entries, null, Context.NONE);
    }

    @Override
    public void appendAll(List<String> entries, @Nullable Duration timeout, Context context) {
        long start = ticker.read(); // one deadline: the create and the second write get what is left of the timeout
        try {
            sink.appendAll(entries, timeout, context);
        } catch (BlobStorageException e) {
            if (!BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode())) {
                throw e;
            }
            try {
                container.createIfNotExistsWithResponse(null, left(timeout, start), context);
            } catch (RuntimeException createFailed) {
                e.addSuppressed(createFailed);
                throw e;
            }
            sink.appendAll(entries, left(timeout, start), context);
        }
    }

    /** What is left of {@code timeout} since {@code start}; null (no limit) for null. */
    private @Nullable Duration left(@Nullable Duration timeout, long start) {
        if (timeout == null) {
            return null;
        }
        Duration left = timeout.minusNanos(ticker.read() - start);
        if (left.isNegative() || left.isZero()) {
            throw new IllegalStateException("the write's timeout of " + timeout + " ran out while creating the "
                    + "missing container " + container.getBlobContainerName() + "; the batch is written at the next "
                    + "flush");
        }
        return left;
    }

    @Override
    public void checkEntry(String entry) {
        sink.checkEntry(entry);
    }
}
