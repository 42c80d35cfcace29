package io.github.azkit.table.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class BackupCodecTest {

    @Provide
    Arbitrary<BackupEntity.Prop> props() {
        Arbitrary<String> names = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<Object[]> typed = Arbitraries.oneOf(
                anyText.map(s -> new Object[] {EdmType.STRING, s}),
                Arbitraries.integers().map(i -> new Object[] {EdmType.INT32, i}),
                Arbitraries.longs().map(l -> new Object[] {EdmType.INT64, l}),
                Arbitraries.longs().map(bits -> new Object[] {EdmType.DOUBLE, Double.longBitsToDouble(bits)}),
                Arbitraries.of(2.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e20)
                        .map(d -> new Object[] {EdmType.DOUBLE, d}),
                Arbitraries.of(true, false).map(b -> new Object[] {EdmType.BOOLEAN, b}),
                Combinators.combine(Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L),
                        Arbitraries.integers().between(0, 9_999_999))
                        .as((s, n) -> new Object[] {EdmType.DATE_TIME, Instant.ofEpochSecond(s, n * 100L)}),
                Arbitraries.longs().tuple2().map(t -> new Object[] {EdmType.GUID, new UUID(t.get1(), t.get2())}),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(50).map(b -> new Object[] {EdmType.BINARY, b}));
        return Combinators.combine(names, typed).as((n, t) -> new BackupEntity.Prop(n, (EdmType) t[0], t[1]));
    }

    @Property(tries = 200)
    void everyValueRoundTripsBitForBit(@ForAll @Size(max = 20) List<BackupEntity.@From("props") Prop> props,
            @ForAll String partitionKey, @ForAll String rowKey) throws IOException {
        BackupEntity entity = new BackupEntity(partitionKey, rowKey, props);
        BackupCodec.Chunk chunk = BackupCodec.encodeChunk(3, List.of(entity, entity));
        byte[] body = Arrays.copyOfRange(chunk.record(), BackupCodec.CHUNK_HEADER_LENGTH, chunk.record().length);

        List<BackupEntity> decoded = BackupCodec.decodeChunk(body, 2);

        assertThat(decoded).containsExactly(entity, entity);
        assertThat(BackupCodec.getInt(chunk.record(), 1)).isEqualTo(3);
        assertThat(decoded.get(0).digest()).isEqualTo(entity.digest());
    }

    @Property(tries = 50)
    void aChunkClaimingMoreEntitiesThanItHoldsIsRefused(@ForAll @Size(max = 5) List<BackupEntity.@From("props") Prop> props) {
        List<BackupEntity> entities = new ArrayList<>();
        entities.add(new BackupEntity("p", "r", props));
        BackupCodec.Chunk chunk = BackupCodec.encodeChunk(0, entities);
        byte[] body = Arrays.copyOfRange(chunk.record(), BackupCodec.CHUNK_HEADER_LENGTH, chunk.record().length);

        assertThatThrownBy(() -> BackupCodec.decodeChunk(body, 2)).isInstanceOf(IOException.class)
                .hasMessage("the chunk ends before its 2 entities");
        assertThatThrownBy(() -> BackupCodec.decodeChunk(body, 0)).isInstanceOf(IOException.class)
                .hasMessage("the chunk holds more data than its 0 entities");
    }

    @Property(tries = 50)
    void digestsDifferWhenOnlyTheTypeDiffers(@ForAll int value) {
        BackupEntity asInt = new BackupEntity("p", "r", List.of(new BackupEntity.Prop("N", EdmType.INT32, value)));
        BackupEntity asDouble = new BackupEntity("p", "r",
                List.of(new BackupEntity.Prop("N", EdmType.DOUBLE, (double) value)));

        assertThat(asInt.digest()).isNotEqualTo(asDouble.digest());
        assertThat(asInt).isNotEqualTo(asDouble);
    }

    private interface Step {
        void run() throws IOException;
    }

    private static String outcome(Step check) {
        try {
            check.run();
            return "accepted";
        } catch (IOException e) {
            return "refused: " + e.getMessage();
        }
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(raw);
        }
        return bytes.toByteArray();
    }

    /**
     * The restore's first pass only checks each chunk ({@code checkChunk}, which builds no entities) and decodes it
     * later: the check must accept and refuse exactly what decoding does, or a restore could start writing a backup
     * that fails to decode halfway. Damage inside the compressed stream (where the digest no longer guards it):
     * each byte of the decompressed entities in turn set to another value, and each truncation, compressed again.
     */
    @Property(tries = 40)
    void checkingAChunkAcceptsAndRefusesExactlyWhatDecodingDoes(
            @ForAll @Size(min = 1, max = 6) List<BackupEntity.@From("props") Prop> props, @ForAll String rowKey,
            @ForAll byte value) throws IOException {
        List<BackupEntity> entities = List.of(new BackupEntity("p", rowKey, props), new BackupEntity("q", "", props));
        BackupCodec.Chunk chunk = BackupCodec.encodeChunk(0, entities);
        byte[] good = Arrays.copyOfRange(chunk.record(), BackupCodec.CHUNK_HEADER_LENGTH, chunk.record().length);
        byte[] raw = new GZIPInputStream(new ByteArrayInputStream(good)).readAllBytes();
        assertThat(outcome(() -> BackupCodec.checkChunk(good, 2))).isEqualTo("accepted");

        int refused = 0;
        for (int at = 0; at < raw.length; at++) {
            byte[] changed = raw.clone();
            changed[at] = changed[at] == value ? (byte) ~value : value;
            for (byte[] body : List.of(gzip(changed), gzip(Arrays.copyOf(raw, at)))) {
                String decoded = outcome(() -> BackupCodec.decodeChunk(body, 2));
                String checked = outcome(() -> BackupCodec.checkChunk(body, 2));

                assertThat(checked).as("byte " + at).isEqualTo(decoded);
                refused += checked.startsWith("refused") ? 1 : 0;
            }
        }
        assertThat(refused).isGreaterThanOrEqualTo(raw.length);
    }
}
