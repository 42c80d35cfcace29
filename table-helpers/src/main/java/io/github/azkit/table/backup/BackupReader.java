package io.github.azkit.table.backup;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads a backup from start to end, checking every checksum, count and the manifest as it goes. */
final class BackupReader {

    /** Receives each chunk once its checksum and content have been checked. */
    interface ChunkHandler {
        void accept(long chunkIndex, int rangeIndex, List<BackupEntity> entities);
    }

    /**
     * Receives each chunk's compressed body once its checksum has been checked, to decode it itself
     * ({@link BackupCodec#decodeChunk}), for example on another thread.
     */
    interface BodyHandler {
        void accept(long chunkIndex, long offset, int rangeIndex, int entityCount, byte[] body);
    }

    private final BackupSource source;
    private @Nullable InputStream in;
    private long position;

    private BackupReader(BackupSource source) {
        this.source = source;
    }

    /**
     * Reads the whole backup and checks it: every checksum, count and value. With a null handler, each chunk is
     * decoded only to check it ({@link BackupCodec#checkChunk}), without building its entities.
     *
     * @param handler receives each checked chunk, or null to only check
     * @return the manifest, after everything matched it
     * @throws CorruptBackupException if anything does not match, with the byte offset
     */
    static BackupManifest read(BackupSource source, @Nullable ChunkHandler handler) {
        return read(source, handler, null);
    }

    /**
     * Reads the whole backup, checking its structure and every checksum but leaving the decoding of each chunk to
     * the handler: for a second pass over a backup that {@link #read} has already checked in full, the checksums
     * prove the bytes are the same ones.
     *
     * @param handler receives each chunk whose checksum matched
     * @return the manifest, after everything matched it
     * @throws CorruptBackupException if anything does not match, with the byte offset
     */
    static BackupManifest readBodies(BackupSource source, BodyHandler handler) {
        return read(source, null, handler);
    }

    private static BackupManifest read(BackupSource source, @Nullable ChunkHandler handler,
            @Nullable BodyHandler bodies) {
        BackupReader reader = new BackupReader(source);
        try (InputStream in = source.open()) {
            reader.in = in;
            return reader.readAll(handler, bodies);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the backup " + source.name(), e);
        }
    }

    /** The exception for a chunk, at byte {@code at}, that does not decode; also for a {@link BodyHandler}. */
    static CorruptBackupException undecodable(BackupSource source, long at, long chunk, IOException e) {
        return new BackupReader(source).corrupt(at, "chunk " + chunk + " cannot be decoded: " + e.getMessage(), e);
    }

    private CorruptBackupException corrupt(long at, String what, @Nullable Throwable cause) {
        return new CorruptBackupException("the backup " + source.name() + " is damaged at byte " + at + ": " + what
                + ". Nothing was restored from it; use another copy of the backup.", at, cause);
    }

    /**
     * Reads {@code n} bytes. If the file ends first, the damage is reported at {@code startedAt}, the start of the
     * structure being read: a damaged length field there looks exactly like a truncated file, so the offset must not
     * be later than that field.
     */
    private byte[] readExactly(int n, String inside, long startedAt) throws IOException {
        byte[] b = new byte[n];
        int done = 0;
        while (done < n) {
            int r = in.read(b, done, n - done);
            if (r < 0) {
                throw corrupt(startedAt, "it ends inside " + inside + ", which starts at byte " + startedAt
                        + " (the file has " + (position + done) + " bytes; " + (n - done)
                        + " more were expected): it is truncated, or a length in that header is damaged",
                        new EOFException());
            }
            done += r;
        }
        position += n;
        return b;
    }

    private BackupManifest readAll(@Nullable ChunkHandler handler, @Nullable BodyHandler bodies) throws IOException {
        byte[] header = readExactly(BackupCodec.HEADER_LENGTH, "the file header", 0);
        if (!Arrays.equals(Arrays.copyOf(header, 8), BackupCodec.HEADER_MAGIC)) {
            throw corrupt(0, "it does not start with the azkit table backup header 'AZKTBKUP'", null);
        }
        int version = BackupCodec.getInt(header, 8);
        if (version != BackupCodec.FORMAT_VERSION) {
            throw corrupt(8, "it has format version " + version + "; this library reads version "
                    + BackupCodec.FORMAT_VERSION, null);
        }
        byte[] chain = new byte[32];
        long chunks = 0;
        long entities = 0;
        int maxRange = 0;
        while (true) {
            long at = position;
            int tag = in.read();
            if (tag < 0) {
                throw corrupt(at, "it is truncated: it ends after " + chunks + " chunks, before its manifest", null);
            }
            position++;
            if (tag == 'C') {
                byte[] h = readExactly(BackupCodec.CHUNK_HEADER_LENGTH - 1, "the header of chunk " + chunks, at);
                int range = BackupCodec.getInt(h, 0);
                int count = BackupCodec.getInt(h, 4);
                int length = BackupCodec.getInt(h, 8);
                if (range < 0 || count < 1 || count > BackupCodec.MAX_CHUNK_ENTITIES || length < 1
                        || length > BackupCodec.MAX_CHUNK_BYTES) {
                    throw corrupt(at, "chunk " + chunks + " has an impossible header (range " + range + ", "
                            + count + " entities, " + length + " bytes)", null);
                }
                byte[] body = readExactly(length, "chunk " + chunks, at);
                MessageDigest digest = BackupCodec.sha256();
                digest.update(h, 0, 12);
                digest.update(body);
                if (!Arrays.equals(digest.digest(), Arrays.copyOfRange(h, 12, 44))) {
                    throw corrupt(at, "the SHA-256 of chunk " + chunks + " (its header at byte " + at + " and "
                            + length + " bytes from byte " + (at + BackupCodec.CHUNK_HEADER_LENGTH)
                            + ") does not match the digest in its header", null);
                }
                List<BackupEntity> decoded = null;
                if (bodies == null) {
                    try {
                        if (handler == null) {
                            BackupCodec.checkChunk(body, count);
                        } else {
                            decoded = BackupCodec.decodeChunk(body, count);
                        }
                    } catch (IOException e) {
                        throw undecodable(source, at, chunks, e);
                    }
                }
                chain = BackupCodec.chain(chain, h);
                maxRange = Math.max(maxRange, range);
                if (handler != null && decoded != null) {
                    handler.accept(chunks, range, decoded);
                } else if (bodies != null) {
                    bodies.accept(chunks, at, range, count, body);
                }
                chunks++;
                entities += count;
            } else if (tag == 'M') {
                byte[] h = readExactly(BackupCodec.MANIFEST_HEADER_LENGTH - 1, "the manifest header", at);
                int length = BackupCodec.getInt(h, 0);
                if (length < 2 || length > BackupCodec.MAX_MANIFEST_BYTES) {
                    throw corrupt(at, "the manifest claims an impossible length of " + length + " bytes", null);
                }
                byte[] json = readExactly(length, "the manifest", at);
                MessageDigest digest = BackupCodec.sha256();
                digest.update(json);
                if (!Arrays.equals(digest.digest(), Arrays.copyOfRange(h, 4, 36))) {
                    throw corrupt(at, "the SHA-256 of the manifest does not match its header", null);
                }
                BackupManifest manifest;
                try {
                    manifest = BackupManifest.fromJson(json);
                } catch (IllegalArgumentException e) {
                    throw corrupt(at, e.getMessage(), e);
                }
                byte[] trailer = readExactly(BackupCodec.TRAILER_LENGTH, "the trailer", position);
                if (BackupCodec.getLong(trailer, 0) != at
                        || !Arrays.equals(Arrays.copyOfRange(trailer, 8, 16), BackupCodec.TRAILER_MAGIC)) {
                    throw corrupt(position - BackupCodec.TRAILER_LENGTH, "the trailer does not point at the manifest",
                            null);
                }
                if (in.read() >= 0) {
                    throw corrupt(position, "there are bytes after the trailer", null);
                }
                if (manifest.entityCount() != entities || manifest.chunkCount() != chunks) {
                    throw corrupt(at, "the manifest says " + manifest.entityCount() + " entities in "
                            + manifest.chunkCount() + " chunks, but the backup holds " + entities + " entities in "
                            + chunks + " chunks", null);
                }
                if (!HexFormat.of().formatHex(chain).equals(manifest.chunkChainSha256())) {
                    throw corrupt(at, "the manifest's chunk checksum chain does not match the chunks", null);
                }
                if (chunks > 0 && maxRange > manifest.partitionKeySplits().size()) {
                    throw corrupt(at, "a chunk belongs to range " + maxRange + " but the manifest has "
                            + (manifest.partitionKeySplits().size() + 1) + " ranges", null);
                }
                return manifest;
            } else {
                throw corrupt(at, String.format("found byte 0x%02x where a chunk ('C') or the manifest ('M') "
                        + "should begin", tag), null);
            }
        }
    }

    /**
     * Reads only the manifest, from the end of the backup, checking its own checksum but not the data.
     *
     * @throws CorruptBackupException if the trailer or manifest is damaged
     */
    static BackupManifest readManifest(BackupSource source) {
        long size = source.size();
        if (size < BackupCodec.HEADER_LENGTH + BackupCodec.MANIFEST_HEADER_LENGTH + BackupCodec.TRAILER_LENGTH) {
            throw new CorruptBackupException("the backup " + source.name() + " is too short (" + size
                    + " bytes) to be an azkit table backup", size, null);
        }
        byte[] trailer = source.read(size - BackupCodec.TRAILER_LENGTH, BackupCodec.TRAILER_LENGTH);
        long at = BackupCodec.getLong(trailer, 0);
        if (!Arrays.equals(Arrays.copyOfRange(trailer, 8, 16), BackupCodec.TRAILER_MAGIC) || at < 0
                || at > size - BackupCodec.TRAILER_LENGTH - BackupCodec.MANIFEST_HEADER_LENGTH) {
            throw new CorruptBackupException("the backup " + source.name()
                    + " has no valid trailer at its end: it is truncated or not an azkit table backup",
                    size - BackupCodec.TRAILER_LENGTH, null);
        }
        int length = (int) (size - BackupCodec.TRAILER_LENGTH - at - BackupCodec.MANIFEST_HEADER_LENGTH);
        byte[] record = source.read(at, BackupCodec.MANIFEST_HEADER_LENGTH + length);
        byte[] json = Arrays.copyOfRange(record, BackupCodec.MANIFEST_HEADER_LENGTH, record.length);
        MessageDigest digest = BackupCodec.sha256();
        digest.update(json);
        if (record[0] != 'M' || BackupCodec.getInt(record, 1) != length
                || !Arrays.equals(digest.digest(), Arrays.copyOfRange(record, 5, 37))) {
            throw new CorruptBackupException("the manifest of the backup " + source.name()
                    + " does not match its checksum", at, null);
        }
        try {
            return BackupManifest.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new CorruptBackupException("the backup " + source.name() + " has a bad manifest: "
                    + e.getMessage(), at, e);
        }
    }
}
