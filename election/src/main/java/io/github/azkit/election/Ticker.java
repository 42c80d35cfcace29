package io.github.azkit.election;

/**
 * A monotonic time source in nanoseconds, as Caffeine's {@code Ticker} and {@link System#nanoTime()}: only the
 * difference between two readings means anything, and it never jumps when the wall clock is set (an NTP step, a VM
 * restore, an operator). This package measures durations on it (how long a lease is surely held); the wall
 * {@link java.time.Clock} decides only calendar things (which period it is, when a term began).
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {

    /**
     * Reads the time.
     *
     * @return nanoseconds since an arbitrary origin, never smaller than an earlier reading of the same ticker
     */
    long read();

    /**
     * The system's monotonic source, {@link System#nanoTime()}: the default of every builder in this package.
     *
     * @return the system ticker
     */
    static Ticker systemTicker() {
        return System::nanoTime;
    }
}
