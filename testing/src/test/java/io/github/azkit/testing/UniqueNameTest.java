package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UniqueNameTest {

    @Test
    void namesFromManyThreadsNeverCollideAndAreValidForContainersAndTables() {
        Set<String> names = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 20_000).parallel().forEach(i -> names.add(TestStorage.uniqueName("Orders-" + (i % 7))));
        assertThat(names).hasSize(20_000);
        assertThat(names).allSatisfy(name -> {
            assertThat(name).matches("[a-z][a-z0-9]{2,62}"); // valid table name, and a valid container name
        });
    }

    @Test
    void longAndOddPrefixesAreCutAndCleaned() {
        assertThat(TestStorage.uniqueName("x".repeat(100))).hasSizeLessThanOrEqualTo(63);
        assertThat(TestStorage.uniqueName("9lives")).startsWith("t9lives");
        assertThat(TestStorage.uniqueName("--")).startsWith("t");
    }

    @Test
    void missingNodeIsReportedWithWhatToInstall() {
        assertThatThrownBy(() -> Azurite.requireTool("azkit-no-such-tool"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'azkit-no-such-tool' is not on the PATH")
                .hasMessageContaining("install Node.js")
                .hasMessageContaining("AZKIT_STORAGE_CONNECTION_STRING");
    }
}
