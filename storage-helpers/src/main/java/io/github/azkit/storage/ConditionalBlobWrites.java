package io.github.azkit.storage;

import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import java.util.Objects;
import java.util.Optional;

/**
 * Conditional whole-blob writes that report "someone else got there first" as an empty result instead of an
 * exception. Each call is exactly one Put Blob transaction (no existence check first, so no race between the check
 * and the write).
 *
 * <p>Stateless and thread-safe.
 */
public final class ConditionalBlobWrites {

    private ConditionalBlobWrites() {
    }

    /**
     * Creates the block blob with {@code data} only if it does not exist (If-None-Match: *).
     *
     * @param blob the blob
     * @param data the content
     * @return the new blob's ETag, or empty if the blob already existed (it is left unchanged)
     * @throws BlobStorageException for any other storage error, for example a missing container
     * @throws NullPointerException if an argument is null
     */
    public static Optional<String> uploadIfAbsent(BlobClient blob, BinaryData data) {
        Objects.requireNonNull(blob, "'blob' must not be null");
        Objects.requireNonNull(data, "'data' must not be null");
        try {
            return Optional.of(upload(blob, data, new BlobRequestConditions().setIfNoneMatch("*")).getValue().getETag());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409 || e.getStatusCode() == 412) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Replaces the block blob's content with {@code data} only if its ETag is still {@code eTag} (If-Match).
     *
     * @param blob the blob
     * @param data the new content
     * @param eTag the ETag the blob must still have, as read earlier
     * @return the new ETag, or empty if the blob changed since (or was deleted): nothing was written
     * @throws BlobStorageException for any other storage error
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code eTag} is blank or {@code "*"} (use {@link BlobClient#upload} to
     *     overwrite unconditionally)
     */
    public static Optional<String> uploadIfMatch(BlobClient blob, BinaryData data, String eTag) {
        Objects.requireNonNull(blob, "'blob' must not be null");
        Objects.requireNonNull(data, "'data' must not be null");
        Objects.requireNonNull(eTag, "'eTag' must not be null");
        if (eTag.isBlank() || eTag.equals("*")) {
            throw new IllegalArgumentException("'eTag' must be an ETag read from the blob, was \"" + eTag
                    + "\"; to overwrite unconditionally use BlobClient.upload(data, true)");
        }
        try {
            return Optional.of(upload(blob, data, new BlobRequestConditions().setIfMatch(eTag)).getValue().getETag());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 412 || e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static Response<BlockBlobItem> upload(BlobClient blob, BinaryData data, BlobRequestConditions conditions) {
        return blob.getBlockBlobClient().uploadWithResponse(
                new BlockBlobSimpleUploadOptions(data).setRequestConditions(conditions), null, Context.NONE);
    }
}
