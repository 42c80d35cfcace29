package io.github.azkit.table.backup;

import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import java.io.BufferedInputStream;
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
        Objects.requireNonNull(blob, "blob");
        return new BackupSource() {
            @Override
            public String name() {
                return blob.getBlobUrl();
            }

            @Override
            public InputStream open() {
                try {
                    return new BufferedInputStream(blob.openInputStream(), 1 << 20);
                } catch (BlobStorageException e) {
                    if (e.getStatusCode() == 404) {
                        throw new IllegalArgumentException("the backup blob " + blob.getBlobUrl() + " does not exist", e);
                    }
                    throw e;
                }
            }

            @Override
            public long size() {
                try {
                    return blob.getProperties().getBlobSize();
                } catch (BlobStorageException e) {
                    if (e.getStatusCode() == 404) {
                        throw new IllegalArgumentException("the backup blob " + blob.getBlobUrl() + " does not exist", e);
                    }
                    throw e;
                }
            }

            @Override
            public byte[] read(long offset, int length) {
                Response<BinaryData> r = blob.downloadContentWithResponse(null, null, new BlobRange(offset, (long) length),
                        false, null, null);
                return r.getValue().toBytes();
            }
        };
    }
}
