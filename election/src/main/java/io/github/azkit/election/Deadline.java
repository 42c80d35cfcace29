package io.github.azkit.election;

import io.github.azkit.storage.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** The time left for an operation that may make several storage calls, measured on a {@link Ticker}. */
final class Deadline {

    private static final Deadline NONE = new Deadline(null, 0, null);

    private final @Nullable Ticker ticker;
    private final long end;
    private final @Nullable Duration timeout;

    private Deadline(@Nullable Ticker ticker, long end, @Nullable Duration timeout) {
        this.ticker = ticker;
        this.end = end;
        this.timeout = timeout;
    }

    /** A deadline {@code timeout} from now on {@code ticker}; none if {@code timeout} is null. */
    static Deadline after(@Nullable Duration timeout, Ticker ticker) {
        return timeout == null ? NONE : new Deadline(ticker, ticker.read() + timeout.toNanos(), timeout);
    }

    /**
     * The timeout for the next storage call: the time left, or null for no limit.
     *
     * @throws IllegalStateException (caused by a {@link TimeoutException}) if no time is left
     */
    @Nullable Duration remaining(String operation) {
        if (ticker == null) {
            return null;
        }
        long left = end - ticker.read();
        if (left <= 0) {
            throw new IllegalStateException(operation + " did not finish within its timeout of " + timeout,
                    new TimeoutException(operation + " timed out after " + timeout));
        }
        return Duration.ofNanos(left);
    }

    /** The shorter of two timeouts, either of which may be null (no limit). */
    static @Nullable Duration min(@Nullable Duration a, @Nullable Duration b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }
}
