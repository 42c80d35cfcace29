package io.github.azkit.logging;

import io.github.azkit.storage.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The time left to one public operation, retries included, measured on a {@link Ticker}: each SDK call of the
 * operation is given what is left as its timeout, and no call starts once nothing is left. Immutable and
 * thread-safe.
 */
final class Deadline {

    /** No limit. */
    static final Deadline NONE = new Deadline(null, Ticker.systemTicker(), 0);

    private final @Nullable Duration timeout;
    private final Ticker ticker;
    private final long startNanos;

    private Deadline(@Nullable Duration timeout, Ticker ticker, long startNanos) {
        this.timeout = timeout;
        this.ticker = ticker;
        this.startNanos = startNanos;
    }

    /**
     * A deadline {@code timeout} from now.
     *
     * @param timeout the operation's timeout, null for no limit
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    static Deadline after(@Nullable Duration timeout, Ticker ticker) {
        Checks.timeout(timeout, "timeout");
        return timeout == null ? NONE : new Deadline(timeout, ticker, ticker.read());
    }

    /** Whether the operation has a time limit. */
    boolean isBounded() {
        return timeout != null;
    }

    /** Whether nothing is left. */
    boolean hasExpired() {
        return timeout != null && ticker.read() - startNanos >= timeout.toNanos();
    }

    /**
     * The time left, as the timeout of the next SDK call: null without a limit.
     *
     * @throws RuntimeException caused by a {@link TimeoutException} if nothing is left
     */
    @Nullable Duration remaining() {
        if (timeout == null) {
            return null;
        }
        long left = timeout.toNanos() - (ticker.read() - startNanos);
        if (left <= 0) {
            throw expired();
        }
        return Duration.ofNanos(left);
    }

    /**
     * The failure thrown when the time is up: a {@link RuntimeException} caused by a {@link TimeoutException}, the
     * shape the SDK's own calls throw when their timeout runs out.
     */
    RuntimeException expired() {
        String message = "the operation did not finish within its timeout of " + timeout
                + " (retries included): give it a longer timeout, or call it again later";
        return new RuntimeException(message, new TimeoutException(message));
    }
}
