package io.github.azkit.table.internal;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Argument checks with the messages the API convention asks for. Stateless and thread-safe. */
public final class Checks {

    private Checks() {
    }

    /**
     * The argument, or a {@link NullPointerException} naming it.
     *
     * @param value the argument
     * @param name the parameter's name
     * @param <T> its type
     * @return the argument
     */
    public static <T> T notNull(@Nullable T value, String name) {
        return Objects.requireNonNull(value, () -> "'" + name + "' must not be null");
    }

    /**
     * The argument, or an {@link IllegalArgumentException} saying the range.
     *
     * @param value the argument
     * @param name the parameter's name
     * @param min the least allowed
     * @param max the most allowed
     * @return the argument
     */
    public static int between(int value, String name, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("'" + name + "' must be between " + min + " and " + max + ", was "
                    + value);
        }
        return value;
    }

    /**
     * A timeout given to an operation: {@code null} (no limit) or positive.
     *
     * @param timeout the timeout
     * @return the timeout
     */
    public static @Nullable Duration timeout(@Nullable Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("'timeout' must be positive, or null for no limit, was " + timeout);
        }
        return timeout;
    }
}
