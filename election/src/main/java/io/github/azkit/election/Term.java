package io.github.azkit.election;

import java.time.Instant;

/**
 * One leader's term: from acquiring the lease to losing or releasing it. Each term has a fencing token larger than
 * every earlier term's on the same blob, so a resource that remembers the largest token it has seen can refuse
 * writes from a leader whose term is over (one that was stalled, for example by a long garbage-collection pause,
 * and does not know yet that it was revoked).
 *
 * <p>Immutable and thread-safe; {@link #isValid()} reads the lease's state.
 */
public final class Term {

    private final long fencingToken;
    private final Instant startedAt;
    private final AutoRenewingLease lease;

    Term(long fencingToken, Instant startedAt, AutoRenewingLease lease) {
        this.fencingToken = fencingToken;
        this.startedAt = startedAt;
        this.lease = lease;
    }

    /**
     * The fencing token: 1 for the first term on a blob, then larger for each later term. Stored in the blob's
     * metadata ({@code azkitfencingtoken}), incremented with a conditional write under the lease.
     *
     * @return the token
     */
    public long fencingToken() {
        return fencingToken;
    }

    /**
     * When the term began, on the elector's clock.
     *
     * @return the instant
     */
    public Instant startedAt() {
        return startedAt;
    }

    /**
     * The lease id of this term, for writes to the election blob that must be made under the lease.
     *
     * @return the lease id
     */
    public String leaseId() {
        return lease.leaseId();
    }

    /**
     * Whether this term is still current: its lease is held, measured on the local ticker. A {@code true} answer can be stale
     * by the time it is used (the process may stall right after); use the fencing token to make writes safe.
     *
     * @return {@code true} while the term's lease is held
     */
    public boolean isValid() {
        return lease.isHeld();
    }

    @Override
    public String toString() {
        return "Term[fencingToken=" + fencingToken + ", startedAt=" + startedAt + "]";
    }
}
