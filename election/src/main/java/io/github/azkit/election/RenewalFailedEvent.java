package io.github.azkit.election;

/**
 * A renewal of an {@link AutoRenewingLease} failed with an error that may heal (a timeout, a 5xx, no answer); the
 * lease is still held and renewal is tried again soon. Given to the listener set by
 * {@link AutoRenewingLease.Builder#onRenewalFailed}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RenewalFailedEvent {

    private final AutoRenewingLease lease;
    private final RuntimeException cause;

    RenewalFailedEvent(AutoRenewingLease lease, RuntimeException cause) {
        this.lease = lease;
        this.cause = cause;
    }

    /**
     * The lease, still held.
     *
     * @return the lease
     */
    public AutoRenewingLease lease() {
        return lease;
    }

    /**
     * Why the renewal failed.
     *
     * @return the failure
     */
    public RuntimeException cause() {
        return cause;
    }

    @Override
    public String toString() {
        return "RenewalFailedEvent[" + lease.blobClient().getBlobName() + ", cause=" + cause + "]";
    }
}
