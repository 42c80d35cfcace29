package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BlockIdsTest {

    @Property
    void roundTripsAndKeepsOrder(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long a,
                                 @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long b) {
        String ia = BlockIds.encode(a);
        String ib = BlockIds.encode(b);
        assertThat(BlockIds.decode(ia)).isEqualTo(a);
        assertThat(ia).hasSize(BlockIds.LENGTH);
        assertThat(Integer.signum(ia.compareTo(ib))).isEqualTo(Long.signum(Long.compare(a, b)));
        BlockIds.validate(List.of(ia, ib));
    }

    @Test
    void extremesAreValidBase64WithinTheServiceLimit() {
        for (long n : new long[] {0, 1, 51, 52, Integer.MAX_VALUE, Long.MAX_VALUE}) {
            String id = BlockIds.encode(n);
            assertThat(Base64.getDecoder().decode(id)).hasSize(9);
            assertThat(BlockIds.decode(id)).isEqualTo(n);
        }
        assertThat(BlockIds.encode(0)).isEqualTo("AAAAAAAAAAAA");
        assertThat(BlockIds.encode(1)).isEqualTo("AAAAAAAAAAAB");
        assertThat(BlockIds.encode(52)).isEqualTo("AAAAAAAAAABA");
        String[] sorted = {BlockIds.encode(10), BlockIds.encode(9), BlockIds.encode(100_000), BlockIds.encode(26)};
        Arrays.sort(sorted);
        assertThat(Arrays.stream(sorted).map(BlockIds::decode).toList()).containsExactly(9L, 10L, 26L, 100_000L);
    }

    @Test
    void rejectsBadInputNamingIt() {
        assertThatThrownBy(() -> BlockIds.encode(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'sequence' must not be negative, was -1");
        assertThatThrownBy(() -> BlockIds.decode("AAAA")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"AAAA\" (4 characters)");
        assertThatThrownBy(() -> BlockIds.decode("AAAAAAAAAAA0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'0' at index 11");
        assertThatThrownBy(() -> BlockIds.decode("zzzzzzzzzzzz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beyond Long.MAX_VALUE");
        assertThatThrownBy(() -> BlockIds.decode(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void validateEnforcesServiceRules() {
        String longId = Base64.getEncoder().encodeToString(new byte[65]);
        assertThatThrownBy(() -> BlockIds.validate(List.of(BlockIds.encode(1), longId)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1")
                .hasMessageContaining("decodes to 65 bytes; the service allows 1 to 64");
        BlockIds.validate(List.of(Base64.getEncoder().encodeToString(new byte[64])));
        assertThatThrownBy(() -> BlockIds.validate(List.of("QUFB", "QUFBQQ==")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must have the same length");
        assertThatThrownBy(() -> BlockIds.validate(List.of("not base64!")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid Base64");
        assertThatThrownBy(() -> BlockIds.validate(Arrays.asList("QUFB", null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("index 1");
    }
}
