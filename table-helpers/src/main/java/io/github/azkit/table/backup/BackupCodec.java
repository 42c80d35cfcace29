package io.github.azkit.table.backup;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The byte layout of backup format version 1 (documented in the package's guide chapter).
 *
 * <pre>
 * file     = header chunk* manifest trailer
 * header   = "AZKTBKUP" (8 ASCII bytes) int32 formatVersion (= 1)
 * chunk    = 'C' int32 rangeIndex int32 entityCount int32 length byte[32] digest body[length]
 * digest   = sha256(rangeIndex || entityCount || length || body)
 * body     = gzip(entity*)
 * entity   = str partitionKey  str rowKey  int32 propertyCount  property*
 * property = str name  byte typeTag  value
 * value    = String: str | Int32: int32 | Int64: int64 | Double: int64 raw IEEE-754 bits | Boolean: byte 0/1
 *          | DateTime: int64 epochSecond int32 nanos (UTC) | Guid: int64 msb int64 lsb | Binary: int32 n byte[n]
 * str      = int32 n  n UTF-16BE code units (exact, lone surrogates included)
 * manifest = 'M' int32 length byte[32] sha256(json) json[length]   (UTF-8 JSON, see BackupManifest)
 * trailer  = int64 offsetOfManifestRecord "AZKTEND1" (8 ASCII bytes)
 * </pre>
 * All integers are big-endian. The manifest's {@code chunkChainSha256} chains the chunks in file order:
 * {@code h0 = 32 zero bytes; hi = SHA-256(h(i-1) || rangeIndex || entityCount || length || digest)}. The chunk digest
 * covers the chunk's own header fields, so a damaged range index or count is caught at that chunk, not only at the
 * manifest.
 */
final class BackupCodec {

    static final byte[] HEADER_MAGIC = {'A', 'Z', 'K', 'T', 'B', 'K', 'U', 'P'};
    static final byte[] TRAILER_MAGIC = {'A', 'Z', 'K', 'T', 'E', 'N', 'D', '1'};
    static final int FORMAT_VERSION = 1;
    static final int HEADER_LENGTH = 12;
    static final int CHUNK_HEADER_LENGTH = 1 + 4 + 4 + 4 + 32;
    static final int MANIFEST_HEADER_LENGTH = 1 + 4 + 32;
    static final int TRAILER_LENGTH = 16;
    static final int MAX_CHUNK_ENTITIES = 1000;
    static final int MAX_CHUNK_BYTES = 256 * 1024 * 1024;
    static final int MAX_MANIFEST_BYTES = 1024 * 1024;

    private BackupCodec() {
    }

    static byte[] header() {
        byte[] h = new byte[HEADER_LENGTH];
        System.arraycopy(HEADER_MAGIC, 0, h, 0, 8);
        putInt(h, 8, FORMAT_VERSION);
        return h;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** An encoded, compressed chunk record, ready to append. */
    record Chunk(int rangeIndex, int entityCount, byte[] record) {

        byte[] headerAndDigest() {
            return java.util.Arrays.copyOfRange(record, 1, CHUNK_HEADER_LENGTH);
        }
    }

    static Chunk encodeChunk(int rangeIndex, List<BackupEntity> entities) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
            bytes.write(new byte[CHUNK_HEADER_LENGTH]);
            GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(gzip, 64 * 1024));
            for (BackupEntity e : entities) {
                writeEntity(out, e);
            }
            out.flush();
            gzip.finish();
            byte[] record = bytes.toByteArray();
            int length = record.length - CHUNK_HEADER_LENGTH;
            record[0] = 'C';
            putInt(record, 1, rangeIndex);
            putInt(record, 5, entities.size());
            putInt(record, 9, length);
            MessageDigest digest = sha256();
            digest.update(record, 1, 12);
            digest.update(record, CHUNK_HEADER_LENGTH, length);
            System.arraycopy(digest.digest(), 0, record, 13, 32);
            return new Chunk(rangeIndex, entities.size(), record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] chain(byte[] previous, byte[] chunkHeaderAndDigest) {
        MessageDigest digest = sha256();
        digest.update(previous);
        digest.update(chunkHeaderAndDigest);
        return digest.digest();
    }

    private static void writeEntity(DataOutputStream out, BackupEntity e) throws IOException {
        writeString(out, e.partitionKey());
        writeString(out, e.rowKey());
        out.writeInt(e.properties().size());
        for (BackupEntity.Prop p : e.properties()) {
            writeString(out, p.name());
            out.writeByte(p.type().tag);
            switch (p.type()) {
                case STRING -> writeString(out, (String) p.value());
                case INT32 -> out.writeInt((Integer) p.value());
                case INT64 -> out.writeLong((Long) p.value());
                case DOUBLE -> out.writeLong(Double.doubleToRawLongBits((Double) p.value()));
                case BOOLEAN -> out.writeByte((Boolean) p.value() ? 1 : 0);
                case DATE_TIME -> {
                    Instant t = (Instant) p.value();
                    out.writeLong(t.getEpochSecond());
                    out.writeInt(t.getNano());
                }
                case GUID -> {
                    UUID u = (UUID) p.value();
                    out.writeLong(u.getMostSignificantBits());
                    out.writeLong(u.getLeastSignificantBits());
                }
                case BINARY -> {
                    byte[] b = (byte[]) p.value();
                    out.writeInt(b.length);
                    out.write(b);
                }
                default -> throw new AssertionError(p.type());
            }
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        int n = s.length();
        out.writeInt(n);
        byte[] b = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b[2 * i] = (byte) (c >>> 8);
            b[2 * i + 1] = (byte) c;
        }
        out.write(b);
    }

    /**
     * Decodes a chunk body.
     *
     * @throws IOException if the body is not valid gzip, is truncated, has trailing bytes, or holds values that
     *     the format does not allow; the message says what
     */
    static List<BackupEntity> decodeChunk(byte[] body, int entityCount) throws IOException {
        List<BackupEntity> entities = new ArrayList<>(entityCount);
        new ChunkDecoder(body, true).decode(entityCount, entities);
        return entities;
    }

    /**
     * Checks that a chunk body decodes, exactly as {@link #decodeChunk} would, without building the entities: it
     * inflates and walks every value but reads strings and binaries into one reused buffer instead of copying them.
     *
     * @throws IOException as {@link #decodeChunk} would, with the same message
     */
    static void checkChunk(byte[] body, int entityCount) throws IOException {
        new ChunkDecoder(body, false).decode(entityCount, null);
    }

    /** Reads one chunk body; with {@code build} false it only checks. Not thread-safe: one per chunk. */
    private static final class ChunkDecoder {

        private final byte[] body;
        private final boolean build;
        private byte[] scratch = new byte[256];

        ChunkDecoder(byte[] body, boolean build) {
            this.body = body;
            this.build = build;
        }

        void decode(int entityCount, @Nullable List<BackupEntity> out) throws IOException {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
                    new GZIPInputStream(new ByteArrayInputStream(body), 64 * 1024), 64 * 1024))) {
                for (int i = 0; i < entityCount; i++) {
                    BackupEntity e = readEntity(in);
                    if (out != null) {
                        out.add(e);
                    }
                }
                if (in.read() != -1) {
                    throw new IOException("the chunk holds more data than its " + entityCount + " entities");
                }
            } catch (EOFException e) {
                throw new IOException("the chunk ends before its " + entityCount + " entities", e);
            }
        }

        private @Nullable BackupEntity readEntity(DataInputStream in) throws IOException {
            String pk = readString(in);
            String rk = readString(in);
            int count = in.readInt();
            if (count < 0 || count > 1000) {
                throw new IOException("an entity claims " + count + " properties");
            }
            List<BackupEntity.Prop> props = build ? new ArrayList<>(count) : null;
            for (int i = 0; i < count; i++) {
                String name = readName(in);
                int tag = in.readUnsignedByte();
                EdmType type;
                try {
                    type = EdmType.ofTag(tag);
                } catch (IllegalArgumentException e) {
                    throw new IOException("property '" + name + "' has the unknown type tag " + tag, e);
                }
                Object value = switch (type) {
                    case STRING -> readString(in);
                    case INT32 -> in.readInt();
                    case INT64 -> in.readLong();
                    case DOUBLE -> Double.longBitsToDouble(in.readLong());
                    case BOOLEAN -> {
                        int b = in.readUnsignedByte();
                        if (b > 1) {
                            throw new IOException("property '" + name + "' has the Boolean byte " + b);
                        }
                        yield b == 1;
                    }
                    case DATE_TIME -> {
                        long seconds = in.readLong();
                        int nanos = in.readInt();
                        if (nanos < 0 || nanos > 999_999_999) {
                            throw new IOException("property '" + name + "' has " + nanos + " nanoseconds");
                        }
                        if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
                            throw new IOException("property '" + name + "' has " + seconds + " seconds");
                        }
                        yield build ? Instant.ofEpochSecond(seconds, nanos) : null;
                    }
                    case GUID -> {
                        long msb = in.readLong();
                        yield new UUID(msb, in.readLong());
                    }
                    case BINARY -> {
                        int n = in.readInt();
                        if (n < 0 || n > 4 * 1024 * 1024) {
                            throw new IOException("property '" + name + "' claims " + n + " bytes");
                        }
                        byte[] b = build ? new byte[n] : scratch(n);
                        in.readFully(b, 0, n);
                        yield build ? b : null;
                    }
                };
                if (props != null) {
                    props.add(new BackupEntity.Prop(name, type, Objects.requireNonNull(value)));
                }
            }
            return props == null ? null
                    : new BackupEntity(Objects.requireNonNull(pk), Objects.requireNonNull(rk), List.copyOf(props));
        }

        /** A property name: always built, as error messages name the property. */
        private String readName(DataInputStream in) throws IOException {
            return toString(readChars(in));
        }

        /** A string, or null (after reading past it) when only checking. */
        private @Nullable String readString(DataInputStream in) throws IOException {
            int n = readChars(in);
            return build ? toString(n) : null;
        }

        private static int readLength(DataInputStream in) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > 4 * 1024 * 1024) {
                throw new IOException("a string claims " + n + " characters");
            }
            return n;
        }

        /** Reads a string's UTF-16BE code units into {@link #scratch}; returns how many. */
        private int readChars(DataInputStream in) throws IOException {
            int n = readLength(in);
            in.readFully(scratch(2 * n), 0, 2 * n);
            return n;
        }

        /** {@link #scratch}, grown to at least {@code n} bytes. */
        private byte[] scratch(int n) {
            if (scratch.length < n) {
                scratch = new byte[Math.max(n, 2 * scratch.length)];
            }
            return scratch;
        }

        /**
         * The string of the {@code n} code units in {@link #scratch}, exact (lone surrogates included). Text of
         * Latin-1 characters, the common case, is built from one byte per character without a char array.
         */
        private String toString(int n) {
            byte[] b = scratch;
            int high = 0;
            for (int i = 0; i < n; i++) {
                high |= b[2 * i];
            }
            if (high == 0) {
                byte[] latin1 = new byte[n];
                for (int i = 0; i < n; i++) {
                    latin1[i] = b[2 * i + 1];
                }
                return new String(latin1, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            char[] chars = new char[n];
            for (int i = 0; i < n; i++) {
                chars[i] = (char) (((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff));
            }
            return new String(chars);
        }
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static int getInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    static long getLong(byte[] b, int at) {
        return ((long) getInt(b, at) << 32) | (getInt(b, at + 4) & 0xffffffffL);
    }
}
