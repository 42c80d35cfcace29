package io.github.azkit.storage;

import io.github.azkit.storage.internal.Checks;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A value read from storage together with the ETag it had when it was read, and the record of recent writes that
 * {@link OptimisticUpdate} keeps beside it. Custom {@link ETagStore}s create one with {@link #of(Object, String)} or
 * {@link #of(Object, String, String)}.
 *
 * <p>Immutable if the value is; thread-safe in that case.
 *
 * @param <T> the value type
 */
public final class Versioned<T> {

    private final T value;
    private final String eTag;
    private final @Nullable String recentWrites;

    private Versioned(T value, String eTag, @Nullable String recentWrites) {
        this.value = Checks.notNull(value, "value");
        this.eTag = Checks.notNull(eTag, "eTag");
        this.recentWrites = recentWrites;
    }

    /**
     * A versioned value with no record of recent writes (a store that keeps none: a lost response then ends in
     * {@link OutcomeUnknownException}).
     *
     * @param value the value
     * @param eTag the ETag the value had when read
     * @param <T> the value type
     * @return the versioned value
     * @throws NullPointerException if {@code value} or {@code eTag} is null
     */
    public static <T> Versioned<T> of(T value, String eTag) {
        return new Versioned<>(value, eTag, null);
    }

    /**
     * A versioned value with the record of recent writes stored beside it.
     *
     * @param value the value
     * @param eTag the ETag the value had when read
     * @param recentWrites the record of recent writes stored with the value (the string last given to
     *     {@link ETagStore#write}), or null if the value has none
     * @param <T> the value type
     * @return the versioned value
     * @throws NullPointerException if {@code value} or {@code eTag} is null
     */
    public static <T> Versioned<T> of(T value, String eTag, @Nullable String recentWrites) {
        return new Versioned<>(value, eTag, recentWrites);
    }

    /**
     * The value.
     *
     * @return the value
     */
    public T value() {
        return value;
    }

    /**
     * The ETag the value had when read, to send back as If-Match.
     *
     * @return the ETag
     */
    public String eTag() {
        return eTag;
    }

    /**
     * The record of recent writes stored with the value; stores keep it opaque.
     *
     * @return the record, or null if the value has none
     */
    public @Nullable String recentWrites() {
        return recentWrites;
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

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Versioned<?> other && value.equals(other.value) && eTag.equals(other.eTag)
                && Objects.equals(recentWrites, other.recentWrites);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, eTag, recentWrites);
    }

    @Override
    public String toString() {
        return "Versioned[value=" + value + ", eTag=" + eTag + ", recentWrites=" + recentWrites + "]";
    }
}
