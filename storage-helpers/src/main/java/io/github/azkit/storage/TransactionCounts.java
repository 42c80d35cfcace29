package io.github.azkit.storage;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable snapshot of a {@link TransactionCounter}: how many requests of each {@link TransactionKind} were
 * sent, how many of them failed (HTTP status 400 or above, or no response), and the body bytes sent and received.
 *
 * <p>Snapshots subtract: {@code after.minus(before)} is what happened in between. Thread-safe (immutable).
 */
public final class TransactionCounts {

    private static final TransactionKind[] KINDS = TransactionKind.values();

    private final long[] byKind;
    private final long failed;
    private final long bytesSent;
    private final long bytesReceived;

    TransactionCounts(long[] byKind, long failed, long bytesSent, long bytesReceived) {
        this.byKind = byKind.clone();
        this.failed = failed;
        this.bytesSent = bytesSent;
        this.bytesReceived = bytesReceived;
    }

    /**
     * The number of requests of one kind.
     *
     * @param kind the kind
     * @return the count
     */
    public long get(TransactionKind kind) {
        return byKind[kind.ordinal()];
    }

    /**
     * All requests, of every kind.
     *
     * @return the total
     */
    public long total() {
        return Arrays.stream(byKind).sum();
    }

    /**
     * Requests that changed or could change data: {@link TransactionKind#WRITE}, {@link TransactionKind#BATCH}
     * and {@link TransactionKind#DELETE}.
     *
     * @return the number of mutating requests
     */
    public long mutations() {
        return get(TransactionKind.WRITE) + get(TransactionKind.BATCH) + get(TransactionKind.DELETE);
    }

    /**
     * Requests answered with HTTP status 400 or above, or not answered at all. They are included in the counts by
     * kind (a failed request is still a billed transaction in most cases).
     *
     * @return the failed requests
     */
    public long failed() {
        return failed;
    }

    /**
     * Request body bytes sent, as declared by {@code Content-Length}.
     *
     * @return bytes sent
     */
    public long bytesSent() {
        return bytesSent;
    }

    /**
     * Response body bytes received, as declared by {@code Content-Length}.
     *
     * @return bytes received
     */
    public long bytesReceived() {
        return bytesReceived;
    }

    /**
     * What happened between an earlier snapshot and this one.
     *
     * @param earlier an earlier snapshot of the same counter
     * @return this minus {@code earlier}, field by field
     */
    public TransactionCounts minus(TransactionCounts earlier) {
        Objects.requireNonNull(earlier, "earlier");
        long[] difference = new long[KINDS.length];
        for (int i = 0; i < KINDS.length; i++) {
            difference[i] = byKind[i] - earlier.byKind[i];
        }
        return new TransactionCounts(difference, failed - earlier.failed, bytesSent - earlier.bytesSent,
                bytesReceived - earlier.bytesReceived);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TransactionCounts that
                && Arrays.equals(byKind, that.byKind)
                && failed == that.failed
                && bytesSent == that.bytesSent
                && bytesReceived == that.bytesReceived;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(byKind), failed, bytesSent, bytesReceived);
    }

    /**
     * A one-line summary such as {@code total=5 read=1 write=3 list=1 failed=0 sent=120B received=64B}.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("total=").append(total());
        for (TransactionKind kind : KINDS) {
            if (get(kind) != 0) {
                text.append(' ').append(kind.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(get(kind));
            }
        }
        return text.append(" failed=").append(failed).append(" sent=").append(bytesSent).append("B received=")
                .append(bytesReceived).append('B').toString();
    }
}
