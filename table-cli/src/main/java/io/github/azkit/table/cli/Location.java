package io.github.azkit.table.cli;

import com.azure.storage.blob.BlobClient;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** A backup location: a local path, or {@code blob://CONTAINER/NAME} in the account. */
record Location(String text, @Nullable Path file, @Nullable String container, @Nullable String blobName) {

    static Location parse(String text) {
        if (text.startsWith("blob://")) {
            String rest = text.substring("blob://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException("'" + text + "' is not a blob location; write blob://CONTAINER/NAME");
            }
            return new Location(text, null, rest.substring(0, slash), rest.substring(slash + 1));
        }
        return new Location(text, Path.of(text), null, null);
    }

    boolean isBlob() {
        return container != null;
    }

    BlobClient blob(Connection connection) {
        return connection.blobs().getBlobContainerClient(container).getBlobClient(blobName);
    }

    /** A file-name-safe stem, for default checkpoint names. */
    String stem() {
        String name = isBlob() ? blobName : file.getFileName().toString();
        return name.substring(name.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
