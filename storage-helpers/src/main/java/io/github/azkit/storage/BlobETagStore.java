package io.github.azkit.storage;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@link ETagStore#blob(BlobClient)}. Thread-safe (the SDK client is). */
final class BlobETagStore implements ETagStore<BinaryData> {

    private final BlobClient blob;

    BlobETagStore(BlobClient blob) {
        this.blob = blob;
    }

    @Override
    public @Nullable Versioned<BinaryData> read() {
        BlobDownloadContentResponse response;
        try {
            response = blob.downloadContentWithResponse(null, null, null, Context.NONE);
        } catch (BlobStorageException e) {
            if (isBlobNotFound(e)) {
                return null;
            }
            throw e;
        }
        Map<String, String> metadata = response.getDeserializedHeaders().getMetadata();
        return new Versioned<>(response.getValue(), response.getDeserializedHeaders().getETag(),
                metadata == null ? null : metadata.get(BLOB_METADATA_KEY));
    }

    @Override
    public String write(BinaryData value, @Nullable String ifMatch, String recentWrites) {
        BlockBlobSimpleUploadOptions options = new BlockBlobSimpleUploadOptions(value)
                .setRequestConditions(conditions(ifMatch)).setMetadata(Map.of(BLOB_METADATA_KEY, recentWrites));
        return AttemptTracker.track(context -> blob.getBlockBlobClient().uploadWithResponse(options, null, context))
                .getValue().getETag();
    }

    static BlobRequestConditions conditions(@Nullable String ifMatch) {
        return ifMatch == null
                ? new BlobRequestConditions().setIfNoneMatch("*")
                : new BlobRequestConditions().setIfMatch(ifMatch);
    }

    static boolean isBlobNotFound(BlobStorageException e) {
        return e.getStatusCode() == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode());
    }
}
