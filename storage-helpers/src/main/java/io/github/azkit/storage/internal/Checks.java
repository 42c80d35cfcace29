package io.github.azkit.storage.internal;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks with the messages the API convention asks for: what was wrong, with the offending value. Not part
 * of the API (the package is not exported). Stateless and thread-safe.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * Checks that an argument is not null.
     *
     * @param value the argument
     * @param name the parameter's name
     * @param <T> its type
     * @return {@code value}
     * @throws NullPointerException naming the parameter if {@code value} is null
     */
    public static <T> T notNull(T value, String name) {
        return Objects.requireNonNull(value, () -> "'" + name + "' must not be null");
    }

    /**
     * Checks that a duration is not null and greater than zero.
     *
     * @param value the duration
     * @param name the parameter's name
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public static Duration positive(Duration value, String name) {
        notNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("'" + name + "' must be positive, was " + value);
        }
        return value;
    }

    /**
     * Checks that a duration is not null and not negative.
     *
     * @param value the duration
     * @param name the parameter's name
     * @return {@code value}
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public static Duration nonNegative(Duration value, String name) {
        notNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException("'" + name + "' must not be negative, was " + value);
        }
        return value;
    }

    /**
     * Checks that a nullable timeout, when given, is positive.
     *
     * @param timeout the timeout, or null for none
     * @return {@code timeout}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public static @Nullable Duration timeout(@Nullable Duration timeout) {
        return timeout == null ? null : positive(timeout, "timeout");
    }
}
