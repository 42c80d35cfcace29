package io.github.azkit.table.internal;

import io.github.azkit.storage.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The end of an operation's timeout, measured on a {@link Ticker}: the whole operation, retries included, must end
 * by it. Each storage call gets what is left as its own timeout. Immutable and thread-safe.
 */
public final class Deadline {

    private static final String EXPIRED = "the operation did not finish within its timeout of ";
    private static final Deadline NONE = new Deadline(null, Ticker.systemTicker(), 0);

    private final @Nullable Duration timeout;
    private final Ticker ticker;
    private final long end;

    private Deadline(@Nullable Duration timeout, Ticker ticker, long end) {
        this.timeout = timeout;
        this.ticker = ticker;
        this.end = end;
    }

    /**
     * A deadline {@code timeout} from now.
     *
     * @param timeout the timeout, or null for none
     * @param ticker the time source
     * @return the deadline
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public static Deadline after(@Nullable Duration timeout, Ticker ticker) {
        Checks.timeout(timeout);
        if (timeout == null) {
            return NONE;
        }
        long now = ticker.read();
        long nanos = timeout.compareTo(Duration.ofDays(365 * 100)) > 0 ? Long.MAX_VALUE / 4 : timeout.toNanos();
        return new Deadline(timeout, ticker, now + nanos);
    }

    /**
     * No deadline.
     *
     * @return the deadline that never passes
     */
    public static Deadline none() {
        return NONE;
    }

    /**
     * What is left, for the timeout of the next storage call.
     *
     * @return the time left (at least 1 ms), or null when there is no deadline
     * @throws IllegalStateException with a {@link TimeoutException} as cause, when the deadline has passed
     */
    public @Nullable Duration remaining() {
        if (timeout == null) {
            return null;
        }
        long left = end - ticker.read();
        if (left <= 0) {
            throw expired();
        }
        return Duration.ofNanos(Math.max(left, 1_000_000));
    }

    /**
     * Throws if the deadline has passed.
     *
     * @throws IllegalStateException with a {@link TimeoutException} as cause, when it has
     */
    public void check() {
        remaining();
    }

    /**
     * Whether a failure is the expiry of a deadline (not a storage failure: nothing was sent).
     *
     * @param failure the failure
     * @return true if a deadline threw it
     */
    public static boolean isExpiry(Throwable failure) {
        return failure instanceof IllegalStateException && failure.getCause() instanceof TimeoutException
                && String.valueOf(failure.getMessage()).startsWith(EXPIRED);
    }

    private IllegalStateException expired() {
        return new IllegalStateException(EXPIRED + timeout,
                new TimeoutException("timeout " + timeout + " elapsed"));
    }
}
