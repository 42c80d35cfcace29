package io.github.azkit.table.backup;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockList;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a backup is written: an append-only sequence of records plus a checkpoint beside it. A local file is
 * written as {@code name.partial} and renamed when complete; a blob is staged block by block (one block per
 * record) and committed when complete, so an unfinished backup is never mistaken for a finished one.
 * Not thread-safe: the backup writer serializes calls.
 */
interface BackupSink {

    String name();

    /** True if the final backup already exists. */
    boolean exists();

    @Nullable String readCheckpoint();

    void writeCheckpoint(String json);

    /** Opens for writing, keeping the first {@code blocks} records / {@code bytes} bytes of an earlier run. */
    void open(long blocks, long bytes);

    void append(byte[] record);

    long blocks();

    long bytes();

    /** Makes the backup final and deletes the checkpoint. */
    void complete();

    void close();

    static BackupSink of(Path file) {
        return new FileSink(file);
    }

    static BackupSink of(BlobClient blob) {
        return new BlobSink(blob);
    }

    final class FileSink implements BackupSink {
        private final Path file;
        private final Path partial;
        private final Path checkpoint;
        private @Nullable FileChannel channel;
        private long blocks;
        private long bytes;

        FileSink(Path file) {
            this.file = file.toAbsolutePath();
            this.partial = this.file.resolveSibling(this.file.getFileName() + ".partial");
            this.checkpoint = this.file.resolveSibling(this.file.getFileName() + ".checkpoint");
        }

        @Override
        public String name() {
            return file.toString();
        }

        @Override
        public boolean exists() {
            return Files.exists(file);
        }

        @Override
        public @Nullable String readCheckpoint() {
            try {
                return Files.exists(checkpoint) && Files.exists(partial)
                        ? Files.readString(checkpoint, StandardCharsets.UTF_8) : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void writeCheckpoint(String json) {
            try {
                Path tmp = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
                Files.writeString(tmp, json, StandardCharsets.UTF_8);
                Files.move(tmp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void open(long blocks, long bytes) {
            try {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                if (channel.size() < bytes) {
                    throw new IllegalStateException("the partial backup " + partial + " is shorter (" + channel.size()
                            + " bytes) than its checkpoint says (" + bytes + "); delete " + partial + " and " + checkpoint
                            + " and start the backup again");
                }
                channel.truncate(bytes);
                channel.position(bytes);
                this.blocks = blocks;
                this.bytes = bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void append(byte[] record) {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(record);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                blocks++;
                bytes += record.length;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public long blocks() {
            return blocks;
        }

        @Override
        public long bytes() {
            return bytes;
        }

        @Override
        public void complete() {
            try {
                channel.force(true);
                channel.close();
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(checkpoint);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    final class BlobSink implements BackupSink {
        static final int MAX_BLOCKS = 50_000;
        private static final Logger LOG = LoggerFactory.getLogger(BlobSink.class);
        private final BlockBlobClient blob;
        private final BlobClient plain;
        private final BlobClient checkpoint;
        private long blocks;
        private long bytes;

        BlobSink(BlobClient blob) {
            this.blob = blob.getBlockBlobClient();
            this.plain = blob;
            this.checkpoint = blob.getContainerClient().getBlobClient(blob.getBlobName() + ".checkpoint");
        }

        static String blockId(long n) {
            return Base64.getEncoder().encodeToString(String.format("azkit-backup-%012d", n)
                    .getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public String name() {
            return blob.getBlobUrl();
        }

        @Override
        public boolean exists() {
            return plain.exists();
        }

        @Override
        public @Nullable String readCheckpoint() {
            try {
                return checkpoint.downloadContent().toString();
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 404) {
                    return null;
                }
                throw e;
            }
        }

        @Override
        public void writeCheckpoint(String json) {
            checkpoint.upload(BinaryData.fromString(json), true);
        }

        @Override
        public void open(long blocks, long bytes) {
            this.blocks = blocks;
            this.bytes = bytes;
        }

        @Override
        public void append(byte[] record) {
            if (blocks >= MAX_BLOCKS - 1) {
                throw new IllegalStateException("the backup blob " + blob.getBlobUrl() + " would need more than "
                        + MAX_BLOCKS + " blocks; back up to a local file, or use a larger page size");
            }
            blob.stageBlock(blockId(blocks), BinaryData.fromBytes(record));
            blocks++;
            bytes += record.length;
        }

        @Override
        public long blocks() {
            return blocks;
        }

        @Override
        public long bytes() {
            return bytes;
        }

        /**
         * Commits the staged blocks, creating the blob only if it does not exist. A 409 may be the echo of this
         * very commit: applied, its response lost, and the SDK's retry refused because the blob now exists. So a
         * 409 is checked with one read of the committed block list: if it is exactly this backup's block ids with
         * this backup's total length, the commit was ours and the backup is complete; otherwise another writer
         * created the blob and the backup fails.
         */
        @Override
        public void complete() {
            List<String> ids = new ArrayList<>((int) blocks);
            for (long i = 0; i < blocks; i++) {
                ids.add(blockId(i));
            }
            try {
                blob.commitBlockList(ids, false);
            } catch (BlobStorageException e) {
                if (e.getStatusCode() != 409) {
                    throw e;
                }
                if (!committedAre(ids, e)) {
                    checkpoint.deleteIfExists();
                    throw new IllegalArgumentException("the backup " + blob.getBlobUrl() + " already exists (it was "
                            + "created while this backup ran); delete it or choose another name", e);
                }
                LOG.debug("the commit of {} was applied before its response was lost: its block list is ours",
                        blob.getBlobUrl());
            }
            checkpoint.deleteIfExists();
        }

        /** Whether the committed blob is made of exactly these blocks and this backup's bytes. */
        private boolean committedAre(List<String> ids, BlobStorageException conflict) {
            BlockList list;
            try {
                list = blob.listBlocks(BlockListType.COMMITTED);
            } catch (RuntimeException readFailure) {
                conflict.addSuppressed(readFailure);
                throw conflict;
            }
            List<Block> committed = list.getCommittedBlocks();
            if (committed.size() != ids.size()) {
                return false;
            }
            long total = 0;
            for (int i = 0; i < ids.size(); i++) {
                if (!committed.get(i).getName().equals(ids.get(i))) {
                    return false;
                }
                total += committed.get(i).getSizeLong();
            }
            return total == bytes;
        }

        @Override
        public void close() {
        }
    }
}
