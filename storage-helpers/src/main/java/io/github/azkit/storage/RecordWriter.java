package io.github.azkit.storage;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes the fields of one record for a {@link CollectionSerializer}. Integers are variable-length (zig-zag
 * LEB128: -64 to 63 take one byte); strings are UTF-8 and byte arrays are raw, each after a variable-length byte
 * count; doubles take 8 bytes, UUIDs 16, booleans 1; an {@link Instant} is its epoch second (variable-length) and
 * nanosecond (variable-length).
 *
 * <p>Fields carry no tags: a reader must read them in the order they were written. To evolve a record, only append
 * fields at its end and raise the serializer's version; older readers skip the fields they do not know.
 *
 * <p>Not thread-safe; an instance is handed to an encoder for the duration of one call and must not be kept.
 */
public final class RecordWriter {

    private byte[] buf;
    private int pos;

    RecordWriter(int initialCapacity) {
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    int position() {
        return pos;
    }

    byte[] buffer() {
        return buf;
    }

    void reset() {
        pos = 0;
    }

    private void ensure(int extra) {
        if (buf.length - pos < extra) {
            long wanted = Math.max((long) buf.length * 2, (long) pos + extra);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("serialized collection is over 2 GiB; it cannot be a byte array");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    /**
     * Writes an {@code int} (zig-zag variable length: 1 to 5 bytes).
     *
     * @param value the value
     * @return this writer
     */
    public RecordWriter writeInt(int value) {
        writeUnsignedVarInt((value << 1) ^ (value >> 31));
        return this;
    }

    /**
     * Writes a {@code long} (zig-zag variable length: 1 to 10 bytes).
     *
     * @param value the value
     * @return this writer
     */
    public RecordWriter writeLong(long value) {
        writeUnsignedVarLong((value << 1) ^ (value >> 63));
        return this;
    }

    /**
     * Writes a {@code double} (8 bytes, IEEE 754, NaN and infinities included).
     *
     * @param value the value
     * @return this writer
     */
    public RecordWriter writeDouble(double value) {
        long bits = Double.doubleToRawLongBits(value);
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (bits >>> shift);
        }
        return this;
    }

    /**
     * Writes a {@code boolean} (1 byte).
     *
     * @param value the value
     * @return this writer
     */
    public RecordWriter writeBoolean(boolean value) {
        ensure(1);
        buf[pos++] = (byte) (value ? 1 : 0);
        return this;
    }

    /**
     * Writes a string as its UTF-8 byte count (variable length) and the bytes. Use an empty string, or a leading
     * boolean, to stand for "no value": null is not accepted.
     *
     * @param value the string
     * @return this writer
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} holds an unpaired surrogate (it has no UTF-8 form)
     */
    public RecordWriter writeString(String value) {
        Objects.requireNonNull(value, "'value' must not be null; write \"\" or a presence flag instead");
        int n = value.length();
        int utf8Length = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                utf8Length++;
            } else if (c < 0x800) {
                utf8Length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                utf8Length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("string has an unpaired surrogate U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + i
                        + "; it has no UTF-8 form: fix the string or write it with writeBytes");
            } else {
                utf8Length += 3;
            }
        }
        writeUnsignedVarInt(utf8Length);
        ensure(utf8Length);
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        pos = p;
        return this;
    }

    /**
     * Writes a UUID (16 bytes).
     *
     * @param value the UUID
     * @return this writer
     * @throws NullPointerException if {@code value} is null
     */
    public RecordWriter writeUuid(UUID value) {
        Objects.requireNonNull(value, "'value' must not be null");
        writeFixedLong(value.getMostSignificantBits());
        writeFixedLong(value.getLeastSignificantBits());
        return this;
    }

    /**
     * Writes an instant, to the nanosecond, as its epoch second and nanosecond (2 to 15 bytes).
     *
     * @param value the instant
     * @return this writer
     * @throws NullPointerException if {@code value} is null
     */
    public RecordWriter writeInstant(Instant value) {
        Objects.requireNonNull(value, "'value' must not be null");
        writeLong(value.getEpochSecond());
        writeUnsignedVarInt(value.getNano());
        return this;
    }

    /**
     * Writes a byte array as its length (variable length) and its bytes.
     *
     * @param value the bytes
     * @return this writer
     * @throws NullPointerException if {@code value} is null
     */
    public RecordWriter writeBytes(byte[] value) {
        Objects.requireNonNull(value, "'value' must not be null");
        writeUnsignedVarInt(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, buf, pos, value.length);
        pos += value.length;
        return this;
    }

    private void writeFixedLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
    }

    void writeUnsignedVarInt(int value) {
        ensure(5);
        int v = value;
        while ((v & ~0x7F) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    private void writeUnsignedVarLong(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    static int varIntSize(int value) {
        int v = value;
        int n = 1;
        while ((v & ~0x7F) != 0) {
            n++;
            v >>>= 7;
        }
        return n;
    }

    static int putUnsignedVarInt(byte[] out, int at, int value) {
        int p = at;
        int v = value;
        while ((v & ~0x7F) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }
}
