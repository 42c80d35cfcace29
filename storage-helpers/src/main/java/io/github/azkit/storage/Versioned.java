package io.github.azkit.storage;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A value read from storage together with the ETag it had when it was read, and the record of recent writes that
 * {@link OptimisticUpdate} keeps beside it.
 *
 * <p>Immutable if {@code value} is; thread-safe in that case.
 *
 * @param value the value
 * @param eTag the ETag the value had when read, to send back as If-Match
 * @param recentWrites the record of recent writes stored with the value (the string last given to
 *     {@link ETagStore#write}), or null if the value has none; stores keep it opaque
 * @param <T> the value type
 */
public record Versioned<T>(T value, String eTag, @Nullable String recentWrites) {

    /**
     * Creates a versioned value.
     *
     * @param value the value
     * @param eTag the ETag
     * @param recentWrites the record of recent writes, or null
     * @throws NullPointerException if {@code value} or {@code eTag} is null
     */
    public Versioned {
        Objects.requireNonNull(value, "'value' must not be null");
        Objects.requireNonNull(eTag, "'eTag' must not be null");
    }

    /**
     * A versioned value with no record of recent writes.
     *
     * @param value the value
     * @param eTag the ETag
     * @throws NullPointerException if {@code value} or {@code eTag} is null
     */
    public Versioned(T value, String eTag) {
        this(value, eTag, null);
    }

    /**
     * The same version holding another value, for stores that convert between representations.
     *
     * @param converted the value in another representation
     * @param <U> its type
     * @return a version with the same ETag and record of recent writes
     * @throws NullPointerException if {@code converted} is null
     */
    public <U> Versioned<U> withValue(U converted) {
        return new Versioned<>(converted, eTag, recentWrites);
    }
}
