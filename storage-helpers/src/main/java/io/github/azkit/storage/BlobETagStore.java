package io.github.azkit.storage;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
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
        return new Versioned<>(response.getValue(), response.getDeserializedHeaders().getETag());
    }

    @Override
    public String write(BinaryData value, @Nullable String ifMatch) {
        return ConditionalBlobWrites.upload(blob, value, conditions(ifMatch)).getValue().getETag();
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
