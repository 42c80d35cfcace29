package io.github.azkit.storage;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable snapshot of a {@link TransactionCounter}: how many requests of each {@link TransactionKind} were
 * sent, to which {@link StorageService}, how many of them failed (HTTP status 400 or above, or no response), and the
 * body bytes sent and received.
 *
 * <p>Snapshots subtract: {@code after.minus(before)} is what happened in between. Thread-safe (immutable).
 */
public final class TransactionCounts {

    private static final TransactionKind[] KINDS = TransactionKind.values();
    private static final StorageService[] SERVICES = StorageService.values();

    /** Counts by service and kind, at {@code service.ordinal() * KINDS.length + kind.ordinal()}. */
    private final long[] byServiceAndKind;
    private final long clientErrors;
    private final long serverErrors;
    private final long unanswered;
    private final long bytesSent;
    private final long bytesReceived;

    TransactionCounts(long[] byServiceAndKind, long clientErrors, long serverErrors, long unanswered, long bytesSent,
            long bytesReceived) {
        this.byServiceAndKind = byServiceAndKind.clone();
        this.clientErrors = clientErrors;
        this.serverErrors = serverErrors;
        this.unanswered = unanswered;
        this.bytesSent = bytesSent;
        this.bytesReceived = bytesReceived;
    }

    /**
     * The number of requests of one kind, to every service.
     *
     * @param kind the kind
     * @return the count
     */
    public long get(TransactionKind kind) {
        long sum = 0;
        for (StorageService service : SERVICES) {
            sum += get(service, kind);
        }
        return sum;
    }

    /**
     * The number of requests of one kind to one service.
     *
     * @param service the service
     * @param kind the kind
     * @return the count
     */
    public long get(StorageService service, TransactionKind kind) {
        return byServiceAndKind[service.ordinal() * KINDS.length + kind.ordinal()];
    }

    /**
     * All requests, of every kind.
     *
     * @return the total
     */
    public long total() {
        return Arrays.stream(byServiceAndKind).sum();
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
        return clientErrors + serverErrors + unanswered;
    }

    /**
     * Requests answered with an HTTP status from 400 to 499 (for example 404 Not Found, 409 Conflict, 412
     * Precondition Failed). Part of {@link #failed()}.
     *
     * @return the requests answered with a client error
     */
    public long clientErrors() {
        return clientErrors;
    }

    /**
     * Requests answered with an HTTP status of 500 or above (for example 503 Server Busy). Part of {@link #failed()}.
     *
     * @return the requests answered with a server error
     */
    public long serverErrors() {
        return serverErrors;
    }

    /**
     * Requests that got no response: the connection failed, or the attempt timed out or was cancelled. Part of
     * {@link #failed()}.
     *
     * @return the requests not answered
     */
    public long unanswered() {
        return unanswered;
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
        long[] difference = new long[byServiceAndKind.length];
        for (int i = 0; i < difference.length; i++) {
            difference[i] = byServiceAndKind[i] - earlier.byServiceAndKind[i];
        }
        return new TransactionCounts(difference, clientErrors - earlier.clientErrors,
                serverErrors - earlier.serverErrors, unanswered - earlier.unanswered, bytesSent - earlier.bytesSent,
                bytesReceived - earlier.bytesReceived);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TransactionCounts that
                && Arrays.equals(byServiceAndKind, that.byServiceAndKind)
                && clientErrors == that.clientErrors
                && serverErrors == that.serverErrors
                && unanswered == that.unanswered
                && bytesSent == that.bytesSent
                && bytesReceived == that.bytesReceived;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(byServiceAndKind), clientErrors, serverErrors, unanswered, bytesSent,
                bytesReceived);
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
        return text.append(" failed=").append(failed()).append(" sent=").append(bytesSent).append("B received=")
                .append(bytesReceived).append('B').toString();
    }
}
