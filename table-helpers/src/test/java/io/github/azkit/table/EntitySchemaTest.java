package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.models.TableEntity;
import io.github.azkit.table.jackson.JacksonJsonCodec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntitySchemaTest {

    record Defaults(String name, int count, long total, double ratio, boolean flag, Integer boxed) {
    }

    record Clash(byte[] data, @EntityProperty("data_1") String other) {
    }

    record Twice(@EntityProperty("x") String a, @EntityProperty("x") String b) {
    }

    record BadKey(@EntityProperty("PartitionKey") int id) {
    }

    record Wide(Map<String, String> fields) {
    }

    record JacksonNamed(@com.fasterxml.jackson.annotation.JsonProperty("PartitionKey") String id) {
    }

    record JacksonSameName(@com.fasterxml.jackson.annotation.JsonProperty("id") String id) {
    }

    @Test
    void missingPropertiesReadAsDefaults() {
        assertThat(EntitySchema.of(Defaults.class).fromEntity(new TableEntity("p", "r")))
                .isEqualTo(new Defaults(null, 0, 0L, 0.0, false, null));
    }

    @Test
    void rejectsSchemasThatCannotBeStored() {
        assertThatThrownBy(() -> EntitySchema.of(Clash.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'data_1'").hasMessageContaining("chunks");
        assertThatThrownBy(() -> EntitySchema.of(Twice.class)).hasMessageContaining("two components as 'x'");
        assertThatThrownBy(() -> EntitySchema.of(BadKey.class)).hasMessageContaining("must be a String");
        assertThatThrownBy(() -> EntitySchema.of(Defaults.class).toEntity(new Defaults("a", 1, 1, 1, true, 1)))
                .hasMessageContaining("no component stored as PartitionKey");
    }

    @Test
    void refusesAJacksonRenameItWouldIgnoreSoNoPropertyMovesSilently() {
        assertThatThrownBy(() -> EntitySchema.of(JacksonNamed.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@JsonProperty(\"PartitionKey\")")
                .hasMessageContaining("@EntityProperty(\"PartitionKey\")");
        assertThat(EntitySchema.of(JacksonSameName.class).propertyNames()).containsExactly("id");
    }

    @Test
    void storesOnlyEdmTypesWithoutACodec() {
        assertThatThrownBy(() -> EntitySchema.of(Wide.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.util.Map<java.lang.String, java.lang.String>")
                .hasMessageContaining("jsonCodec");
        assertThat(EntitySchema.builder(Wide.class).jsonCodec(JacksonJsonCodec.create()).build()
                .toEntity("p", "r", new Wide(Map.of("a", "b"))).getProperty("fields")).isEqualTo("{\"a\":\"b\"}");
    }

    @Test
    void keepsUnknownPropertiesAndTheETagForAReplace() {
        EntitySchema<Defaults> schema = EntitySchema.of(Defaults.class);
        TableEntity previous = new TableEntity("p", "r").addProperty("name", "old").addProperty("Future", 3.0)
                .addProperty("odata.etag", "W/\"1\"");
        TableEntity next = schema.toEntity(new Defaults("new", 1, 2, 0.5, true, null), previous);
        assertThat(next.getProperties()).containsEntry("name", "new").containsEntry("Future", 3.0)
                .containsEntry("Future@odata.type", "Edm.Double").doesNotContainKey("boxed");
        assertThat(next.getETag()).isEqualTo("W/\"1\"");
    }

    @Test
    void enforces252CustomProperties() {
        TableEntity previous = new TableEntity("p", "r");
        for (int i = 0; i < 250; i++) {
            previous.addProperty("F" + i, i);
        }
        assertThatThrownBy(() -> EntitySchema.of(Defaults.class)
                .toEntity(new Defaults("n", 1, 2, 0.5, true, 9), previous))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the limit is 252");
    }
}
