package io.github.azkit.logging;

/**
 * What {@link PeriodicLog#purgeAll()} did. Immutable.
 *
 * @param listedBlobs the blobs listed under the log's prefix, its own and any others
 * @param deletedBlobs the expired blobs now gone: deleted by this call, or found already gone (404) because another
 *     purge deleted them or because this call's own Delete was applied, its response lost and the SDK's retry
 *     answered 404 (the two cannot be told apart)
 * @param listRequests the List Blobs requests made, one per page of up to 5,000 blobs
 * @param deleteRequests the Delete Blob requests made, one per expired blob
 */
public record PurgeResult(long listedBlobs, long deletedBlobs, long listRequests, long deleteRequests) {

    /**
     * The transactions made, SDK retries not counted: {@code listRequests + deleteRequests}.
     *
     * @return the transactions
     */
    public long transactions() {
        return listRequests + deleteRequests;
    }
}
