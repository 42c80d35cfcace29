package io.github.azkit.election;

import org.jspecify.annotations.Nullable;

/**
 * An {@link AutoRenewingLease} is lost: the service refused a renewal (someone broke or took the lease), or the
 * local ticker says the lease may have expired because renewals did not succeed in time. Given to the listener set
 * by {@link AutoRenewingLease.Builder#onLeaseLost}.
 *
 * <p>Immutable and thread-safe.
 */
public final class LeaseLostEvent {

    private final AutoRenewingLease lease;
    private final @Nullable RuntimeException cause;

    LeaseLostEvent(AutoRenewingLease lease, @Nullable RuntimeException cause) {
        this.lease = lease;
        this.cause = cause;
    }

    /**
     * The lease that is lost; it is never renewed again, and {@link AutoRenewingLease#isHeld()} is {@code false}.
     *
     * @return the lease
     */
    public AutoRenewingLease lease() {
        return lease;
    }

    /**
     * The service's refusal, or {@code null} if the lease ran out by the local ticker (renewals did not succeed in
     * time).
     *
     * @return the refusal, or {@code null}
     */
    public @Nullable RuntimeException cause() {
        return cause;
    }

    @Override
    public String toString() {
        return "LeaseLostEvent[" + lease.blobClient().getBlobName() + ", cause=" + cause + "]";
    }
}
