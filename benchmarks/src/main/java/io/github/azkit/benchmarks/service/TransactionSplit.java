package io.github.azkit.benchmarks.service;

import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;

/**
 * The split of storage transactions into table and blob, and of blob transactions into the two prices: the service's
 * counter sees every request, {@link BlobRequestCounter} only the blob ones (an array indexed by
 * {@link TransactionKind#ordinal()}), so table = all - blob. Pure; thread-safe.
 */
final class TransactionSplit {

    static final TransactionKind[] KINDS = TransactionKind.values();

    private TransactionSplit() {
    }

    /**
     * Checks that the blob counter saw a subset of what the service's counter saw; anything else is a bug.
     *
     * @throws IllegalStateException if it saw more of some kind
     */
    static void check(String what, TransactionCounts all, long[] blob) {
        for (TransactionKind kind : KINDS) {
            if (blob[kind.ordinal()] > all.get(kind)) {
                throw new IllegalStateException(what + ": the blob counter saw " + blob[kind.ordinal()] + " "
                        + kind + " requests, the service's counter only " + all.get(kind) + " in all");
            }
        }
    }

    /** Blob transactions at the read price: read, lease, other. */
    static long blobReads(long[] blob) {
        return blob[TransactionKind.READ.ordinal()] + blob[TransactionKind.LEASE.ordinal()]
                + blob[TransactionKind.OTHER.ordinal()];
    }

    /** Blob transactions at the write price: write, list, batch. */
    static long blobWrites(long[] blob) {
        return blob[TransactionKind.WRITE.ordinal()] + blob[TransactionKind.LIST.ordinal()]
                + blob[TransactionKind.BATCH.ordinal()];
    }
}
