package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobServiceClientBuilder;
import org.junit.jupiter.api.Test;

class EnvironmentRouteIT {

    @Test
    void connectionStringFromTheEnvironmentWinsAndIsUsedAsGiven() {
        try (Azurite azurite = Azurite.start()) {
            // Given AZKIT_STORAGE_CONNECTION_STRING points at some account (here: a second Azurite)
            StorageEnvironment environment = StorageEnvironment.resolve(null, azurite.connectionString());

            // Then the route is ENVIRONMENT and tests get that very account
            assertThat(environment.route()).isEqualTo(StorageRoute.ENVIRONMENT);
            assertThat(environment.connectionString()).isEqualTo(azurite.connectionString());
            TestStorage storage = new TestStorage(environment, "env-test", true);
            String name = storage.createContainer().getBlobContainerName();
            assertThat(new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                    .getBlobContainerClient(name).exists()).isTrue();
            storage.close();
            assertThat(new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                    .getBlobContainerClient(name).exists()).as("deleted when the test ends").isFalse();
        }
    }

    @Test
    void forcedEnvironmentRouteWithoutConnectionStringSaysWhatIsMissing() {
        assertThatThrownBy(() -> StorageEnvironment.resolve("environment", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AZKIT_STORAGE_CONNECTION_STRING");
    }

    @Test
    void unknownRouteNameIsRejectedWithTheChoices() {
        assertThatThrownBy(() -> StorageEnvironment.resolve("podman", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'podman'")
                .hasMessageContaining("ENVIRONMENT, DOCKER or NPM");
    }
}
