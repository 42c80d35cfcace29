package io.github.azkit.storage;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link OptimisticUpdate} did. A result the library returns: it may gain accessors in later versions, so it
 * has no public constructor.
 *
 * <p>Immutable if the value is; thread-safe in that case.
 *
 * @param <T> the value type
 */
public final class UpdateResult<T> {

    private final @Nullable T value;
    private final @Nullable String eTag;
    private final int attempts;
    private final boolean written;

    UpdateResult(@Nullable T value, @Nullable String eTag, int attempts, boolean written) {
        this.value = value;
        this.eTag = eTag;
        this.attempts = attempts;
        this.written = written;
    }

    /**
     * The value stored when the update finished: the one written, or, if nothing was written, the one read.
     *
     * @return the value, or null if nothing was written and no value exists
     */
    public @Nullable T value() {
        return value;
    }

    /**
     * The ETag of {@link #value()}.
     *
     * @return the ETag, or null when the value is null
     */
    public @Nullable String eTag() {
        return eTag;
    }

    /**
     * How many read-apply-write rounds were made.
     *
     * @return 1 if there was no conflict, more otherwise
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Whether a write was made.
     *
     * @return {@code false} when the change function answered "no change"
     */
    public boolean isWritten() {
        return written;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof UpdateResult<?> other && Objects.equals(value, other.value)
                && Objects.equals(eTag, other.eTag) && attempts == other.attempts && written == other.written;
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, eTag, attempts, written);
    }

    @Override
    public String toString() {
        return "UpdateResult[value=" + value + ", eTag=" + eTag + ", attempts=" + attempts + ", written=" + written
                + "]";
    }
}
