package io.github.azkit.logging;

import org.jspecify.annotations.Nullable;

/**
 * What {@link PeriodicLog#purgeAll()} did. Values are equal when all their accessors are.
 *
 * <p>Immutable and thread-safe.
 */
public final class PurgeResult {

    private final long listedBlobs;
    private final long deletedBlobs;
    private final long listRequests;
    private final long deleteRequests;

    PurgeResult(long listedBlobs, long deletedBlobs, long listRequests, long deleteRequests) {
        this.listedBlobs = listedBlobs;
        this.deletedBlobs = deletedBlobs;
        this.listRequests = listRequests;
        this.deleteRequests = deleteRequests;
    }

    /**
     * The blobs listed under the log's prefix, its own and any others.
     *
     * @return the count
     */
    public long listedBlobs() {
        return listedBlobs;
    }

    /**
     * The expired blobs now gone: deleted by this call, or found already gone (404) because another purge deleted
     * them or because this call's own Delete was applied, its response lost and the SDK's retry answered 404 (the two
     * cannot be told apart).
     *
     * @return the count
     */
    public long deletedBlobs() {
        return deletedBlobs;
    }

    /**
     * The List Blobs requests made, one per page of up to 5,000 blobs (SDK retries not counted).
     *
     * @return the count
     */
    public long listRequests() {
        return listRequests;
    }

    /**
     * The Delete Blob requests made, one per expired blob (SDK retries not counted).
     *
     * @return the count
     */
    public long deleteRequests() {
        return deleteRequests;
    }

    /**
     * The transactions made, SDK retries not counted: {@code listRequests() + deleteRequests()}.
     *
     * @return the transactions
     */
    public long transactions() {
        return listRequests + deleteRequests;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof PurgeResult other && listedBlobs == other.listedBlobs
                && deletedBlobs == other.deletedBlobs && listRequests == other.listRequests
                && deleteRequests == other.deleteRequests;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(listedBlobs) * 31 * 31 * 31 + Long.hashCode(deletedBlobs) * 31 * 31
                + Long.hashCode(listRequests) * 31 + Long.hashCode(deleteRequests);
    }

    @Override
    public String toString() {
        return "PurgeResult[listedBlobs=" + listedBlobs + ", deletedBlobs=" + deletedBlobs + ", listRequests="
                + listRequests + ", deleteRequests=" + deleteRequests + "]";
    }
}
