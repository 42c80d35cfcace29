package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobContainerClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class NpmRouteIT {

    @Test
    void extensionHandsOutWorkingBlobAndTableStorage(TestStorage storage) {
        // Given the storage this JVM resolved (npm Azurite on this machine, no Docker, no connection string)
        BlobContainerClient container = storage.createContainer();
        TableClient table = storage.createTable();

        // When a blob and an entity are written
        container.getBlobClient("hello.txt").upload(BinaryData.fromString("hello"));
        table.createEntity(new TableEntity("p", "r").addProperty("n", 42));

        // Then both read back
        assertThat(container.getBlobClient("hello.txt").downloadContent().toString()).isEqualTo("hello");
        assertThat(table.getEntity("p", "r").getProperty("n")).isEqualTo(42);
    }

    @Test
    void sameTestSeesOneStorageInstanceForAllParameters(TestStorage first, TestStorage second) {
        assertThat(first).isSameAs(second);
    }

    @Test
    void azuriteStartedDirectlyServesAndStopsOnClose() {
        int port;
        try (Azurite azurite = Azurite.start()) {
            port = azurite.blobPort();
            assertThat(azurite.isRunning()).isTrue();
            assertThat(azurite.connectionString()).contains("BlobEndpoint=http://127.0.0.1:" + port);
            BlobContainerClient container = new com.azure.storage.blob.BlobServiceClientBuilder()
                    .connectionString(azurite.connectionString()).buildClient()
                    .createBlobContainer(TestStorage.uniqueName("direct"));
            assertThat(container.exists()).isTrue();
        }
        assertThat(accepts(port)).as("port %d still open after close()", port).isFalse();
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException closed) {
            return false;
        }
    }
}
