package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TableFilterTest {

    @Test
    void writesEachEdmLiteralAsTheServiceExpects() {
        // @start region="guide-filter-literals"
        TableFilter name = TableFilter.where("Name", Comparison.EQUAL, "O'Brien' or true");
        // Name eq 'O''Brien'' or true'
        TableFilter age = TableFilter.whereInt32("Age", Comparison.GREATER_THAN, 30);
        // Age gt 30
        TableFilter big = TableFilter.whereInt64("Big", Comparison.LESS_THAN, 5_000_000_000L);
        // Big lt 5000000000L
        TableFilter price = TableFilter.whereDouble("Price", Comparison.GREATER_THAN_OR_EQUAL, 2.5);
        // Price ge 2.5
        TableFilter ok = TableFilter.where("Ok", Comparison.NOT_EQUAL, true);
        // Ok ne true
        TableFilter when = TableFilter.where("When", Comparison.LESS_THAN_OR_EQUAL,
                OffsetDateTime.of(2026, 1, 2, 5, 4, 5, 123_456_700, ZoneOffset.ofHours(2)));
        // When le datetime'2026-01-02T03:04:05.1234567Z'
        TableFilter id = TableFilter.where("Id", Comparison.EQUAL,
                UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        // Id eq guid'3f2504e0-4f89-11d3-9a0c-0305e82c3301'
        TableFilter bytes = TableFilter.where("Bytes", Comparison.EQUAL, new byte[] {0, (byte) 0xAB, 0x7F});
        // Bytes eq X'00ab7f'
        // @end region="guide-filter-literals"
        assertThat(name.toString()).isEqualTo("Name eq 'O''Brien'' or true'");
        assertThat(age.toString()).isEqualTo("Age gt 30");
        assertThat(big.toString()).isEqualTo("Big lt 5000000000L");
        assertThat(price.toString()).isEqualTo("Price ge 2.5");
        assertThat(ok.toString()).isEqualTo("Ok ne true");
        assertThat(when.toString()).isEqualTo("When le datetime'2026-01-02T03:04:05.1234567Z'");
        assertThat(id.toString()).isEqualTo("Id eq guid'3f2504e0-4f89-11d3-9a0c-0305e82c3301'");
        assertThat(bytes.toString()).isEqualTo("Bytes eq X'00ab7f'");
    }

    @Test
    void doublesAreTheSameInEveryLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(TableFilter.whereDouble("P", Comparison.EQUAL, 1234.5).toString()).isEqualTo("P eq 1234.5");
            assertThat(TableFilter.whereDouble("P", Comparison.EQUAL, 1e20).toString()).isEqualTo("P eq 1.0E20");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void combinationsAreParenthesised() {
        // @start region="guide-filter-combine"
        TableFilter a = TableFilter.whereInt32("A", Comparison.EQUAL, 1);
        TableFilter b = TableFilter.whereInt32("B", Comparison.EQUAL, 2);
        TableFilter c = TableFilter.whereInt32("C", Comparison.EQUAL, 3);
        TableFilter filter = a.or(b).and(TableFilter.not(c));
        // ((A eq 1) or (B eq 2)) and (not (C eq 3))
        // @end region="guide-filter-combine"
        assertThat(filter.toString()).isEqualTo("((A eq 1) or (B eq 2)) and (not (C eq 3))");
    }

    @Test
    void startsWithIsARange() {
        // @start region="guide-filter-prefix"
        TableFilter prefix = TableFilter.startsWith("RowKey", "abc");
        // (RowKey ge 'abc') and (RowKey lt 'abd')
        // @end region="guide-filter-prefix"
        assertThat(prefix.toString()).isEqualTo("(RowKey ge 'abc') and (RowKey lt 'abd')");
        assertThat(TableFilter.startsWith("RowKey", "a\uffff").toString())
                .isEqualTo("(RowKey ge 'a\uffff') and (RowKey lt 'b')");
        assertThat(TableFilter.startsWith("RowKey", "").toString()).isEqualTo("RowKey ge ''");
    }

    @Test
    void rejectsBadPropertyNamesAndNonFiniteDoubles() {
        assertThatThrownBy(() -> TableFilter.where("Name or true", Comparison.EQUAL, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'property'").hasMessageContaining("\"Name or true\"");
        assertThatThrownBy(() -> TableFilter.whereInt32("1abc", Comparison.EQUAL, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TableFilter.whereInt32("x".repeat(256), Comparison.EQUAL, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TableFilter.whereDouble("P", Comparison.EQUAL, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> TableFilter.where("P", Comparison.EQUAL, (String) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Property(tries = 500)
    void aStringLiteralNeverEndsEarly(@ForAll String value) {
        String text = TableFilter.where("P", Comparison.EQUAL, value).toString();
        String literal = text.substring("P eq ".length());
        assertThat(literal).startsWith("'").endsWith("'");
        String inner = literal.substring(1, literal.length() - 1);
        // Every quote inside is doubled, so the literal is one token and decodes back to the value.
        assertThat(inner.replace("''", "")).doesNotContain("'");
        assertThat(inner.replace("''", "'")).isEqualTo(value);
    }
}
