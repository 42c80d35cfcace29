package io.github.azkit.election;

/**
 * Told about trouble with an {@link AutoRenewingLease}. Methods run on the lease's scheduler thread, at once when the
 * trouble is seen; they must return quickly (hand long work to another thread). An exception thrown by a method is
 * logged and otherwise ignored.
 *
 * <p>Implementations must be thread-safe if the scheduler has more than one thread.
 */
@FunctionalInterface
public interface LeaseListener {

    /**
     * The lease is lost: the service refused a renewal (someone broke or took the lease), or the local ticker says
     * the lease may have expired because renewals did not succeed in time. This is called before the service would
     * let another client acquire the lease (see {@link AutoRenewingLease}), and at most once per lease. After it,
     * {@link AutoRenewingLease#isHeld()} is {@code false} and the lease is never renewed again.
     *
     * @param lease the lease that is lost
     * @param cause the service's refusal, or {@code null} if the lease ran out by the local ticker
     */
    void onLeaseLost(AutoRenewingLease lease, @org.jspecify.annotations.Nullable RuntimeException cause);

    /**
     * A renewal failed with an error that may heal (a timeout, a 5xx); the lease is still held and renewal will be
     * tried again soon. The default does nothing.
     *
     * @param lease the lease
     * @param cause the failure
     */
    default void onRenewalFailed(AutoRenewingLease lease, RuntimeException cause) {
    }
}
