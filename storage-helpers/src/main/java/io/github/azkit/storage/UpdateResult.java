package io.github.azkit.storage;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link OptimisticUpdate} did.
 *
 * <p>Immutable if the value is; thread-safe in that case.
 *
 * @param value the value stored when the update finished: the one written, or, if nothing was written, the one
 *     read; null if nothing was written and no value exists
 * @param eTag the ETag of {@code value}, or null when {@code value} is null
 * @param attempts how many read-apply-write rounds were made, 1 if there was no conflict
 * @param wrote whether a write was made ({@code false} when the change function answered "no change")
 * @param <T> the value type
 */
public record UpdateResult<T>(@Nullable T value, @Nullable String eTag, int attempts, boolean wrote) {
}
