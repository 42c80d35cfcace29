package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code @AzkitStorageTest(azureLimits = false)}: the clients of {@link TestStorage} carry no guard. */
@AzkitStorageTest(azureLimits = false)
class AzureLimitsOffIT {

    @Test
    void requestsOverAzuresLimitsReachTheStorage(TestStorage storage) {
        assertThat(storage.isAzureLimitsGuarded()).isFalse();
        TableClient table = storage.createTable();

        TableEntity entity = new TableEntity("p", "r");
        for (int i = 0; i < 253; i++) {
            entity.addProperty("P" + i, i);
        }
        table.createEntity(entity);

        assertThat(table.getEntity("p", "r").getProperties()).containsKey("P252");
    }

    @Nested
    class Nested_ {
        @Test
        void aNestedClassTakesTheEnclosingSetting(TestStorage storage) {
            assertThat(storage.isAzureLimitsGuarded()).isFalse();
        }
    }
}
