package io.github.azkit.storage;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import io.github.azkit.storage.internal.Checks;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One value in storage guarded by an ETag: the two operations {@link OptimisticUpdate} needs. A blob, a table entity
 * or anything else with ETags can be adapted; {@link #blob(BlobClient)} and {@link #blobBytes(BlobClient)} adapt a
 * blob, and the table helpers adapt an entity.
 *
 * <p><b>The record of recent writes.</b> {@link OptimisticUpdate} hands {@link #write} a short string (at most
 * 143 ASCII characters: the ids of the last 16 writes) that the store must keep beside the value and return from
 * {@link #read()} in {@link Versioned#recentWrites()}. After a write whose response was lost, that record is how
 * {@link OptimisticUpdate} tells its own applied write from another writer's, so it never applies a change twice.
 * The blob adapters keep it in the blob's metadata ({@value #BLOB_METADATA_KEY}); the table helpers in a string
 * property. A store that does not keep it still works without faults, but a lost response then ends in an
 * {@link OutcomeUnknownException} instead of an answer.
 *
 * <p><b>Timeout and context.</b> {@link OptimisticUpdate#update(ETagStore, OptimisticUpdate.Change, RetryPolicy,
 * Duration, Context)} calls {@link #read(Duration, Context)} and
 * {@link #write(Object, String, String, Duration, Context)} with the time left and the caller's {@link Context}. By
 * default these ignore both and call {@link #read()} and {@link #write(Object, String, String)}; a store that calls
 * the SDK overrides them to pass both on to the SDK's {@code ...WithResponse(..., timeout, context)} calls, as the
 * blob adapters do.
 *
 * <p>Implementations must be safe to call from several threads at once if the updates using them run concurrently;
 * the blob adapters are.
 *
 * @param <T> the value type
 */
public interface ETagStore<T> {

    /** The blob metadata key under which the blob adapters keep the record of recent writes. */
    String BLOB_METADATA_KEY = "azkitwrites";

    /**
     * Reads the current value, its ETag and its record of recent writes.
     *
     * @return the value with its ETag, or {@code null} if there is none (blob or entity absent)
     * @throws RuntimeException a storage error, which {@link OptimisticUpdate} propagates unchanged
     */
    @Nullable Versioned<T> read();

    /**
     * Writes {@code value} only if the stored value still has ETag {@code ifMatch}, or, when {@code ifMatch} is
     * null, only if no value exists yet (If-None-Match: *).
     *
     * @param value the new value
     * @param ifMatch the ETag the value must still have, or null to create
     * @param recentWrites the record of recent writes to keep with the value, in the same request, and to return
     *     from {@link #read()}
     * @return the new ETag
     * @throws com.azure.core.exception.HttpResponseException with status 412 when the ETag no longer matches, or
     *     409 (or 412) when creating and the value already exists; {@link OptimisticUpdate} re-reads and retries
     *     those; any other failure is propagated
     */
    String write(T value, @Nullable String ifMatch, String recentWrites);

    /**
     * Reads as {@link #read()} does, passing {@code timeout} and {@code context} on to the SDK. The default ignores
     * both and calls {@link #read()}.
     *
     * @param timeout the bound on this read, or null for none
     * @param context passed to the SDK call
     * @return the value with its ETag, or {@code null} if there is none
     * @throws RuntimeException a storage error, which {@link OptimisticUpdate} propagates unchanged
     */
    default @Nullable Versioned<T> read(@Nullable Duration timeout, Context context) {
        return read();
    }

    /**
     * Writes as {@link #write(Object, String, String)} does, passing {@code timeout} and {@code context} on to the
     * SDK. The default ignores both and calls {@link #write(Object, String, String)}.
     *
     * @param value the new value
     * @param ifMatch the ETag the value must still have, or null to create
     * @param recentWrites the record of recent writes to keep with the value
     * @param timeout the bound on this write, or null for none
     * @param context passed to the SDK call
     * @return the new ETag
     * @throws com.azure.core.exception.HttpResponseException as {@link #write(Object, String, String)} does
     */
    default String write(T value, @Nullable String ifMatch, String recentWrites, @Nullable Duration timeout,
            Context context) {
        return write(value, ifMatch, recentWrites);
    }

    /**
     * An ETag store from two functions; the timeout and context of an update are not passed to them.
     *
     * @param read reads the value, ETag and record of recent writes, or returns null if absent (see {@link #read()})
     * @param write writes conditionally, keeping the record of recent writes, and returns the new ETag (see
     *     {@link #write(Object, String, String)})
     * @param <T> the value type
     * @return the store
     * @throws NullPointerException if {@code read} or {@code write} is null
     */
    static <T> ETagStore<T> of(Supplier<@Nullable Versioned<T>> read, Writer<T> write) {
        Checks.notNull(read, "read");
        Checks.notNull(write, "write");
        return new ETagStore<>() {
            @Override
            public @Nullable Versioned<T> read() {
                return read.get();
            }

            @Override
            public String write(T value, @Nullable String ifMatch, String recentWrites) {
                return write.write(value, ifMatch, recentWrites);
            }
        };
    }

    /**
     * A block blob's whole content as {@link BinaryData}. A read is one Get Blob (absent when the blob does not
     * exist; a missing container is an error); a write is one Put Blob with If-Match, or If-None-Match: * to create.
     * The record of recent writes is the blob's only metadata ({@value #BLOB_METADATA_KEY}, at most 154 bytes of
     * headers): a write replaces any other metadata the blob had, as every Put Blob does.
     *
     * @param blob the blob
     * @return the store
     * @throws NullPointerException if {@code blob} is null
     */
    static ETagStore<BinaryData> blob(BlobClient blob) {
        return new BlobETagStore(Checks.notNull(blob, "blob"));
    }

    /**
     * A block blob's whole content as a byte array; otherwise like {@link #blob(BlobClient)}.
     *
     * @param blob the blob
     * @return the store
     * @throws NullPointerException if {@code blob} is null
     */
    static ETagStore<byte[]> blobBytes(BlobClient blob) {
        return BlobETagStore.bytes(new BlobETagStore(Checks.notNull(blob, "blob")));
    }

    /**
     * The conditional write of {@link #of(Supplier, Writer)}. It must be thread-safe if the updates using the store
     * run concurrently.
     *
     * @param <T> the value type
     */
    @FunctionalInterface
    interface Writer<T> {
        /**
         * Writes as {@link ETagStore#write(Object, String, String)} does.
         *
         * @param value the new value
         * @param ifMatch the ETag the value must still have, or null to create
         * @param recentWrites the record of recent writes to keep with the value
         * @return the new ETag
         */
        String write(T value, @Nullable String ifMatch, String recentWrites);
    }
}
