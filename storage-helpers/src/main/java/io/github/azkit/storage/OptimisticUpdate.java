package io.github.azkit.storage;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ETag optimistic concurrency: read a value and its ETag, apply a pure function, write the result only if the ETag
 * is unchanged; when another writer got there first (HTTP 412, or 409 when two writers race to create), read again
 * and apply the function again, waiting between rounds as a {@link RetryPolicy} says.
 *
 * <pre>{@code
 * UpdateResult<byte[]> r = OptimisticUpdate.update(ETagStore.blobBytes(blob),
 *         current -> Optional.of(increment(current)));
 * }</pre>
 *
 * <p>The function may answer {@link Optional#empty()} ("no change"); then nothing is written (no transaction is
 * spent on a write that would change nothing). Cost: one read and one write per round; a round that answers "no
 * change" costs one read.
 *
 * <p>Only conflicts are retried here. Transient faults (503, timeouts) are left to the SDK's own retry policy: a
 * write that timed out may have been applied, and applying the function again to its result would apply it twice.
 *
 * <p>Stateless and thread-safe; the function may be called several times and from several threads, so it must be
 * pure (no side effects other than building its result).
 */
public final class OptimisticUpdate {

    /**
     * The policy {@link #update(ETagStore, Change)} uses: 10 attempts, backoff from 20 ms capped at 1 s, 30 s
     * deadline.
     */
    public static final RetryPolicy DEFAULT_POLICY = RetryPolicy.builder()
            .maxAttempts(10)
            .initialDelay(Duration.ofMillis(20))
            .maxDelay(Duration.ofSeconds(1))
            .deadline(Duration.ofSeconds(30))
            .build();

    private static final Logger LOGGER = LoggerFactory.getLogger(OptimisticUpdate.class);

    private OptimisticUpdate() {
    }

    /**
     * Updates with {@link #DEFAULT_POLICY}.
     *
     * @param store where the value lives
     * @param change the pure function from the current value to the new one
     * @param <T> the value type
     * @return what was done
     * @throws HttpResponseException the last conflict, with the earlier ones suppressed, when the attempts or the
     *     deadline run out; any other storage error at once
     * @throws NullPointerException if an argument is null
     */
    public static <T> UpdateResult<T> update(ETagStore<T> store, Change<T> change) {
        return update(store, change, DEFAULT_POLICY);
    }

    /**
     * Reads, applies {@code change}, and writes conditionally, retrying on conflicts as {@code policy} allows.
     *
     * @param store where the value lives
     * @param change the pure function from the current value to the new one
     * @param policy the attempts, backoff and deadline for conflicts (its {@link RetryPolicy#isTransient} is not used)
     * @param <T> the value type
     * @return what was done, with the number of rounds
     * @throws HttpResponseException the last conflict (412 or 409), with the earlier ones suppressed, when the
     *     attempts or the deadline run out; any other error from the store or the function at once, with the
     *     conflicts before it suppressed
     * @throws NullPointerException if an argument is null, or if {@code change} returns null instead of an Optional
     */
    public static <T> UpdateResult<T> update(ETagStore<T> store, Change<T> change, RetryPolicy policy) {
        Objects.requireNonNull(store, "'store' must not be null");
        Objects.requireNonNull(change, "'change' must not be null");
        Objects.requireNonNull(policy, "'policy' must not be null");
        Instant start = policy.getClock().instant();
        List<RuntimeException> conflicts = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            Versioned<T> current;
            Optional<T> next;
            try {
                current = store.read();
                next = Objects.requireNonNull(change.apply(current == null ? null : current.value()),
                        "the change function returned null; return Optional.empty() for \"no change\"");
            } catch (RuntimeException e) {
                throw RetryPolicy.withSuppressed(e, conflicts);
            }
            if (next.isEmpty()) {
                return current == null
                        ? new UpdateResult<>(null, null, attempt, false)
                        : new UpdateResult<>(current.value(), current.eTag(), attempt, false);
            }
            String ifMatch = current == null ? null : current.eTag();
            try {
                String eTag = store.write(next.get(), ifMatch);
                return new UpdateResult<>(next.get(), eTag, attempt, true);
            } catch (RuntimeException e) {
                if (!isConflict(e, ifMatch == null)) {
                    throw RetryPolicy.withSuppressed(e, conflicts);
                }
                Duration delay = attempt < policy.getMaxAttempts() ? policy.delayBeforeRetry(attempt) : Duration.ZERO;
                if (attempt >= policy.getMaxAttempts() || !policy.hasTimeFor(start, delay)) {
                    throw RetryPolicy.withSuppressed(e, conflicts);
                }
                conflicts.add(e);
                LOGGER.debug("Conflict on attempt {} (HTTP {}), re-reading in {}", attempt, statusOf(e), delay);
                if (!policy.pause(delay)) {
                    conflicts.remove(conflicts.size() - 1);
                    throw RetryPolicy.withSuppressed(e, conflicts);
                }
            }
        }
    }

    /**
     * Whether a write failure means another writer got there first.
     *
     * @param failure the failure
     * @param creating whether the write was a create (If-None-Match: *)
     * @return true for 412, and for 409 when creating
     */
    static boolean isConflict(Throwable failure, boolean creating) {
        int status = statusOf(failure);
        return status == 412 || (creating && status == 409);
    }

    private static int statusOf(Throwable failure) {
        if (failure instanceof HttpResponseException) {
            HttpResponse response = ((HttpResponseException) failure).getResponse();
            return response == null ? -1 : response.getStatusCode();
        }
        return -1;
    }

    /**
     * The caller's pure function from the current value to the new one.
     *
     * @param <T> the value type
     */
    @FunctionalInterface
    public interface Change<T> {
        /**
         * Computes the new value.
         *
         * @param current the current value, or null if there is none yet
         * @return the new value, or {@link Optional#empty()} for "no change" (nothing is written)
         */
        Optional<T> apply(@Nullable T current);
    }
}
