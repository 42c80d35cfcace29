package io.github.azkit.storage;

/**
 * A monotonic time source in nanoseconds, as Caffeine's {@code Ticker} and {@link System#nanoTime()}: only the
 * difference between two readings means anything, and it never jumps when the wall clock is set (an NTP step, a VM
 * restore, an operator). azkit measures lengths of time on it (how long a lease is surely held, how long a retry
 * may go on, a timeout); the wall {@link java.time.Clock} decides only calendar things (which period it is, when a
 * term began).
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
     * The system's monotonic source, {@link System#nanoTime()}: the default of every azkit builder.
     *
     * @return the system ticker
     */
    static Ticker systemTicker() {
        return System::nanoTime;
    }
}
