package io.github.azkit.table.backup;

import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import io.github.azkit.table.internal.Deadline;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/** Where a backup is read from: a local file or a blob. */
interface BackupSource {

    String name();

    InputStream open();

    long size();

    byte[] read(long offset, int length);

    static BackupSource of(Path file) {
        Objects.requireNonNull(file, "file");
        return new BackupSource() {
            @Override
            public String name() {
                return file.toString();
            }

            @Override
            public InputStream open() {
                try {
                    return new BufferedInputStream(Files.newInputStream(file), 1 << 20);
                } catch (NoSuchFileException e) {
                    throw new IllegalArgumentException("the backup file " + file + " does not exist", e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public long size() {
                try {
                    return Files.size(file);
                } catch (NoSuchFileException e) {
                    throw new IllegalArgumentException("the backup file " + file + " does not exist", e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public byte[] read(long offset, int length) {
                try (FileChannel channel = FileChannel.open(file)) {
                    ByteBuffer buffer = ByteBuffer.allocate(length);
                    while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
                        // keep reading
                    }
                    return buffer.array();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    static BackupSource of(BlobClient blob) {
        return of(blob, Deadline.none(), Context.NONE);
    }

    /**
     * A blob source whose calls get the time left before {@code deadline} and {@code context}. The sequential read
     * checks the deadline before each read from the blob's stream (the SDK's stream takes no timeout per read).
     */
    static BackupSource of(BlobClient blob, Deadline deadline, Context context) {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(context, "context");
        return new BackupSource() {
            @Override
            public String name() {
                return blob.getBlobUrl();
            }

            @Override
            public InputStream open() {
                try {
                    deadline.check();
                    InputStream raw = blob.openInputStream(new BlobInputStreamOptions(), context);
                    return new BufferedInputStream(new FilterInputStream(raw) {
                        @Override
                        public int read() throws IOException {
                            deadline.check();
                            return super.read();
                        }

                        @Override
                        public int read(byte[] b, int off, int len) throws IOException {
                            deadline.check();
                            return super.read(b, off, len);
                        }
                    }, 1 << 20);
                } catch (BlobStorageException e) {
                    throw notFound(e);
                }
            }

            @Override
            public long size() {
                try {
                    return blob.getPropertiesWithResponse(null, deadline.remaining(), context).getValue().getBlobSize();
                } catch (BlobStorageException e) {
                    throw notFound(e);
                }
            }

            @Override
            public byte[] read(long offset, int length) {
                Response<BinaryData> r = blob.downloadContentWithResponse(null, null, new BlobRange(offset, (long) length),
                        false, deadline.remaining(), context);
                return r.getValue().toBytes();
            }

            private RuntimeException notFound(BlobStorageException e) {
                if (e.getStatusCode() == 404) {
                    return new IllegalArgumentException("the backup blob " + blob.getBlobUrl() + " does not exist", e);
                }
                return e;
            }
        };
    }
}
