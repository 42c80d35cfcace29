package io.github.azkit.storage;

/**
 * A write may or may not have been applied, and azkit could not find out which: its response was lost (a timeout,
 * a connection reset, a 5xx after the SDK's retries) and the stored value no longer shows whether it holds the
 * write. The {@linkplain #getCause() cause} is the failure of the write whose outcome is unknown.
 *
 * <p>Do not simply call again: that may apply the change a second time. Read the value and decide from its content
 * whether it already holds the change (for example, compare a counter with your own log of what you added), or
 * record the operation as "unknown" and reconcile later. {@link #writeId()} is the id the write would have stored in
 * the value's record of recent writes ({@link Versioned#recentWrites()}): if the record still holds it, the write
 * was applied.
 *
 * <p>{@link OptimisticUpdate} throws it only in two cases: the value changed more than
 * {@value RecentWrites#CAPACITY} times (or was rewritten by code that keeps no record) between the lost write and
 * the read that followed it; or the attempts or the deadline ran out while the last write's outcome was pending,
 * or the read that would have told failed too.
 *
 * <p>Immutable once thrown; thread-safe.
 */
public final class OutcomeUnknownException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The id of the write whose outcome is unknown. */
    private final String writeId;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param writeId the id of the write whose outcome is unknown
     * @param cause the failure of that write
     */
    public OutcomeUnknownException(String message, String writeId, Throwable cause) {
        super(message, cause);
        this.writeId = writeId;
    }

    /**
     * The id of the write whose outcome is unknown, as it would appear in {@link Versioned#recentWrites()}.
     *
     * @return the write id
     */
    public String writeId() {
        return writeId;
    }
}
