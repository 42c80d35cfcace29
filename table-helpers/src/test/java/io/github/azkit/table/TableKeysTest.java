package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.data.tables.models.TableEntity;
import org.junit.jupiter.api.Test;

class TableKeysTest {

    @Test
    void acceptsOrdinaryKeysUpTo1KiB() {
        assertThat(TableKeys.checkPartitionKey("jeff@example.com")).isEqualTo("jeff@example.com");
        assertThat(TableKeys.checkRowKey("")).isEmpty();
        assertThat(TableKeys.checkRowKey("x".repeat(1024))).hasSize(1024);
        assertThat(TableKeys.checkKeys(new TableEntity("日本", "😀 ok"))).isNotNull();
    }

    @Test
    void rejectsForbiddenCharactersNamingTheKey() {
        for (String bad : new String[] {"a/b", "a\\b", "a#b", "a?b"}) {
            assertThatThrownBy(() -> TableKeys.checkPartitionKey(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("PartitionKey \"" + bad + "\" has the forbidden character '"
                            + bad.charAt(1) + "' at index 1");
        }
        Throwable thrown = catchThrowable(() -> {
            // @start region="guide-key-check"
            TableKeys.checkRowKey("tab\there");   // throws IllegalArgumentException, before any storage call:
            // RowKey "tab\u0009here" has the forbidden character U+0009 at index 3; keys may not contain / \ # ?
            // or control characters: encode the value (for example with URL-safe Base64) or replace those characters
            // @end region="guide-key-check"
        });
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("RowKey \"tab\\u0009here\" has the forbidden character U+0009 at index 3")
                .hasMessageContaining("Base64");
        assertThatThrownBy(() -> TableKeys.checkRowKey("x\u0085")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TableKeys.checkKeys(new TableEntity("ok", "a/b")))
                .hasMessageStartingWith("RowKey");
    }

    @Test
    void rejectsKeysOver1KiBInUtf8() {
        assertThatThrownBy(() -> TableKeys.checkRowKey("x".repeat(1025)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is 1025 bytes in UTF-8; the limit is 1024");
        assertThatThrownBy(() -> TableKeys.checkPartitionKey("é".repeat(513)))
                .hasMessageContaining("PartitionKey").hasMessageContaining("1026 bytes");
        assertThatThrownBy(() -> TableKeys.checkPartitionKey(null)).isInstanceOf(NullPointerException.class);
    }
}
