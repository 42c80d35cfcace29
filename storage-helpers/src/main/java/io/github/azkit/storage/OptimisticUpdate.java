package io.github.azkit.storage;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import io.github.azkit.storage.internal.Checks;
import java.time.Duration;
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
 * <p><b>Exactly once, even when responses are lost.</b> Azure can apply a write and lose its response (a timeout, a
 * connection reset); the SDK's retry policy then sends the write again, and the copy fails with 412 although the
 * change is stored. Taking that 412 for a lost race would apply the change twice. So every write also stores a short
 * record of the last 16 write ids beside the value (see {@link ETagStore}: blob metadata, or one string property of
 * an entity; at most 143 characters), and after a transient failure (5xx, 408, 429, I/O error, timeout), or a
 * conflict that an {@link AttemptTracker} on the client did not see answered at the first attempt (or any conflict,
 * on a client without a tracker), this class reads the value again, as a conflict needs anyway, and looks for its
 * own write id:
 * <ul>
 *   <li>found: the write was applied; the update returns it as written ({@code wrote == true});</li>
 *   <li>absent, and the record shows the versions since the one it read: not applied; the change is applied again
 *       to the value just read, as for any conflict (a transient failure with the ETag unchanged writes again with
 *       the same If-Match and id, so at most one of the two requests can ever succeed);</li>
 *   <li>cannot tell (more than 16 writes since the version it read, or a write by code that keeps no record): it throws
 *       {@link OutcomeUnknownException}, whose message says how to find out. So it does when the attempts run out
 *       while a request that failed in transit could still be applied, and when the read after a failure fails.</li>
 * </ul>
 * Each change is applied exactly once or the call throws {@link OutcomeUnknownException}; it is never applied twice in
 * silence. Cost: no extra transaction on the happy path, nor on a conflict the tracker saw answered at once; one
 * extra read after each failure that may have been applied. Add an {@link AttemptTracker} to the clients: without
 * one every conflict costs that extra read, and a value contended by more than 16 writers at once can end in
 * {@link OutcomeUnknownException} even with no fault at all.
 * Other failures (400, 403, 404 for a missing container, ...) are thrown at once: the service refused the write.
 *
 * <p>Stateless and thread-safe; the function may be called several times and from several threads, so it must be
 * pure (no side effects other than building its result).
 */
public final class OptimisticUpdate {

    /**
     * The policy {@link #update(ETagStore, Change)} uses: 10 attempts, delays from 20 ms doubling up to 1 s with
     * jitter 1.0, a 30 s deadline. It differs from {@link RetryPolicy#DEFAULT} on purpose: that one waits out
     * transient faults (a busy service needs seconds), while a conflict clears as soon as the other writer's round
     * ends (milliseconds), and contenders that retry in step collide again, so this one retries sooner, more often
     * and with full jitter.
     */
    public static final RetryPolicy CONFLICT_POLICY = RetryPolicy.builder()
            .maxAttempts(10)
            .initialDelay(Duration.ofMillis(20))
            .maxDelay(Duration.ofSeconds(1))
            .deadline(Duration.ofSeconds(30))
            .jitter(1.0)
            .build();

    private static final Logger LOGGER = LoggerFactory.getLogger(OptimisticUpdate.class);

    private OptimisticUpdate() {
    }

    /**
     * Updates with {@link #CONFLICT_POLICY}, no timeout and no context.
     *
     * @param store where the value lives
     * @param change the pure function from the current value to the new one
     * @param <T> the value type
     * @return what was done
     * @throws HttpResponseException the last conflict, with the earlier ones suppressed, when the attempts or the
     *     deadline run out; any other storage error at once
     * @throws OutcomeUnknownException when a write's response was lost and the value cannot tell whether it was
     *     applied
     * @throws NullPointerException if an argument is null
     */
    public static <T> UpdateResult<T> update(ETagStore<T> store, Change<T> change) {
        return update(store, change, CONFLICT_POLICY, null, Context.NONE);
    }

    /**
     * Updates with no timeout and no context; see {@link #update(ETagStore, Change, RetryPolicy, Duration, Context)}.
     *
     * @param store where the value lives
     * @param change the pure function from the current value to the new one
     * @param policy the attempts, backoff and deadline for conflicts and for writes that failed in transit
     * @param <T> the value type
     * @return what was done
     * @throws HttpResponseException the last conflict or transient failure, with the earlier ones suppressed, when
     *     the attempts or the deadline run out; any other storage error at once
     * @throws OutcomeUnknownException when a write's response was lost and the value cannot tell whether it was
     *     applied
     * @throws NullPointerException if an argument is null
     */
    public static <T> UpdateResult<T> update(ETagStore<T> store, Change<T> change, RetryPolicy policy) {
        return update(store, change, policy, null, Context.NONE);
    }

    /**
     * Reads, applies {@code change}, and writes conditionally, retrying on conflicts as {@code policy} allows, all
     * within {@code timeout}. Every read and write goes through {@link ETagStore#read(Duration, Context)} and
     * {@link ETagStore#write(Object, String, String, Duration, Context)} with {@code context} and the time left.
     *
     * @param store where the value lives
     * @param change the pure function from the current value to the new one
     * @param policy the attempts, backoff and deadline for conflicts and for writes that failed in transit
     * @param timeout the bound on the whole update, retries included, measured on the policy's monotonic ticker;
     *     null for none (the policy's deadline still ends the retries)
     * @param context passed to every SDK call the store makes (tracing, cancellation); {@link Context#NONE} for none
     * @param <T> the value type
     * @return what was done, with the number of rounds; after a write applied despite a lost response, the value
     *     and ETag read back (which may include later writers' changes)
     * @throws HttpResponseException the last conflict (412 or 409) or transient failure, with the earlier ones
     *     suppressed, when the attempts or the deadline run out and the write was certainly not applied; any other
     *     error from the store or the function at once, with the failures before it suppressed
     * @throws OutcomeUnknownException when a write's response was lost and the value cannot tell whether it was
     *     applied, or when the attempts run out while a failed request could still be applied
     * @throws NullPointerException if an argument other than {@code timeout} is null, or if {@code change} returns
     *     null instead of an Optional
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public static <T> UpdateResult<T> update(ETagStore<T> store, Change<T> change, RetryPolicy policy,
            @Nullable Duration timeout, Context context) {
        Checks.notNull(store, "store");
        Checks.notNull(change, "change");
        Checks.notNull(policy, "policy");
        Checks.timeout(timeout);
        Checks.notNull(context, "context");
        long start = policy.ticker().read();
        String writeId = RecentWrites.newId();
        List<RuntimeException> failures = new ArrayList<>();
        boolean earlierMayLand = false; // an earlier attempt of this call failed in transit and could still land
        for (int attempt = 1; ; attempt++) {
            Versioned<T> current;
            Optional<T> next;
            try {
                current = store.read(policy.remaining(start, timeout), context);
                next = Objects.requireNonNull(change.apply(current == null ? null : current.value()),
                        "the change function returned null; return Optional.empty() for \"no change\"");
            } catch (RuntimeException e) {
                throw RetryPolicy.withSuppressed(e, failures);
            }
            if (next.isEmpty()) {
                return current == null
                        ? new UpdateResult<>(null, null, attempt, false)
                        : new UpdateResult<>(current.value(), current.eTag(), attempt, false);
            }
            String ifMatch = current == null ? null : current.eTag();
            try {
                String eTag = store.write(next.get(), ifMatch,
                        RecentWrites.next(current == null ? null : current.recentWrites(), writeId),
                        policy.remaining(start, timeout), context);
                return new UpdateResult<>(next.get(), eTag, attempt, true);
            } catch (RuntimeException e) {
                boolean conflict = isConflict(e, ifMatch == null);
                if (!conflict && !RetryPolicy.isTransient(e)) {
                    throw RetryPolicy.withSuppressed(e, failures); // refused outright: nothing was applied
                }
                // A conflict, or a lost response: unless a tracker saw every attempt answered, the write may have
                // been applied by an attempt whose response the SDK never saw. The read a conflict needs anyway
                // tells which.
                boolean mayHaveBeenApplied = !conflict || earlierMayLand || AttemptTracker.mayHaveBeenApplied(e);
                boolean mayStillLand = false;
                if (mayHaveBeenApplied) {
                    Versioned<T> now;
                    try {
                        now = store.read(policy.remaining(start, timeout), context);
                    } catch (RuntimeException readFailure) {
                        e.addSuppressed(readFailure);
                        throw unknown(e, failures, writeId, "and reading the value back failed too ("
                                + readFailure + ")");
                    }
                    switch (RecentWrites.outcome(current, now, writeId)) {
                        case APPLIED:
                            LOGGER.debug("Write {} was applied although its response was lost (HTTP {})", writeId,
                                    statusOf(e));
                            return new UpdateResult<>(now.value(), now.eTag(), attempt, true);
                        case UNKNOWN:
                            throw unknown(e, failures, writeId, "and the value has been rewritten since by more than "
                                    + RecentWrites.CAPACITY + " writes, or by code that keeps no record of its writes");
                        default:
                            break;
                    }
                    // Not applied. Unless another write has changed the value since, the lost request could still
                    // land; writing again with the same If-Match and id lets at most one of the two succeed.
                    mayStillLand = !conflict && (now == null ? current == null
                            : current != null && now.eTag().equals(current.eTag()));
                    earlierMayLand |= mayStillLand;
                }
                Duration delay = attempt < policy.maxAttempts() ? policy.delayBeforeRetry(attempt) : Duration.ZERO;
                if (attempt >= policy.maxAttempts() || !policy.hasTimeFor(start, delay, timeout)
                        || !policy.pause(delay)) {
                    if (mayStillLand) {
                        throw unknown(e, failures, writeId, "and the request may still be applied by the service");
                    }
                    throw RetryPolicy.withSuppressed(e, failures);
                }
                failures.add(e);
                LOGGER.debug("Write {} not applied on attempt {} (HTTP {}), applying the change again after {}",
                        writeId, attempt, statusOf(e), delay);
            }
        }
    }

    private static OutcomeUnknownException unknown(RuntimeException failure, List<RuntimeException> earlier,
            String writeId, String why) {
        OutcomeUnknownException unknown = new OutcomeUnknownException("The outcome of write " + writeId
                + " is unknown: it failed with " + failure + " after it may have reached the service, " + why
                + ". Do not simply call again: read the value and check whether it holds the change (write "
                + writeId + " is in its record of recent writes if it was applied).", writeId, failure);
        earlier.forEach(unknown::addSuppressed);
        return unknown;
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
     * The caller's pure function from the current value to the new one. Concurrent updates call it from their own
     * threads, so it must be thread-safe; being pure, it is.
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
