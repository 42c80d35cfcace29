package io.github.azkit.storage;

import java.util.Objects;

/**
 * A value read from storage together with the ETag it had when it was read.
 *
 * <p>Immutable if {@code value} is; thread-safe in that case.
 *
 * @param value the value
 * @param eTag the ETag the value had when read, to send back as If-Match
 * @param <T> the value type
 */
public record Versioned<T>(T value, String eTag) {

    /**
     * Creates a versioned value.
     *
     * @param value the value
     * @param eTag the ETag
     * @throws NullPointerException if {@code value} or {@code eTag} is null
     */
    public Versioned {
        Objects.requireNonNull(value, "'value' must not be null");
        Objects.requireNonNull(eTag, "'eTag' must not be null");
    }
}
