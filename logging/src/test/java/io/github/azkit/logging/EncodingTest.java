package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Entry lines, block packing, log-id escaping and CSV rows. */
class EncodingTest {

    @Property
    void anyEntriesRoundTripThroughBlocks(@ForAll List<@StringLength(max = 40) String> entries,
            @ForAll @IntRange(min = 1024, max = 4096) int maxBlockBytes) {
        List<byte[]> blocks = LineCodec.pack(entries, maxBlockBytes);
        List<String> back = new ArrayList<>();
        for (byte[] block : blocks) {
            assertThat(block.length).isLessThanOrEqualTo(maxBlockBytes);
            assertThat(block[block.length - 1]).as("a block holds whole lines").isEqualTo((byte) '\n');
            LineCodec.split(new String(block, StandardCharsets.UTF_8), back);
        }
        assertThat(back).containsExactlyElementsOf(entries);
    }

    @Property
    void theEncodedLengthIsComputedExactly(@ForAll String entry) {
        assertThat(LineCodec.encodedLength(entry)).isEqualTo(LineCodec.line(entry).length);
    }

    @Test
    void oneBatchOfSmallEntriesIsOneBlock() {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            entries.add("entry " + i);
        }
        assertThat(LineCodec.pack(entries, OngoingLog.DEFAULT_MAX_BLOCK_BYTES)).hasSize(1);
    }

    @Property
    void escapedIdsAreSafeAndNeverPrefixesOfOtherIds(@ForAll @StringLength(min = 1, max = 30) String a,
            @ForAll @StringLength(min = 1, max = 30) String b) {
        String ea = LogNames.escape(a);
        assertThat(ea).matches("[A-Za-z0-9_%-]+");
        assertThat(LogNames.unescape(ea)).isEqualTo(a);
        if (!a.equals(b)) {
            assertThat((LogNames.escape(b) + "/").startsWith(ea + "/")).isFalse();
        }
    }

    @Test
    void idsWithSlashesDotsAndPercentsAreEscaped() {
        assertThat(LogNames.escape("a/b")).isEqualTo("a%2Fb");
        assertThat(LogNames.escape("a%2Fb")).isEqualTo("a%252Fb");
        assertThat(LogNames.escape("..")).isEqualTo("%2E%2E");
        assertThatThrownBy(() -> LogNames.checkLength("x".repeat(1025), "id"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use a shorter id");
    }

    @Property
    void csvRowsRoundTrip(@ForAll @Size(min = 1, max = 6) List<@StringLength(max = 20) String> fields) {
        CsvLog csv = CsvLog.withColumns(fields.stream().map(f -> "c").toArray(String[]::new));
        String row = csv.format(fields.toArray());
        assertThat(csv.parse(row)).containsExactlyElementsOf(fields);
        assertThat(csv.parse(LineCodec.unescape(LineCodec.escape(row)))).containsExactlyElementsOf(fields);
    }

    @Test
    void csvFormatsNullsAndQuotesAndChecksTheCount() {
        CsvLog csv = CsvLog.withColumns("a", "b", "c");
        assertThat(csv.header()).isEqualTo("a,b,c");
        assertThat(csv.format(null, "x,y", "say \"hi\"")).isEqualTo(",\"x,y\",\"say \"\"hi\"\"\"");
        assertThatThrownBy(() -> csv.format("only one")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 3 values for the columns [a, b, c], got 1");
        assertThatThrownBy(() -> csv.parse("\"open")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed");
    }
}
