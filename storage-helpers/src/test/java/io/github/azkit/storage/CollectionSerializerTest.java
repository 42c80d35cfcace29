package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CollectionSerializerTest {

    /** A record with one field of every supported type. */
    record Sample(int i, long l, double d, boolean b, String s, UUID u, Instant t, byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Sample x && i == x.i && l == x.l && Double.compare(d, x.d) == 0 && b == x.b
                    && s.equals(x.s) && u.equals(x.u) && t.equals(x.t) && Arrays.equals(bytes, x.bytes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(i, l, d, b, s, u, t, Arrays.hashCode(bytes));
        }
    }

    static final CollectionSerializer<Sample> SAMPLES = CollectionSerializer.<Sample>builder()
            .capacity(Integer.MAX_VALUE)
            .encoder((r, out) -> out.writeInt(r.i()).writeLong(r.l()).writeDouble(r.d()).writeBoolean(r.b())
                    .writeString(r.s()).writeUuid(r.u()).writeInstant(r.t()).writeBytes(r.bytes()))
            .decoder(in -> new Sample(in.readInt(), in.readLong(), in.readDouble(), in.readBoolean(), in.readString(),
                    in.readUuid(), in.readInstant(), in.readBytes()))
            .build();

    /** Version 1 of a bookmark: offset and note. */
    record BookmarkV1(int offsetSeconds, String note) {
    }

    /** Version 2 appends a creation time. */
    record BookmarkV2(int offsetSeconds, String note, @Nullable Instant created) {
    }

    static final CollectionSerializer<BookmarkV1> V1 = CollectionSerializer.<BookmarkV1>builder()
            .version(1)
            .encoder((b, out) -> out.writeInt(b.offsetSeconds()).writeString(b.note()))
            .decoder(in -> new BookmarkV1(in.readInt(), in.readString()))
            .build();

    // @start region="guide-collection-v2"
    static final CollectionSerializer<BookmarkV2> V2 = CollectionSerializer.<BookmarkV2>builder()
            .version(2)
            .encoder((b, out) -> out.writeInt(b.offsetSeconds()).writeString(b.note())
                    .writeInstant(b.created() == null ? Instant.EPOCH : b.created()))
            .decoder(in -> new BookmarkV2(in.readInt(), in.readString(), in.version() >= 2 ? in.readInstant() : null))
            .build();
    // @end region="guide-collection-v2"

    // ---------------------------------------------------------------- round trips

    @Property(tries = 300)
    void randomRecordListsRoundTrip(@ForAll("sampleLists") List<Sample> records) {
        byte[] bytes = SAMPLES.serialize(records);
        assertThat(SAMPLES.deserialize(bytes)).isEqualTo(records);
    }

    @Property(tries = 300)
    void version1DataIsReadByVersion2AndViceVersa(@ForAll("bookmarksV2") List<BookmarkV2> v2records) {
        List<BookmarkV1> v1records = v2records.stream().map(b -> new BookmarkV1(b.offsetSeconds(), b.note())).toList();
        // a newer reader reads older data: the added field is absent
        List<BookmarkV2> readByV2 = V2.deserialize(V1.serialize(v1records));
        assertThat(readByV2).isEqualTo(v1records.stream()
                .map(b -> new BookmarkV2(b.offsetSeconds(), b.note(), null)).toList());
        // an older reader reads newer data: it skips the field it does not know
        assertThat(V1.deserialize(V2.serialize(v2records))).isEqualTo(v1records);
        assertThat(V2.deserialize(V2.serialize(v2records))).isEqualTo(v2records);
    }

    @Test
    void formatIsCompact() {
        byte[] bytes = V1.serialize(List.of(new BookmarkV1(63, "ab")));
        // marker, version 1, count 1, record length 4, zig-zag 63 = 126, string length 2, 'a', 'b'
        assertThat(bytes).containsExactly(0xA5, 1, 1, 4, 126, 2, 'a', 'b');
        assertThat(V1.serialize(List.of())).containsExactly(0xA5, 1, 0);
    }

    @Test
    void regressionLongStringLengthPrefixDoesNotOverflow() {
        // the original toolkit wrote a 16-bit string length that wrapped for long strings
        String big = "é".repeat(40_000); // 80,000 UTF-8 bytes
        CollectionSerializer<BookmarkV1> large = CollectionSerializer.<BookmarkV1>builder()
                .capacity(1 << 20).encoder((b, out) -> out.writeInt(b.offsetSeconds()).writeString(b.note()))
                .decoder(in -> new BookmarkV1(in.readInt(), in.readString())).build();
        assertThat(large.deserialize(large.serialize(List.of(new BookmarkV1(1, big))))).containsExactly(
                new BookmarkV1(1, big));
    }

    @Test
    void nonAsciiAndSupplementaryCharactersRoundTrip() {
        List<BookmarkV1> list = List.of(new BookmarkV1(-1, "naïve 日本 😀"), new BookmarkV1(Integer.MIN_VALUE, ""));
        assertThat(V1.deserialize(V1.serialize(list))).isEqualTo(list);
    }

    // ---------------------------------------------------------------- untrusted input

    @Property(tries = 100_000, shrinking = ShrinkingMode.OFF)
    void randomOrMutatedInputRaisesOnlyTheDocumentedException(@ForAll("hostileInputs") byte[] input) {
        Throwable thrown = catchThrowable(() -> SAMPLES.deserialize(input));
        if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(MalformedDataException.class);
            MalformedDataException m = (MalformedDataException) thrown;
            assertThat(m.offset()).isBetween(0, input.length);
            assertThat(m.getMessage()).contains("at offset " + m.offset());
        }
    }

    @Test
    void hugeClaimedCountsAndLengthsAllocateNothing() {
        // count 2^31-1 in 9 bytes of input: refused before any list is sized from it
        byte[] count = {(byte) 0xA5, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0, 0};
        assertThatThrownBy(() -> SAMPLES.deserialize(count)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageContaining("offset 2").hasMessageContaining("record count 2147483647");
        // a record claiming 2^31-1 bytes
        byte[] length = {(byte) 0xA5, 1, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        assertThatThrownBy(() -> SAMPLES.deserialize(length)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageContaining("offset 3");
        // a byte array inside a record claiming more than the record holds
        CollectionSerializer<byte[]> blobs = CollectionSerializer.<byte[]>builder()
                .encoder((b, out) -> out.writeBytes(b)).decoder(RecordReader::readBytes).build();
        byte[] inner = {(byte) 0xA5, 1, 1, 3, (byte) 0xFF, (byte) 0xFF, 0x7F};
        assertThatThrownBy(() -> blobs.deserialize(inner)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageContaining("offset 4").hasMessageContaining("byte array length 2097151");
    }

    @Test
    void malformedInputNamesTheOffset() {
        byte[] good = V1.serialize(List.of(new BookmarkV1(5, "hello")));
        assertThatThrownBy(() -> V1.deserialize(new byte[0])).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage("malformed serialized collection at offset 0: input is empty");
        assertThatThrownBy(() -> V1.deserialize(new byte[] {'{', '}'}))
                .hasMessageContaining("offset 0").hasMessageContaining("marker 0xA5, was 0x7B");
        assertThatThrownBy(() -> V1.deserialize(Arrays.copyOf(good, good.length - 1)))
                .isExactlyInstanceOf(MalformedDataException.class).hasMessageContaining("offset 3");
        assertThatThrownBy(() -> V1.deserialize(Arrays.copyOf(good, good.length + 1)))
                .isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageContaining("offset " + good.length).hasMessageContaining("1 trailing bytes");
        byte[] badUtf8 = good.clone();
        badUtf8[good.length - 1] = (byte) 0xC3; // a lead byte with no continuation
        assertThatThrownBy(() -> V1.deserialize(badUtf8)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageContaining("not valid UTF-8");
        // a reader that reads more fields than the record has
        CollectionSerializer<BookmarkV2> careless = CollectionSerializer.<BookmarkV2>builder().version(2)
                .encoder((b, out) -> { }).decoder(in -> new BookmarkV2(in.readInt(), in.readString(), in.readInstant()))
                .build();
        assertThatThrownBy(() -> careless.deserialize(good)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageContaining("check version() or hasRemaining()");
    }

    // ---------------------------------------------------------------- capacity

    @Test
    void capacityHoldsAtExactly64KiB() {
        CollectionSerializer<byte[]> reject = bytesSerializer(CollectionSerializer.Overflow.REJECT);
        CollectionSerializer<byte[]> keepNewest = bytesSerializer(CollectionSerializer.Overflow.KEEP_NEWEST);
        assertThat(reject.capacity()).isEqualTo(65_536).isEqualTo(CollectionSerializer.DEFAULT_CAPACITY);
        // header 3 bytes + record length prefix 3 bytes + array length prefix 3 bytes + payload = 65,536
        byte[] exact = new byte[65_536 - 9];
        assertThat(reject.serialize(List.of(exact))).hasSize(65_536);
        byte[] oneOver = new byte[exact.length + 1];
        assertThatThrownBy(() -> reject.serialize(List.of(oneOver))).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encode to 65537 bytes, over the capacity of 65536 bytes");
        // keep-newest drops the older record and keeps the one that fills the capacity exactly
        byte[] kept = keepNewest.serialize(List.of(new byte[] {1, 2, 3}, exact));
        assertThat(kept).hasSize(65_536);
        assertThat(keepNewest.deserialize(kept)).hasSize(1).first().isEqualTo(exact);
        assertThatThrownBy(() -> keepNewest.serialize(List.of(oneOver)))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("newest record alone");
    }

    @Test
    void regressionKeepNewestDropsTheOldestNotTheNewest() {
        // the original toolkit kept the oldest records and dropped the newest
        CollectionSerializer<BookmarkV1> keep = CollectionSerializer.<BookmarkV1>builder()
                .overflow(CollectionSerializer.Overflow.KEEP_NEWEST)
                .encoder((b, out) -> out.writeInt(b.offsetSeconds()).writeString(b.note()))
                .decoder(in -> new BookmarkV1(in.readInt(), in.readString())).build();
        List<BookmarkV1> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(new BookmarkV1(i, "note " + i));
        }
        byte[] bytes = keep.serialize(many);
        assertThat(bytes.length).isLessThanOrEqualTo(65_536);
        List<BookmarkV1> back = keep.deserialize(bytes);
        assertThat(back).isEqualTo(many.subList(many.size() - back.size(), many.size()));
        // as many as fit: one more would not
        List<BookmarkV1> oneMore = many.subList(many.size() - back.size() - 1, many.size());
        assertThatThrownBy(() -> V1.serialize(oneMore)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> V1.serialize(many)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Overflow.KEEP_NEWEST");
    }

    @Test
    void aLongHistoryCostsOnlyWhatFits() {
        java.util.concurrent.atomic.AtomicInteger encoded = new java.util.concurrent.atomic.AtomicInteger();
        CollectionSerializer<BookmarkV1> counting = CollectionSerializer.<BookmarkV1>builder()
                .overflow(CollectionSerializer.Overflow.KEEP_NEWEST)
                .encoder((b, out) -> {
                    encoded.incrementAndGet();
                    out.writeInt(b.offsetSeconds()).writeString(b.note());
                })
                .decoder(in -> new BookmarkV1(in.readInt(), in.readString())).build();
        List<BookmarkV1> history = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            history.add(new BookmarkV1(i, "n" + i));
        }
        List<BookmarkV1> kept = counting.deserialize(counting.serialize(history));
        assertThat(kept).isEqualTo(history.subList(history.size() - kept.size(), history.size()));
        assertThat(encoded.get()).isEqualTo(kept.size() + 1); // the kept ones and the first that did not fit
        // REJECT stops encoding as soon as the capacity is passed
        encoded.set(0);
        CollectionSerializer<BookmarkV1> rejecting = CollectionSerializer.<BookmarkV1>builder()
                .encoder((b, out) -> {
                    encoded.incrementAndGet();
                    out.writeInt(b.offsetSeconds()).writeString(b.note());
                })
                .decoder(in -> new BookmarkV1(in.readInt(), in.readString())).build();
        assertThatThrownBy(() -> rejecting.serialize(history)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("of 1000000 records already encode to")
                .hasMessageContaining("over the capacity of 65536 bytes");
        assertThat(encoded.get()).isLessThan(20_000); // of 1,000,000: about 64 KiB worth, then it stops
    }

    @Property(tries = 200)
    void keepNewestAlwaysFitsAndKeepsASuffix(@ForAll("bookmarksV2") List<BookmarkV2> records) {
        CollectionSerializer<BookmarkV2> small = CollectionSerializer.<BookmarkV2>builder().version(2).capacity(200)
                .overflow(CollectionSerializer.Overflow.KEEP_NEWEST)
                .encoder((b, out) -> out.writeInt(b.offsetSeconds()).writeString(b.note()))
                .decoder(in -> new BookmarkV2(in.readInt(), in.readString(), null)).build();
        List<BookmarkV2> plain = records.stream().map(b -> new BookmarkV2(b.offsetSeconds(), b.note(), null)).toList();
        Throwable thrown = catchThrowable(() -> small.serialize(plain));
        if (thrown != null) {
            assertThat(thrown).hasMessageContaining("newest record alone");
            return;
        }
        byte[] bytes = small.serialize(plain);
        assertThat(bytes.length).isLessThanOrEqualTo(200);
        List<BookmarkV2> back = small.deserialize(bytes);
        assertThat(back).isEqualTo(plain.subList(plain.size() - back.size(), plain.size()));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> CollectionSerializer.builder().version(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'version' must be at least 1, was 0");
        assertThatThrownBy(() -> CollectionSerializer.builder().capacity(2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'capacity'");
        assertThatThrownBy(() -> CollectionSerializer.<String>builder().decoder(RecordReader::readString).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'encoder' must be set");
        assertThatThrownBy(() -> V1.serialize(Arrays.asList(new BookmarkV1(1, ""), null)))
                .isInstanceOf(NullPointerException.class).hasMessage("record at index 1 must not be null");
        assertThatThrownBy(() -> V1.serialize(List.of(new BookmarkV1(1, "\uD800x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate U+D800 at index 0");
    }

    // ---------------------------------------------------------------- generators

    private static CollectionSerializer<byte[]> bytesSerializer(CollectionSerializer.Overflow overflow) {
        return CollectionSerializer.<byte[]>builder().overflow(overflow)
                .encoder((b, out) -> out.writeBytes(b)).decoder(RecordReader::readBytes).build();
    }

    static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF')
                .ofMaxLength(40);
    }

    @Provide
    Arbitrary<List<Sample>> sampleLists() {
        return samples().list().ofMaxSize(30);
    }

    static Arbitrary<Sample> samples() {
        Arbitrary<Instant> instants = Combinators.combine(
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
        Arbitrary<UUID> uuids = Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
        Arbitrary<Sample> samples = Combinators.combine(
                Arbitraries.integers(), Arbitraries.longs(),
                Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, -0.0)),
                Arbitraries.of(true, false), text(), uuids, instants,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(50))
                .as(Sample::new);
        return samples;
    }

    @Provide
    Arbitrary<List<BookmarkV2>> bookmarksV2() {
        Arbitrary<Instant> instants = Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochMilli);
        return Combinators.combine(Arbitraries.integers(), text(), instants).as(BookmarkV2::new).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<byte[]> hostileInputs() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        Arbitrary<byte[]> randomWithHeader = random.map(b -> {
            byte[] out = Arrays.copyOf(b, b.length + 1);
            System.arraycopy(out, 0, out, 1, b.length);
            out[0] = CollectionSerializer.MARKER;
            return out;
        });
        Arbitrary<byte[]> valid = samples().list().ofMaxSize(4).map(SAMPLES::serialize);
        Arbitrary<byte[]> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.bytes())
                .as(CollectionSerializerTest::mutate);
        return Arbitraries.oneOf(random, randomWithHeader, mutated, mutated);
    }

    private static byte[] mutate(byte[] valid, int op, int where, byte value) {
        if (valid.length == 0) {
            return valid;
        }
        int at = where % valid.length;
        switch (op) {
            case 0: { // flip one bit
                byte[] b = valid.clone();
                b[at] ^= (byte) (1 << (where % 8));
                return b;
            }
            case 1: // truncate
                return Arrays.copyOf(valid, at);
            case 2: { // overwrite one byte
                byte[] b = valid.clone();
                b[at] = value;
                return b;
            }
            case 3: { // insert one byte
                byte[] b = new byte[valid.length + 1];
                System.arraycopy(valid, 0, b, 0, at);
                b[at] = value;
                System.arraycopy(valid, at, b, at + 1, valid.length - at);
                return b;
            }
            default: { // set a varint-looking run of 0xFF bytes
                byte[] b = valid.clone();
                for (int i = at; i < Math.min(b.length, at + 5); i++) {
                    b[i] = (byte) 0xFF;
                }
                return b;
            }
        }
    }
}
