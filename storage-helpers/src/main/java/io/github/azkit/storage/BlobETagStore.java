package io.github.azkit.storage;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import java.time.Duration;
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
        return read(null, Context.NONE);
    }

    @Override
    public @Nullable Versioned<BinaryData> read(@Nullable Duration timeout, Context context) {
        BlobDownloadContentResponse response;
        try {
            response = blob.downloadContentWithResponse(null, null, timeout, context);
        } catch (BlobStorageException e) {
            if (isBlobNotFound(e)) {
                return null;
            }
            throw e;
        }
        Map<String, String> metadata = response.getDeserializedHeaders().getMetadata();
        return Versioned.of(response.getValue(), response.getDeserializedHeaders().getETag(),
                metadata == null ? null : metadata.get(BLOB_METADATA_KEY));
    }

    @Override
    public String write(BinaryData value, @Nullable String ifMatch, String recentWrites) {
        return write(value, ifMatch, recentWrites, null, Context.NONE);
    }

    @Override
    public String write(BinaryData value, @Nullable String ifMatch, String recentWrites, @Nullable Duration timeout,
            Context context) {
        BlockBlobSimpleUploadOptions options = new BlockBlobSimpleUploadOptions(value)
                .setRequestConditions(conditions(ifMatch)).setMetadata(Map.of(BLOB_METADATA_KEY, recentWrites));
        return AttemptTracker.track(context, tracked -> blob.getBlockBlobClient().uploadWithResponse(options,
                timeout, tracked)).getValue().getETag();
    }

    /** {@link ETagStore#blobBytes(BlobClient)}: the same store, converting to and from byte arrays. */
    static ETagStore<byte[]> bytes(BlobETagStore store) {
        return new ETagStore<>() {
            @Override
            public @Nullable Versioned<byte[]> read() {
                return read(null, Context.NONE);
            }

            @Override
            public @Nullable Versioned<byte[]> read(@Nullable Duration timeout, Context context) {
                Versioned<BinaryData> v = store.read(timeout, context);
                return v == null ? null : v.withValue(v.value().toBytes());
            }

            @Override
            public String write(byte[] value, @Nullable String ifMatch, String recentWrites) {
                return write(value, ifMatch, recentWrites, null, Context.NONE);
            }

            @Override
            public String write(byte[] value, @Nullable String ifMatch, String recentWrites,
                    @Nullable Duration timeout, Context context) {
                return store.write(BinaryData.fromBytes(value), ifMatch, recentWrites, timeout, context);
            }
        };
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
