package io.github.azkit.benchmarks.appender;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.specialized.AppendBlobClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * The community Log4j 2 Azure blob appender's approach (m-moris/log4j2-azure-blob-appender), as a Logback appender:
 * for each event, on the logging thread, ask whether the append blob exists (one Get Blob Properties; create it if
 * not), then write the formatted event with one Append Block. Unsynchronized, as a Log4j 2 {@code AbstractAppender}
 * is: several threads append at once (each Append Block is atomic).
 */
final class AppendBlockPerEventAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final AppendBlobClient blob;
    private final Layout<ILoggingEvent> layout;

    AppendBlockPerEventAppender(BlobContainerClient container, String blobName, Layout<ILoggingEvent> layout) {
        this.blob = container.getBlobClient(blobName).getAppendBlobClient();
        this.layout = layout;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!blob.exists()) {
            blob.createIfNotExists();
        }
        byte[] bytes = layout.doLayout(event).getBytes(StandardCharsets.UTF_8);
        blob.appendBlock(new ByteArrayInputStream(bytes), bytes.length);
    }
}
