package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The size arithmetic and the entity checks of the data model page. */
class TableLimitsTest {

    private static Map<String, Object> entity(Object... nameValues) {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("PartitionKey", "p");
        entity.put("RowKey", "r");
        for (int i = 0; i < nameValues.length; i += 2) {
            entity.put((String) nameValues[i], nameValues[i + 1]);
        }
        return entity;
    }

    @Test
    void entitySizeFollowsTheDocumentedFormula() {
        // 4 + 2 * (1 + 1) for the keys; "Name" = "abc": 8 + 2 * 4 + (4 + 2 * 3)
        assertThat(TableLimits.entitySize(entity("Name", "abc"))).isEqualTo(4 + 4 + 8 + 8 + 10);
        // Int32 4, Boolean 1, Double 8, Int64 8 (typed), Guid 16, DateTime 8, Binary 4 + bytes
        assertThat(TableLimits.entitySize(entity("A", 1))).isEqualTo(8 + 8 + 2 + 4);
        assertThat(TableLimits.entitySize(entity("A", true))).isEqualTo(8 + 8 + 2 + 1);
        assertThat(TableLimits.entitySize(entity("A", 1.5))).isEqualTo(8 + 8 + 2 + 8);
        assertThat(TableLimits.entitySize(entity("A", "5", "A@odata.type", "Edm.Int64"))).isEqualTo(8 + 8 + 2 + 8);
        assertThat(TableLimits.entitySize(entity("A", "0f8fad5b-d9cb-469f-a165-70867728950e",
                "A@odata.type", "Edm.Guid"))).isEqualTo(8 + 8 + 2 + 16);
        assertThat(TableLimits.entitySize(entity("A", "2024-01-01T00:00:00Z", "A@odata.type", "Edm.DateTime")))
                .isEqualTo(8 + 8 + 2 + 8);
        String tenBytes = Base64.getEncoder().encodeToString(new byte[10]);
        assertThat(TableLimits.entitySize(entity("A", tenBytes, "A@odata.type", "Edm.Binary")))
                .isEqualTo(8 + 8 + 2 + 4 + 10);
    }

    @Test
    void annotationsAndSystemPropertiesAreNotCounted() {
        Map<String, Object> entity = entity("odata.etag", "W/\"x\"", "Timestamp", "2024-01-01T00:00:00Z",
                "Timestamp@odata.type", "Edm.DateTime");
        assertThat(TableLimits.entitySize(entity)).isEqualTo(8);
    }

    @Test
    void aStringMayHold32768CharactersNotOneMore() {
        assertThat(TableLimits.checkEntity(entity("S", "x".repeat(32_768)))).isNull();
        assertThat(TableLimits.checkEntity(entity("S", "x".repeat(32_769))).code())
                .isEqualTo(AzureLimits.PROPERTY_VALUE_TOO_LARGE);
        assertThat(TableLimits.checkEntity(entity("S", "x".repeat(65_536))).code())
                .isEqualTo(AzureLimits.PROPERTY_VALUE_TOO_LARGE);
    }

    @Test
    void aBinaryValueMayHold65536BytesNotOneMore() {
        String max = Base64.getEncoder().encodeToString(new byte[65_536]);
        String over = Base64.getEncoder().encodeToString(new byte[65_537]);
        assertThat(TableLimits.checkEntity(entity("B", max, "B@odata.type", "Edm.Binary"))).isNull();
        assertThat(TableLimits.checkEntity(entity("B", over, "B@odata.type", "Edm.Binary")).code())
                .isEqualTo(AzureLimits.PROPERTY_VALUE_TOO_LARGE);
    }

    @Test
    void anEntityMayHold252CustomPropertiesNotOneMore() {
        Map<String, Object> entity = entity("Timestamp", "2024-01-01T00:00:00Z");
        for (int i = 0; i < 252; i++) {
            entity.put("P" + i, i);
            entity.put("P" + i + "@odata.type", "Edm.Int32");
        }
        assertThat(TableLimits.checkEntity(entity)).isNull();
        entity.put("P252", 252);
        assertThat(TableLimits.checkEntity(entity).code()).isEqualTo(AzureLimits.TOO_MANY_PROPERTIES);
    }

    @Test
    void anEntityOver1MiBIsTooLarge() {
        Map<String, Object> fits = entity();
        Map<String, Object> over = entity();
        for (int i = 0; i < 16; i++) {
            fits.put("P" + i, "x".repeat(32_000)); // 8 + 10 * (8 + 4 + 4 + 64,000) + 6 * (8 + 6 + 4 + 64,000)
            over.put("P" + i, "x".repeat(32_000));
        }
        over.put("P16", "x".repeat(12_200)); // + 8 + 6 + 4 + 24,400 = 1,048,694 bytes
        assertThat(TableLimits.entitySize(fits)).isEqualTo(1_024_276);
        assertThat(TableLimits.checkEntity(fits)).isNull();
        assertThat(TableLimits.entitySize(over)).isGreaterThan(AzureLimits.MAX_ENTITY_BYTES);
        assertThat(TableLimits.checkEntity(over).code()).isEqualTo(AzureLimits.ENTITY_TOO_LARGE);
    }

    @Test
    void keysRefuseForbiddenCharactersAndSizesOver1KiBHoweverCounted() {
        for (String bad : new String[] {"a/b", "a\\b", "a#b", "a?b", "a\tb", "a\u007fb", "a\u009fb"}) {
            assertThat(TableLimits.checkKey("RowKey", bad, false).code()).isEqualTo(AzureLimits.OUT_OF_RANGE_INPUT);
            assertThat(TableLimits.checkKey("RowKey", bad, true).code()).isEqualTo(AzureLimits.INVALID_INPUT);
        }
        assertThat(TableLimits.checkKey("RowKey", "a:b-c_d'e|f", false)).isNull();
        assertThat(TableLimits.checkKey("RowKey", "k".repeat(1024), false)).isNull();
        assertThat(TableLimits.checkKey("RowKey", "k".repeat(1025), false).code())
                .isEqualTo(AzureLimits.KEY_VALUE_TOO_LARGE);
        assertThat(TableLimits.checkKey("RowKey", "\u00e9".repeat(513), false).code())
                .isEqualTo(AzureLimits.KEY_VALUE_TOO_LARGE); // 1,026 bytes in UTF-8 and in UTF-16
        assertThat(TableLimits.checkKey("RowKey", "\u00e9".repeat(512), false)).isNull();
    }

    @Test
    void keysInAnEntityUrlAreChecked() {
        assertThat(TableLimits.checkUrlKeys("/acct/t(PartitionKey='p',RowKey='a/b')").code())
                .isEqualTo(AzureLimits.INVALID_INPUT);
        assertThat(TableLimits.checkUrlKeys("/acct/t(PartitionKey='it''s',RowKey='b')")).isNull();
        assertThat(TableLimits.urlPartitionKey("/acct/t(PartitionKey='it''s',RowKey='b')")).isEqualTo("it's");
    }

    @Test
    void aBodyIsParsedAsJson() {
        byte[] body = "{\"PartitionKey\":\"p\",\"RowKey\":\"r\",\"S\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(TableLimits.parse(body)).containsEntry("S", "abc");
        assertThat(TableLimits.checkEntity(body)).isNull();
        assertThat(TableLimits.parse("<xml/>".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
