package io.github.azkit.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Stores a list of records in one byte array small enough for one table property (64 KiB by default), compactly
 * and with room to evolve; the talk's pattern of keeping a user's bookmarks or watch progress in one entity.
 *
 * <p>Format: a marker byte ({@code 0xA5}), the version (variable-length), the record count (variable-length), then
 * each record as its byte length (variable-length) and its fields as {@link RecordWriter} wrote them. Because every
 * record carries its length, a reader skips fields added by a newer version; because the version is stored, a
 * newer reader knows which fields an older writer wrote (see {@link RecordReader#version()}).
 *
 * <p>Capacity: when the encoded list is larger than {@link #capacity()}, {@link Overflow#REJECT} throws, and
 * {@link Overflow#KEEP_NEWEST} drops records from the front of the list (the oldest) until the rest fits.
 *
 * <p>Untrusted input: {@link #deserialize(byte[])} throws only {@link MalformedDataException} for input it cannot
 * read (plus whatever the caller's decoder throws on its own), and never allocates from a length or count stored in
 * the input beyond the input's own size.
 *
 * <pre>{@code
 * CollectionSerializer<Bookmark> bookmarks = CollectionSerializer.<Bookmark>builder()
 *         .version(1)
 *         .encoder((b, out) -> out.writeInt(b.offsetSeconds()).writeString(b.note()))
 *         .decoder(in -> new Bookmark(in.readInt(), in.readString()))
 *         .overflow(CollectionSerializer.Overflow.KEEP_NEWEST)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; encoders and decoders are called on the caller's thread.
 *
 * @param <T> the record type
 */
public final class CollectionSerializer<T> {

    /** The default capacity: 65,536 bytes, the Azure Table limit for one binary property. */
    public static final int DEFAULT_CAPACITY = 64 * 1024;

    static final byte MARKER = (byte) 0xA5;

    private final int version;
    private final int capacity;
    private final Overflow overflow;
    private final Encoder<? super T> encoder;
    private final Decoder<? extends T> decoder;

    private CollectionSerializer(Builder<T> b) {
        this.version = b.version;
        this.capacity = b.capacity;
        this.overflow = b.overflow;
        this.encoder = Objects.requireNonNull(b.encoder, "'encoder' must be set: builder().encoder((r, out) -> ...)");
        this.decoder = Objects.requireNonNull(b.decoder, "'decoder' must be set: builder().decoder(in -> ...)");
    }

    /**
     * A new builder.
     *
     * @param <T> the record type
     * @return a builder with version 1, capacity {@value #DEFAULT_CAPACITY} and {@link Overflow#REJECT}
     */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /**
     * The version this serializer writes.
     *
     * @return the version
     */
    public int version() {
        return version;
    }

    /**
     * The largest output, in bytes.
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }

    /**
     * What happens when the records do not fit.
     *
     * @return the overflow policy
     */
    public Overflow overflow() {
        return overflow;
    }

    /**
     * Encodes {@code records}, oldest first.
     *
     * @param records the records; the first is the oldest
     * @return the bytes, at most {@link #capacity()} long; under {@link Overflow#KEEP_NEWEST} the oldest records
     *     that did not fit are left out (and not even encoded, so a long history costs only what fits; under
     *     {@link Overflow#REJECT} encoding stops as soon as the capacity is passed)
     * @throws IllegalArgumentException under {@link Overflow#REJECT} when the encoding is larger than the capacity,
     *     and under {@link Overflow#KEEP_NEWEST} when even the newest record alone does not fit
     * @throws NullPointerException if {@code records} or one of its records is null (under
     *     {@link Overflow#KEEP_NEWEST}, only the records that fit are looked at)
     */
    public byte[] serialize(List<? extends T> records) {
        Objects.requireNonNull(records, "'records' must not be null");
        return overflow == Overflow.REJECT ? serializeAll(records) : serializeNewest(records);
    }

    private byte[] serializeAll(List<? extends T> records) {
        int n = records.size();
        RecordWriter body = new RecordWriter(Math.min(capacity, 16 + n * 16));
        int[] starts = new int[n];
        int[] ends = new int[n];
        long recordsSize = 0;
        for (int i = 0; i < n; i++) {
            starts[i] = body.position();
            encoder.encode(nonNull(records.get(i), i), body);
            ends[i] = body.position();
            int len = ends[i] - starts[i];
            recordsSize += RecordWriter.varIntSize(len) + len;
            if (recordsSize > capacity) { // stop early: never buffer much more than the capacity
                throw new IllegalArgumentException("the first " + (i + 1) + " of " + n + " records already encode to "
                        + recordsSize + " bytes, over the capacity of " + capacity
                        + " bytes: store fewer records, raise the capacity, or use Overflow.KEEP_NEWEST");
            }
        }
        long total = headerSize(n) + recordsSize;
        if (total > capacity) {
            throw new IllegalArgumentException(n + " records encode to " + total + " bytes, over the capacity of "
                    + capacity + " bytes: store fewer records, raise the capacity, or use Overflow.KEEP_NEWEST");
        }
        return assemble(body.buffer(), starts, ends, 0, n, (int) total);
    }

    /** Encodes from the newest record back, and stops at the first that does not fit: older ones are not encoded. */
    private byte[] serializeNewest(List<? extends T> records) {
        int n = records.size();
        RecordWriter body = new RecordWriter(Math.min(capacity, 16 + n * 16));
        int[] starts = new int[n];
        int[] ends = new int[n];
        long recordsSize = 0;
        int first = n;
        for (int i = n - 1; i >= 0; i--) {
            int start = body.position();
            encoder.encode(nonNull(records.get(i), i), body);
            int len = body.position() - start;
            long withThis = recordsSize + RecordWriter.varIntSize(len) + len;
            if (headerSize(n - i) + withThis > capacity) {
                if (i == n - 1) {
                    throw new IllegalArgumentException("the newest record alone encodes to " + len
                            + " bytes, which with the header is over the capacity of " + capacity + " bytes");
                }
                break; // adding older records only makes it larger
            }
            recordsSize = withThis;
            starts[i] = start;
            ends[i] = start + len;
            first = i;
        }
        return assemble(body.buffer(), starts, ends, first, n, (int) (headerSize(n - first) + recordsSize));
    }

    private long headerSize(int count) {
        return 1 + RecordWriter.varIntSize(version) + RecordWriter.varIntSize(count);
    }

    private byte[] assemble(byte[] src, int[] starts, int[] ends, int first, int n, int total) {
        byte[] out = new byte[total];
        out[0] = MARKER;
        int p = RecordWriter.putUnsignedVarInt(out, 1, version);
        p = RecordWriter.putUnsignedVarInt(out, p, n - first);
        for (int i = first; i < n; i++) {
            int len = ends[i] - starts[i];
            p = RecordWriter.putUnsignedVarInt(out, p, len);
            System.arraycopy(src, starts[i], out, p, len);
            p += len;
        }
        return out;
    }

    private static <R> R nonNull(@Nullable R record, int index) {
        if (record == null) {
            throw new NullPointerException("record at index " + index + " must not be null");
        }
        return record;
    }

    /**
     * Decodes bytes written by a serializer of any version.
     *
     * @param data the bytes, possibly untrusted
     * @return the records, oldest first, in a new unmodifiable list
     * @throws MalformedDataException if {@code data} is empty, truncated, has trailing bytes, or is otherwise not
     *     a serialized collection; its message names the offset
     * @throws NullPointerException if {@code data} is null
     */
    public List<T> deserialize(byte[] data) {
        Objects.requireNonNull(data, "'data' must not be null");
        if (data.length == 0) {
            throw new MalformedDataException(0, "input is empty");
        }
        if (data[0] != MARKER) {
            throw new MalformedDataException(0, String.format("first byte must be the marker 0xA5, was 0x%02X;"
                    + " the input was not written by a CollectionSerializer", data[0] & 0xFF));
        }
        RecordReader header = new RecordReader(data, 0);
        header.bounds(1, data.length);
        int dataVersion = header.readUnsignedVarInt();
        if (dataVersion < 1) {
            throw new MalformedDataException(1, "version must be at least 1, was "
                    + Integer.toUnsignedString(dataVersion));
        }
        int countAt = header.position();
        int count = header.readUnsignedVarInt();
        int pos = header.position();
        // each record takes at least one byte (its length), so the count cannot exceed the bytes left
        if (count < 0 || count > data.length - pos) {
            throw new MalformedDataException(countAt, "record count " + Integer.toUnsignedString(count)
                    + " is more than the " + (data.length - pos) + " bytes left could hold");
        }
        List<T> out = new ArrayList<>(count);
        RecordReader in = new RecordReader(data, dataVersion);
        for (int i = 0; i < count; i++) {
            header.bounds(pos, data.length);
            int lengthAt = pos;
            int len = header.readUnsignedVarInt();
            pos = header.position();
            if (len < 0 || len > data.length - pos) {
                throw new MalformedDataException(lengthAt, "record " + i + " claims " + Integer.toUnsignedString(len)
                        + " bytes but only " + (data.length - pos) + " are left");
            }
            in.bounds(pos, pos + len);
            out.add(decoder.decode(in));
            pos += len;
        }
        if (pos != data.length) {
            throw new MalformedDataException(pos, (data.length - pos) + " trailing bytes after the last of "
                    + count + " records");
        }
        return Collections.unmodifiableList(out);
    }

    /** What {@link #serialize(List)} does when the records do not fit in the capacity. Immutable; thread-safe. */
    public enum Overflow {
        /** Throw an {@link IllegalArgumentException} that says how large the encoding was. */
        REJECT,
        /** Drop the oldest records (the front of the list) until the newest fit. */
        KEEP_NEWEST
    }

    /**
     * Writes one record's fields. A serializer may call it from several threads at once, so it must be thread-safe
     * (a stateless lambda is).
     *
     * @param <T> the record type
     */
    @FunctionalInterface
    public interface Encoder<T> {
        /**
         * Writes {@code record}'s fields to {@code out}.
         *
         * @param record the record
         * @param out the writer, valid only during this call
         */
        void encode(T record, RecordWriter out);
    }

    /**
     * Reads one record's fields. A serializer may call it from several threads at once, so it must be thread-safe
     * (a stateless lambda is).
     *
     * @param <T> the record type
     */
    @FunctionalInterface
    public interface Decoder<T> {
        /**
         * Reads a record; fields it does not read are skipped.
         *
         * @param in the reader, valid only during this call; {@link RecordReader#version()} is the data's version
         * @return the record
         * @throws MalformedDataException from {@code in} when the record is truncated or malformed
         */
        T decode(RecordReader in);
    }

    /**
     * Builds a {@link CollectionSerializer}. Mutable and not thread-safe.
     *
     * @param <T> the record type
     */
    public static final class Builder<T> {
        private int version = 1;
        private int capacity = DEFAULT_CAPACITY;
        private Overflow overflow = Overflow.REJECT;
        private @Nullable Encoder<? super T> encoder;
        private @Nullable Decoder<? extends T> decoder;

        private Builder() {
        }

        /**
         * Sets the version written into the data (default 1). Raise it whenever the encoder appends a field.
         *
         * @param version at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code version} is less than 1
         */
        public Builder<T> version(int version) {
            if (version < 1) {
                throw new IllegalArgumentException("'version' must be at least 1, was " + version);
            }
            this.version = version;
            return this;
        }

        /**
         * Sets the largest output in bytes (default {@value CollectionSerializer#DEFAULT_CAPACITY}, one table
         * property).
         *
         * @param capacity at least 3 (the header of an empty list)
         * @return this builder
         * @throws IllegalArgumentException if {@code capacity} is less than 3
         */
        public Builder<T> capacity(int capacity) {
            if (capacity < 3) {
                throw new IllegalArgumentException("'capacity' must be at least 3 bytes, was " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /**
         * Sets what happens when the records do not fit (default {@link Overflow#REJECT}).
         *
         * @param overflow the policy
         * @return this builder
         * @throws NullPointerException if {@code overflow} is null
         */
        public Builder<T> overflow(Overflow overflow) {
            this.overflow = Objects.requireNonNull(overflow, "'overflow' must not be null");
            return this;
        }

        /**
         * Sets how a record is written.
         *
         * @param encoder the encoder
         * @return this builder
         * @throws NullPointerException if {@code encoder} is null
         */
        public Builder<T> encoder(Encoder<? super T> encoder) {
            this.encoder = Objects.requireNonNull(encoder, "'encoder' must not be null");
            return this;
        }

        /**
         * Sets how a record is read.
         *
         * @param decoder the decoder
         * @return this builder
         * @throws NullPointerException if {@code decoder} is null
         */
        public Builder<T> decoder(Decoder<? extends T> decoder) {
            this.decoder = Objects.requireNonNull(decoder, "'decoder' must not be null");
            return this;
        }

        /**
         * Validates and builds the serializer.
         *
         * @return the immutable serializer
         * @throws NullPointerException if the encoder or decoder was not set
         * @throws IllegalArgumentException if the capacity is too small for the header of the version
         */
        public CollectionSerializer<T> build() {
            if (capacity < 2 + RecordWriter.varIntSize(version)) {
                throw new IllegalArgumentException("'capacity' " + capacity + " is too small for the header of version "
                        + version);
            }
            return new CollectionSerializer<>(this);
        }
    }
}
