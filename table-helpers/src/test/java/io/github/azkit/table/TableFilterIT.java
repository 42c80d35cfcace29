package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class TableFilterIT {

    private static List<String> rowKeys(TableClient table, TableFilter filter) {
        return table.listEntities(new ListEntitiesOptions().setFilter(filter.toString()), null, null).stream()
                .map(TableEntity::getRowKey).sorted().collect(Collectors.toList());
    }

    @Test
    void eachEdmTypeFiltersOnTheService(TestStorage storage) {
        TableClient table = storage.createTable();
        // Azurite compares DateTime values to the millisecond (the service: 100 ns), so the values differ by 1 ms.
        OffsetDateTime base = OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 123_000_000, ZoneOffset.UTC);
        UUID[] ids = {UUID.fromString("00000000-0000-0000-0000-000000000001"),
            UUID.fromString("00000000-0000-0000-0000-000000000002"),
            UUID.fromString("00000000-0000-0000-0000-000000000003")};
        List<TableTransactionAction> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TableEntity e = new TableEntity("p", "r" + i)
                    .addProperty("S", "s" + i)
                    .addProperty("I", 10 + i)
                    .addProperty("L", 5_000_000_000L + i)
                    .addProperty("D", 2.5 + i)
                    .addProperty("D@odata.type", "Edm.Double")
                    .addProperty("B", i == 1)
                    .addProperty("T", base.plusNanos(1_000_000L * i))
                    .addProperty("G", ids[i])
                    .addProperty("X", new byte[] {1, 2, (byte) i});
            batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, e));
        }
        table.submitTransaction(batch);

        assertThat(rowKeys(table, TableFilter.where("S", Comparison.EQUAL, "s1"))).containsExactly("r1");
        assertThat(rowKeys(table, TableFilter.whereInt32("I", Comparison.GREATER_THAN, 10))).containsExactly("r1", "r2");
        assertThat(rowKeys(table, TableFilter.whereInt64("L", Comparison.GREATER_THAN_OR_EQUAL, 5_000_000_001L)))
                .containsExactly("r1", "r2");
        assertThat(rowKeys(table, TableFilter.whereInt64("L", Comparison.EQUAL, 5_000_000_000L)))
                .containsExactly("r0");
        assertThat(rowKeys(table, TableFilter.whereDouble("D", Comparison.EQUAL, 3.5))).containsExactly("r1");
        assertThat(rowKeys(table, TableFilter.whereDouble("D", Comparison.LESS_THAN, 4.0))).containsExactly("r0", "r1");
        assertThat(rowKeys(table, TableFilter.where("B", Comparison.EQUAL, true))).containsExactly("r1");
        assertThat(rowKeys(table, TableFilter.where("T", Comparison.EQUAL, base.plusNanos(1_000_000L))))
                .containsExactly("r1");
        assertThat(rowKeys(table, TableFilter.where("T", Comparison.GREATER_THAN, base)))
                .containsExactly("r1", "r2");
        assertThat(rowKeys(table, TableFilter.where("G", Comparison.EQUAL, ids[2]))).containsExactly("r2");
        assertThat(rowKeys(table, TableFilter.where("X", Comparison.EQUAL, new byte[] {1, 2, 0})))
                .containsExactly("r0");
        assertThat(rowKeys(table, TableFilter.whereInt32("I", Comparison.EQUAL, 10)
                .or(TableFilter.where("S", Comparison.EQUAL, "s2")))).containsExactly("r0", "r2");
        assertThat(rowKeys(table, TableFilter.not(TableFilter.where("B", Comparison.EQUAL, true))
                .and(TableFilter.partitionKey("p")))).containsExactly("r0", "r2");
    }

    /**
     * Regression: {@code where(name, cmp, 30)} wrote the Int32 literal {@code 30}, which matches no Int64 property on
     * Azure (nor on Azurite), silently. The number methods now name the property's EDM type, so an int written where
     * an Int64 is meant still gets the {@code L} suffix.
     */
    @Test
    void anInt64PropertyMatchesAnIntLiteralThroughWhereInt64(TestStorage storage) {
        TableClient table = storage.createTable();
        table.createEntity(new TableEntity("p", "r").addProperty("BytesWatched", 30L).addProperty("Logins", 30));

        assertThat(rowKeys(table, TableFilter.whereInt64("BytesWatched", Comparison.EQUAL, 30))).containsExactly("r");
        assertThat(rowKeys(table, TableFilter.whereInt32("Logins", Comparison.EQUAL, 30))).containsExactly("r");
        // What the old where(name, cmp, 30) wrote for an Int64 property: an Int32 literal, which matches nothing.
        // (The other mismatch, an Int64 literal for an Int32 property, matches nothing on Azure; Azurite 3.35 answers
        // it with a 500.)
        assertThat(rowKeys(table, TableFilter.whereInt32("BytesWatched", Comparison.EQUAL, 30))).isEmpty();
    }

    @Test
    void startsWithMatchesExactlyThePrefix(TestStorage storage) {
        TableClient table = storage.createTable();
        List<TableTransactionAction> batch = new ArrayList<>();
        for (String rk : List.of("ab", "abc", "abd", "abc\uffff", "ac", "a", "b")) {
            batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, new TableEntity("p", rk)));
        }
        table.submitTransaction(batch);
        assertThat(rowKeys(table, TableFilter.startsWith("RowKey", "abc"))).containsExactly("abc", "abc\uffff");
        assertThat(rowKeys(table, TableFilter.startsWith("RowKey", "ab")))
                .containsExactly("ab", "abc", "abc\uffff", "abd");
    }

    /** Regression test for the original filter builder's missing quote escaping (query injection). */
    @Test
    void twoHundredHostileStringsEachMatchOnlyTheirOwnEntity(TestStorage storage) {
        TableClient table = storage.createTable();
        List<String> hostile = hostileStrings();
        assertThat(hostile).hasSize(200).doesNotHaveDuplicates();
        // One insert each: Azurite 3.35 answers 500 to a batch carrying some of these values (its multipart
        // parser); the service does not.
        for (int i = 0; i < hostile.size(); i++) {
            table.upsertEntity(new TableEntity("p", String.format("%03d", i)).addProperty("Value", hostile.get(i)));
        }
        for (int i = 0; i < hostile.size(); i++) {
            assertThat(rowKeys(table, TableFilter.where("Value", Comparison.EQUAL, hostile.get(i))))
                    .as("value #%d %s", i, hostile.get(i).codePoints().mapToObj(Integer::toHexString).toList())
                    .containsExactly(String.format("%03d", i));
        }
    }

    static List<String> hostileStrings() {
        Set<String> out = new LinkedHashSet<>(List.of(
                "O'Brien' or true", "' or '1' eq '1", "'", "''", "'''", "x' or Value ne 'x", "%", "%25", "%27",
                "%%", "100%", "a&b", "a+b", "a b", "a#b", "a?b", "a/b", "a\\b", "\"", "\"quoted\"", "$filter=x",
                ") or (true", "not (x)", "Value eq 'x'", "é", "日本語", "😀", "a😀'b", "\u0000", "\u0001", "\t",
                "\n", "\r\n", "\u001f", "\u007f", "\u00a0", "\u2028", "\ufeff", "\ufffd", "x\u0000y", "'--",
                ";", "&amp;", "<xml/>", "{\"a\":1}", "null", "true", "1", "1L", "guid'x'", "datetime'2026'",
                "X'00'", "   ", " ", "Ω≈ç√", "ǅ", "İ", "ß", "\u0301e", "e\u0301"));
        Random random = new Random(42);
        char[] alphabet = "'%\"\\/#?&+ =()<>;:!*$@~`^|{}[]aZ09é日😀\u0000\u0001\n\t\u007f".toCharArray();
        while (out.size() < 200) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int i = 0; i < length; i++) {
                char c = alphabet[random.nextInt(alphabet.length)];
                if (Character.isSurrogate(c)) {
                    s.append("😀");
                } else {
                    s.append(c);
                }
            }
            out.add(s.toString());
        }
        return new ArrayList<>(out);
    }
}
