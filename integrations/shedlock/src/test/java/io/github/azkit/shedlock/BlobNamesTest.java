package io.github.azkit.shedlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which lock names can be blob names, and what the error says for those that cannot. */
class BlobNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"job", "reports/daily", "Monatsbericht für März", "a.b", "x-y_z:1", "ジョブ", "😀"})
    void validNamesAreUsedAsTheyAre(String name) {
        assertThat(BlobNames.of("", name)).isEqualTo(name);
        assertThat(BlobNames.of("shedlock/", name)).isEqualTo("shedlock/" + name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "job/|it ends with '/'",
        "job.|a path segment (\"job.\") ends with '.'",
        "a./b|a path segment (\"a.\") ends with '.'",
        "a//b|it has an empty path segment",
        "/a|it has an empty path segment",
        "a\\b|it holds '\\' at index 1, which Azure turns into '/'"})
    void invalidNamesAreRefusedWithTheReasonAndTheFix(String name, String reason) {
        assertThatThrownBy(() -> BlobNames.of("", name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Lock name \"" + name + "\" cannot be a blob name: " + reason)
                .hasMessageContaining("Rename the lock");
    }

    @org.junit.jupiter.api.Test
    void controlCharactersLengthAndSegmentsAreChecked() {
        assertThatThrownBy(() -> BlobNames.of("", "a\nb"))
                .hasMessageStartingWith("Lock name \"a\\u000Ab\" cannot be a blob name: it holds the control"
                        + " character U+000A at index 1");
        assertThat(BlobNames.of("", "x".repeat(1024))).hasSize(1024);
        assertThatThrownBy(() -> BlobNames.of("p/", "x".repeat(1023)))
                .hasMessageContaining("(with blobPrefix \"p/\")").hasMessageContaining("1025 characters")
                .hasMessageContaining("1 to 1022 characters");
        assertThat(BlobNames.of("", "a/".repeat(253) + "a")).isNotEmpty();
        assertThatThrownBy(() -> BlobNames.of("", "a/".repeat(254) + "a")).hasMessageContaining("255 path segments");
        assertThatThrownBy(() -> BlobNames.of("", "\uD800x")).hasMessageContaining("unpaired surrogate at index 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "shedlock/", "locks-", "a/b/"})
    void validPrefixesAreKept(String prefix) {
        assertThat(BlobNames.prefix(prefix)).isEqualTo(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "a//", "a./", "a\\"})
    void invalidPrefixesAreRefused(String prefix) {
        assertThatThrownBy(() -> BlobNames.prefix(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'blobPrefix' \"" + prefix + "\" cannot start a blob name: ");
    }
}
