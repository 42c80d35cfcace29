package io.github.azkit.table.backup;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockList;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.github.azkit.table.internal.Deadline;
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
 * written as {@code name.partial} and renamed when complete; a blob is staged in blocks that pack several pages
 * (up to a block budget, 32 MiB by default) and committed when complete, so an unfinished backup is never
 * mistaken for a finished one.
 *
 * <p>{@link #writeCheckpoint} marks a page boundary: the checkpoint it is given names {@link #blocks()} and
 * {@link #bytes()} as they were right after the page's records, and is saved only once those records are durable
 * (a local file: after {@code FileChannel.force}; a blob: once the block holding them is staged). So a saved
 * checkpoint never names data that a crash can lose. Not thread-safe: the backup writer serializes calls.
 */
interface BackupSink {

    String name();

    /**
     * Gives every later storage call the time left before {@code deadline} and {@code context} (a file sink makes
     * none and ignores them).
     */
    default void bind(Deadline deadline, Context context) {
    }

    /** True if the final backup already exists. */
    boolean exists();

    @Nullable String readCheckpoint();

    /**
     * Marks a page boundary and saves {@code json}, the state as of now, once the data appended so far is
     * durable: at once for a file (after syncing the data), later for a blob (when its block is staged; a newer
     * boundary before that replaces it).
     */
    void writeCheckpoint(String json);

    /** Opens for writing, keeping the first {@code blocks} records / {@code bytes} bytes of an earlier run. */
    void open(long blocks, long bytes);

    void append(byte[] record);

    /** Blocks the data appended so far fills once written (for a file, the records appended). */
    long blocks();

    /** Bytes appended so far, including those of an earlier run that were kept. */
    long bytes();

    /** Makes the backup final and deletes the checkpoint. */
    void complete();

    void close();

    static BackupSink of(Path file) {
        return new FileSink(file);
    }

    static BackupSink of(BlobClient blob) {
        return new BlobSink(blob, BlobSink.DEFAULT_BLOCK_BYTES, BlobSink.MAX_BLOCKS);
    }

    static BackupSink of(BlobClient blob, int blockBytes, int maxBlocks) {
        return new BlobSink(blob, blockBytes, maxBlocks);
    }

    /**
     * Writes {@code text} to {@code target} so that a crash at any moment leaves either the old or the new
     * content, never a mix or a torn file: a temporary sibling is written and synced, then moved over the target
     * atomically, and the directory is synced (where the platform allows) so the move survives a power loss.
     */
    static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Syncs a directory's entries (a rename) where the platform can open a directory; elsewhere does nothing. */
    static void syncDirectory(@Nullable Path directory) {
        if (directory == null) {
            return;
        }
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; NTFS journals the rename itself
        }
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

        /** Syncs the data appended so far, then replaces the checkpoint atomically (temporary file, sync, move). */
        @Override
        public void writeCheckpoint(String json) {
            try {
                channel.force(false);
                writeAtomically(checkpoint, json);
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
                syncDirectory(file.getParent());
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

    /**
     * Packs the backup's bytes into blocks of at most {@code blockBytes}. Records are buffered in memory; a block
     * is staged when the next record would overflow the buffer, and holds the whole pages appended before that
     * record (the part of the page in progress stays buffered). A single page larger than the budget is staged
     * in pieces of exactly {@code blockBytes} as it grows. The checkpoint of a page boundary is uploaded right
     * after the block ending at that boundary is staged, so it names staged blocks only; a crash loses at most
     * the buffered pages, which the resumed backup reads again. The blob's bytes are the same whatever the block
     * boundaries, so the format and its reader do not change.
     *
     * <p>Capacity: at most {@code maxBlocks} (50,000, the service's committed block limit) blocks. Every block
     * but the pieces of an oversized page is staged only when the next record does not fit, so each holds more
     * than {@code blockBytes} minus one record (a chunk of at most 1,000 entities and 32 MiB of estimated wire
     * size); with the default 32 MiB budget and the small records of typical tables, blocks are nearly full and
     * a blob holds up to 50,000 x 32 MiB = 1,600 GiB of backup.
     */
    final class BlobSink implements BackupSink {
        static final int MAX_BLOCKS = 50_000;
        static final int DEFAULT_BLOCK_BYTES = 32 * 1024 * 1024;
        private static final Logger LOG = LoggerFactory.getLogger(BlobSink.class);
        private final BlockBlobClient blob;
        private final BlobClient plain;
        private final BlobClient checkpoint;
        private final int blockBytes;
        private final int maxBlocks;
        /** Blocks and bytes staged (by this run or, before {@link #open}, by the run the checkpoint came from). */
        private long stagedBlocks;
        private long stagedBytes;
        private byte[] buffer = new byte[0];
        private int size;
        /** Bytes of {@link #buffer} up to the last page boundary, and the checkpoint of that boundary. */
        private int boundary;
        private @Nullable String pending;
        private Deadline deadline = Deadline.none();
        private Context context = Context.NONE;

        BlobSink(BlobClient blob, int blockBytes, int maxBlocks) {
            if (blockBytes < 1 || maxBlocks < 2 || maxBlocks > MAX_BLOCKS) {
                throw new IllegalArgumentException("block budget " + blockBytes + " bytes and " + maxBlocks
                        + " blocks are out of range (at least 1 byte, 2 to " + MAX_BLOCKS + " blocks)");
            }
            this.blob = blob.getBlockBlobClient();
            this.plain = blob;
            this.checkpoint = blob.getContainerClient().getBlobClient(blob.getBlobName() + ".checkpoint");
            this.blockBytes = blockBytes;
            this.maxBlocks = maxBlocks;
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
        public void bind(Deadline deadline, Context context) {
            this.deadline = deadline;
            this.context = context;
        }

        @Override
        public boolean exists() {
            return plain.existsWithResponse(deadline.remaining(), context).getValue();
        }

        @Override
        public @Nullable String readCheckpoint() {
            try {
                return checkpoint.downloadContentWithResponse(null, null, deadline.remaining(), context).getValue()
                        .toString();
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 404) {
                    return null;
                }
                throw e;
            }
        }

        /**
         * Uploads the checkpoint at once if everything appended is staged; otherwise keeps it until the block
         * ending here is staged (a later boundary replaces it, and the block then ends there).
         */
        @Override
        public void writeCheckpoint(String json) {
            if (size == 0) {
                pending = null;
                boundary = 0;
                uploadCheckpoint(json);
            } else {
                boundary = size;
                pending = json;
            }
        }

        @Override
        public void open(long blocks, long bytes) {
            this.stagedBlocks = blocks;
            this.stagedBytes = bytes;
            this.size = 0;
            this.boundary = 0;
            this.pending = null;
        }

        @Override
        public void append(byte[] record) {
            if (boundary > 0 && size + record.length > blockBytes) {
                stageToBoundary();
            }
            int off = 0;
            while (off < record.length) {
                if (size == blockBytes) {
                    if (boundary > 0) {
                        stageToBoundary();
                    } else {
                        stage(buffer, 0, size); // a piece of a page larger than the budget
                        size = 0;
                    }
                }
                int n = Math.min(record.length - off, blockBytes - size);
                ensureCapacity(size + n);
                System.arraycopy(record, off, buffer, size, n);
                size += n;
                off += n;
            }
        }

        private void ensureCapacity(int needed) {
            if (buffer.length < needed) {
                int grown = (int) Math.min(blockBytes, Math.max((long) needed, 2L * buffer.length));
                buffer = java.util.Arrays.copyOf(buffer, Math.max(grown, needed));
            }
        }

        /** Stages the buffered whole pages as one block, then uploads their checkpoint. */
        private void stageToBoundary() {
            stage(buffer, 0, boundary);
            System.arraycopy(buffer, boundary, buffer, 0, size - boundary);
            size -= boundary;
            boundary = 0;
            String json = pending;
            pending = null;
            uploadCheckpoint(json);
        }

        private void uploadCheckpoint(String json) {
            checkpoint.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString(json)),
                    deadline.remaining(), context);
        }

        private void deleteCheckpoint() {
            checkpoint.deleteIfExistsWithResponse(null, null, deadline.remaining(), context);
        }

        private void stage(byte[] data, int offset, int length) {
            if (stagedBlocks >= maxBlocks) {
                throw new IllegalStateException("the backup blob " + blob.getBlobUrl() + " would need more than "
                        + maxBlocks + " blocks of " + blockBytes + " bytes (a block blob holds at most " + maxBlocks
                        + " blocks), more than the " + stagedBytes + " bytes written so far; back up to a local file "
                        + "(no size limit), or back up the table in parts to several blobs, each with a filter on "
                        + "a range of partition keys (TableBackup.Builder.filter)");
            }
            // staged synchronously, so the buffer is not copied: it does not change until the call returns
            blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(blockId(stagedBlocks),
                    BinaryData.fromByteBuffer(ByteBuffer.wrap(data, offset, length).asReadOnlyBuffer())),
                    deadline.remaining(), context);
            stagedBlocks++;
            stagedBytes += length;
        }

        @Override
        public long blocks() {
            return stagedBlocks + (size > 0 ? 1 : 0);
        }

        @Override
        public long bytes() {
            return stagedBytes + size;
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
            if (size > 0) {
                stage(buffer, 0, size);
                size = 0;
                boundary = 0;
                pending = null;
            }
            buffer = new byte[0];
            long blocks = stagedBlocks;
            List<String> ids = new ArrayList<>((int) blocks);
            for (long i = 0; i < blocks; i++) {
                ids.add(blockId(i));
            }
            try {
                blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids)
                        .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")),
                        deadline.remaining(), context);
            } catch (BlobStorageException e) {
                if (e.getStatusCode() != 409) {
                    throw e;
                }
                if (!committedAre(ids, e)) {
                    deleteCheckpoint();
                    throw new IllegalArgumentException("the backup " + blob.getBlobUrl() + " already exists (it was "
                            + "created while this backup ran); delete it or choose another name", e);
                }
                LOG.debug("the commit of {} was applied before its response was lost: its block list is ours",
                        blob.getBlobUrl());
            }
            deleteCheckpoint();
        }

        /** Whether the committed blob is made of exactly these blocks and this backup's bytes. */
        private boolean committedAre(List<String> ids, BlobStorageException conflict) {
            BlockList list;
            try {
                list = blob.listBlocksWithResponse(BlockListType.COMMITTED, null, deadline.remaining(), context)
                        .getValue();
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
            return total == stagedBytes;
        }

        @Override
        public void close() {
        }
    }
}
