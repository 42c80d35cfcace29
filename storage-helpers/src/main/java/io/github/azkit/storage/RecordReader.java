package io.github.azkit.storage;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Reads the fields of one record for a {@link CollectionSerializer}, in the order {@link RecordWriter} wrote them.
 * Reading past the end of the record, or reading a field that is not well formed, throws
 * {@link MalformedDataException} with the offset in the whole input.
 *
 * <p>A reader of a newer version reads older data by checking {@link #version()} (or {@link #hasRemaining()})
 * before reading a field that was added later; fields a reader does not read are skipped.
 *
 * <p>Not thread-safe; an instance is handed to a decoder for the duration of one call and must not be kept.
 */
public final class RecordReader {

    private final byte[] data;
    private final int version;
    private int pos;
    private int end;

    RecordReader(byte[] data, int version) {
        this.data = data;
        this.version = version;
    }

    void bounds(int start, int end) {
        this.pos = start;
        this.end = end;
    }

    int position() {
        return pos;
    }

    /**
     * The version the data was written with (the writer's {@link CollectionSerializer.Builder#version(int)}).
     *
     * @return the data's version, at least 1
     */
    public int version() {
        return version;
    }

    /**
     * Whether the record has bytes left: {@code false} once every field the writer wrote has been read.
     *
     * @return {@code true} if more fields follow
     */
    public boolean hasRemaining() {
        return pos < end;
    }

    /**
     * Reads an {@code int} written by {@link RecordWriter#writeInt(int)}.
     *
     * @return the value
     * @throws MalformedDataException if the field is truncated or too long
     */
    public int readInt() {
        int v = readUnsignedVarInt();
        return (v >>> 1) ^ -(v & 1);
    }

    /**
     * Reads a {@code long} written by {@link RecordWriter#writeLong(long)}.
     *
     * @return the value
     * @throws MalformedDataException if the field is truncated or too long
     */
    public long readLong() {
        long v = readUnsignedVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    /**
     * Reads a {@code double} written by {@link RecordWriter#writeDouble(double)}.
     *
     * @return the value
     * @throws MalformedDataException if the field is truncated
     */
    public double readDouble() {
        return Double.longBitsToDouble(readFixedLong());
    }

    /**
     * Reads a {@code boolean} written by {@link RecordWriter#writeBoolean(boolean)}.
     *
     * @return the value
     * @throws MalformedDataException if the field is truncated or its byte is neither 0 nor 1
     */
    public boolean readBoolean() {
        require(1);
        byte b = data[pos];
        if (b != 0 && b != 1) {
            throw new MalformedDataException(pos, "a boolean must be 0 or 1, was " + b);
        }
        pos++;
        return b == 1;
    }

    /**
     * Reads a string written by {@link RecordWriter#writeString(String)}.
     *
     * @return the string
     * @throws MalformedDataException if the length is beyond the record or the bytes are not valid UTF-8
     */
    public String readString() {
        int at = pos;
        int n = readLength("string");
        int start = pos;
        boolean ascii = true;
        for (int i = start; i < start + n; i++) {
            if (data[i] < 0) {
                ascii = false;
                break;
            }
        }
        pos += n;
        if (ascii) {
            return new String(data, start, n, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, start, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedDataException(at, "string of " + n + " bytes is not valid UTF-8");
        }
    }

    /**
     * Reads a UUID written by {@link RecordWriter#writeUuid(UUID)}.
     *
     * @return the UUID
     * @throws MalformedDataException if the field is truncated
     */
    public UUID readUuid() {
        require(16);
        return new UUID(readFixedLong(), readFixedLong());
    }

    /**
     * Reads an instant written by {@link RecordWriter#writeInstant(Instant)}.
     *
     * @return the instant
     * @throws MalformedDataException if the field is truncated or out of {@link Instant}'s range
     */
    public Instant readInstant() {
        int at = pos;
        long seconds = readLong();
        int nanos = readUnsignedVarInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw new MalformedDataException(at, "an instant's nanosecond must be 0 to 999,999,999, was " + nanos);
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw new MalformedDataException(at, "instant out of range: epoch second " + seconds);
        }
    }

    /**
     * Reads a byte array written by {@link RecordWriter#writeBytes(byte[])}.
     *
     * @return a new array
     * @throws MalformedDataException if the length is beyond the record
     */
    public byte[] readBytes() {
        int n = readLength("byte array");
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    private int readLength(String what) {
        int at = pos;
        int n = readUnsignedVarInt();
        if (n < 0 || n > end - pos) {
            throw new MalformedDataException(at, what + " length " + Integer.toUnsignedString(n) + " is beyond the "
                    + (end - pos) + " bytes left in the record");
        }
        return n;
    }

    private void require(int n) {
        if (end - pos < n) {
            throw new MalformedDataException(pos, "record ends " + (end - pos) + " bytes after this offset, but the"
                    + " next field needs " + n + " (truncated data, or a reader that reads more fields than were"
                    + " written: check version() or hasRemaining() first)");
        }
    }

    private MalformedDataException truncated(int at) {
        if (pos == at) {
            return new MalformedDataException(at, "the record has no more bytes here (truncated data, or a reader"
                    + " that reads more fields than were written: check version() or hasRemaining() first)");
        }
        return new MalformedDataException(pos, "variable-length integer starting at offset " + at + " is truncated");
    }

    private long readFixedLong() {
        require(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (data[pos++] & 0xFF);
        }
        return v;
    }

    int readUnsignedVarInt() {
        int at = pos;
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= end) {
                throw truncated(at);
            }
            byte b = data[pos++];
            if (shift == 28 && (b & 0xF0) != 0) {
                throw new MalformedDataException(at, "variable-length integer is longer than 32 bits");
            }
            result |= (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new MalformedDataException(at, "variable-length integer is longer than 32 bits");
    }

    private long readUnsignedVarLong() {
        int at = pos;
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= end) {
                throw truncated(at);
            }
            byte b = data[pos++];
            if (shift == 63 && (b & 0xFE) != 0) {
                throw new MalformedDataException(at, "variable-length integer is longer than 64 bits");
            }
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new MalformedDataException(at, "variable-length integer is longer than 64 bits");
    }
}
