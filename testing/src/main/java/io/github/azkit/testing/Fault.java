package io.github.azkit.testing;

/**
 * The kinds of fault a {@link FaultInjector} injects; see the factories of {@link FaultRule}.
 *
 * <p>Immutable; thread-safe.
 */
public enum Fault {
    /** The request was sent and applied; its response was read, then lost to a connection reset. */
    LOST_RESPONSE,
    /** The request was sent and applied; the client then gave up waiting for the response. */
    TIMEOUT,
    /** The connection failed before the request was sent: nothing was applied. */
    FAILED_BEFORE_SENDING,
    /** The service refused the request with an error status (500, 503 or 429): nothing was applied. */
    STATUS,
    /** The request was delayed, then sent normally. */
    LATENCY
}
