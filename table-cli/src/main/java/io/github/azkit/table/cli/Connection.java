package io.github.azkit.table.cli;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.storage.AttemptTracker;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How to reach the storage account: a connection string, or an endpoint and a Microsoft Entra sign-in. */
final class Connection {

    @Option(names = "--connection-string", paramLabel = "STRING",
            description = "The storage account's connection string (default: AZURE_STORAGE_CONNECTION_STRING).")
    @Nullable String connectionString;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "The table endpoint, e.g. https://ACCOUNT.table.core.windows.net, signing in with "
                    + "DefaultAzureCredential (environment, workload or managed identity, Azure CLI, ...).")
    @Nullable String endpoint;

    @Option(names = "--blob-endpoint", paramLabel = "URL",
            description = "The blob endpoint for blob:// locations with --endpoint (default: the table endpoint "
                    + "with .table. replaced by .blob.).")
    @Nullable String blobEndpoint;

    private String need() {
        if (connectionString == null && endpoint == null) {
            throw new IllegalArgumentException("no storage account: pass --connection-string, set "
                    + "AZURE_STORAGE_CONNECTION_STRING, or pass --endpoint to sign in with Microsoft Entra ID");
        }
        return connectionString != null ? connectionString : endpoint;
    }

    TableServiceClient tables() {
        need();
        // The tracker tells a batch's first-attempt 409 (the entity exists) from one after a lost response.
        TableServiceClientBuilder b = new TableServiceClientBuilder().addPolicy(new AttemptTracker());
        if (connectionString != null) {
            b.connectionString(connectionString);
        } else {
            b.endpoint(endpoint).credential(new DefaultAzureCredentialBuilder().build());
        }
        return b.buildClient();
    }

    BlobServiceClient blobs() {
        need();
        BlobServiceClientBuilder b = new BlobServiceClientBuilder().addPolicy(new AttemptTracker());
        if (connectionString != null) {
            b.connectionString(connectionString);
        } else {
            String url = blobEndpoint != null ? blobEndpoint : endpoint.replace(".table.", ".blob.");
            b.endpoint(url).credential(new DefaultAzureCredentialBuilder().build());
        }
        return b.buildClient();
    }
}
