package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntitySchemaTest {

    record Defaults(String name, int count, long total, double ratio, boolean flag, Integer boxed) {
    }

    record Clash(byte[] data, @JsonProperty("data_1") String other) {
    }

    record Twice(@JsonProperty("x") String a, @JsonProperty("x") String b) {
    }

    record BadKey(@JsonProperty("PartitionKey") int id) {
    }

    record Wide(Map<String, String> fields) {
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
