package io.github.azkit.storage;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import io.github.azkit.storage.internal.Checks;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Conditional whole-blob writes that report "someone else got there first" as an empty result instead of an
 * exception. Each call is one Put Blob transaction (no existence check first, so no race between the check and the
 * write).
 *
 * <p><b>Under lost responses.</b> Azure can apply a write and lose its response; the SDK then sends it again and the
 * copy fails with 409 or 412, which would read as "someone else got there first" although this call wrote the blob.
 * So each write stores a fresh write id as the blob's only metadata ({@value ETagStore#BLOB_METADATA_KEY}, 8
 * characters; any other metadata is replaced, as by every Put Blob), and when a conflict may follow a lost response
 * (always, on a client without an {@link AttemptTracker}; only after a lost attempt, on a client with one) or the
 * write fails in transit, one Get Blob Properties looks for that id: found, the call reports the write as done.
 * The one case it cannot tell: another writer replaced or deleted the blob between this write and that read; then
 * the call reports "not written" (for a failure in transit, rethrows it) although its write was applied and
 * immediately superseded.
 *
 * <p>Each call has an overload ending in {@code Duration timeout, Context context}: the timeout bounds the whole call
 * (the write and the read that may follow it), and the context is passed to every SDK call.
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
     * @throws BlobStorageException for any other storage error, for example a missing container; a failure in transit
     *     (after the SDK's retries) when the blob does not show this write
     * @throws NullPointerException if an argument is null
     */
    public static Optional<String> uploadIfAbsent(BlobClient blob, BinaryData data) {
        return uploadIfAbsent(blob, data, null, Context.NONE);
    }

    /**
     * Like {@link #uploadIfAbsent(BlobClient, BinaryData)}, bounded by {@code timeout} and passing {@code context}
     * to every SDK call.
     *
     * @param blob the blob
     * @param data the content
     * @param timeout the bound on the whole call, or null for none
     * @param context passed to every SDK call; {@link Context#NONE} for none
     * @return the new blob's ETag, or empty if the blob already existed (it is left unchanged)
     * @throws BlobStorageException for any other storage error, for example a missing container; a failure in transit
     *     (after the SDK's retries) when the blob does not show this write
     * @throws RuntimeException the SDK's failure when {@code timeout} runs out (with a {@link
     *     java.util.concurrent.TimeoutException} as cause)
     * @throws NullPointerException if an argument other than {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public static Optional<String> uploadIfAbsent(BlobClient blob, BinaryData data, @Nullable Duration timeout,
            Context context) {
        Checks.notNull(blob, "blob");
        Checks.notNull(data, "data");
        return write(blob, data, new BlobRequestConditions().setIfNoneMatch("*"), 409, Checks.timeout(timeout),
                Checks.notNull(context, "context"));
    }

    /**
     * Replaces the block blob's content with {@code data} only if its ETag is still {@code eTag} (If-Match).
     *
     * @param blob the blob
     * @param data the new content
     * @param eTag the ETag the blob must still have, as read earlier
     * @return the new ETag, or empty if the blob changed since (or was deleted): nothing was written
     * @throws BlobStorageException for any other storage error; a failure in transit (after the SDK's retries) when
     *     the blob does not show this write
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code eTag} is blank or {@code "*"} (use {@link BlobClient#upload} to
     *     overwrite unconditionally)
     */
    public static Optional<String> uploadIfMatch(BlobClient blob, BinaryData data, String eTag) {
        return uploadIfMatch(blob, data, eTag, null, Context.NONE);
    }

    /**
     * Like {@link #uploadIfMatch(BlobClient, BinaryData, String)}, bounded by {@code timeout} and passing
     * {@code context} to every SDK call.
     *
     * @param blob the blob
     * @param data the new content
     * @param eTag the ETag the blob must still have, as read earlier
     * @param timeout the bound on the whole call, or null for none
     * @param context passed to every SDK call; {@link Context#NONE} for none
     * @return the new ETag, or empty if the blob changed since (or was deleted): nothing was written
     * @throws BlobStorageException for any other storage error; a failure in transit (after the SDK's retries) when
     *     the blob does not show this write
     * @throws RuntimeException the SDK's failure when {@code timeout} runs out (with a {@link
     *     java.util.concurrent.TimeoutException} as cause)
     * @throws NullPointerException if an argument other than {@code timeout} is null
     * @throws IllegalArgumentException if {@code eTag} is blank or {@code "*"} (use {@link BlobClient#upload} to
     *     overwrite unconditionally), or if {@code timeout} is zero or negative
     */
    public static Optional<String> uploadIfMatch(BlobClient blob, BinaryData data, String eTag,
            @Nullable Duration timeout, Context context) {
        Checks.notNull(blob, "blob");
        Checks.notNull(data, "data");
        Checks.notNull(eTag, "eTag");
        if (eTag.isBlank() || eTag.equals("*")) {
            throw new IllegalArgumentException("'eTag' must be an ETag read from the blob, was \"" + eTag
                    + "\"; to overwrite unconditionally use BlobClient.upload(data, true)");
        }
        return write(blob, data, new BlobRequestConditions().setIfMatch(eTag), 404, Checks.timeout(timeout),
                Checks.notNull(context, "context"));
    }

    /** One conditional Put Blob; a 412 or {@code otherRefusal} is "not written" unless the blob shows our id. */
    private static Optional<String> write(BlobClient blob, BinaryData data, BlobRequestConditions conditions,
            int otherRefusal, @Nullable Duration timeout, Context context) {
        long start = Ticker.systemTicker().read();
        String writeId = RecentWrites.newId();
        BlockBlobSimpleUploadOptions options = new BlockBlobSimpleUploadOptions(data).setRequestConditions(conditions)
                .setMetadata(Map.of(ETagStore.BLOB_METADATA_KEY, writeId));
        try {
            return Optional.of(AttemptTracker.track(context, tracked -> blob.getBlockBlobClient()
                    .uploadWithResponse(options, timeout, tracked)).getValue().getETag());
        } catch (RuntimeException e) {
            boolean refused = e instanceof BlobStorageException b
                    && (b.getStatusCode() == 412 || b.getStatusCode() == otherRefusal);
            if (!refused && !RetryPolicy.isTransient(e)) {
                throw e;
            }
            if (refused && !AttemptTracker.mayHaveBeenApplied(e)) {
                return Optional.empty();
            }
            Optional<String> ours = writtenBy(blob, writeId, remaining(start, timeout), context);
            if (ours.isPresent() || refused) {
                return ours;
            }
            throw e;
        }
    }

    /** What is left of {@code timeout} since {@code start} (at least 1 ms), or null for no timeout. */
    private static @Nullable Duration remaining(long start, @Nullable Duration timeout) {
        return timeout == null ? null
                : Duration.ofNanos(Math.max(timeout.toNanos() - (Ticker.systemTicker().read() - start), 1_000_000L));
    }

    /** The blob's ETag if its metadata holds {@code writeId}: one Get Blob Properties. */
    private static Optional<String> writtenBy(BlobClient blob, String writeId, @Nullable Duration timeout,
            Context context) {
        try {
            BlobProperties properties = blob.getPropertiesWithResponse(null, timeout, context).getValue();
            Map<String, String> metadata = properties.getMetadata();
            return metadata != null && writeId.equals(metadata.get(ETagStore.BLOB_METADATA_KEY))
                    ? Optional.of(properties.getETag()) : Optional.empty();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
