package io.github.azkit.shedlock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder validates each setting at once, and build() names what is missing. */
class BuilderTest {

    @Test
    void buildNamesTheMissingContainer() {
        assertThatThrownBy(() -> AzureBlobLockProvider.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("'containerClient' must be set");
    }

    @Test
    void settersRefuseBadArgumentsAtOnce() {
        AzureBlobLockProvider.Builder builder = AzureBlobLockProvider.builder();
        assertThatThrownBy(() -> builder.containerClient(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("'containerClient' must not be null");
        assertThatThrownBy(() -> builder.blobPrefix(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("'blobPrefix' must not be null");
        assertThatThrownBy(() -> builder.operationTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("'operationTimeout' must not be null");
        assertThatThrownBy(() -> builder.operationTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'operationTimeout' must be positive, was PT0S");
        assertThatThrownBy(() -> builder.blobPrefix("locks//")).isInstanceOf(IllegalArgumentException.class);
    }
}
