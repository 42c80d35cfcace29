package io.github.azkit.storage;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded retry policy: at most {@link #getMaxAttempts()} attempts, exponential backoff with full jitter between
 * them (the delay before retry {@code n} is uniform in {@code [0, min(maxDelay, initialDelay * 2^(n-1))]}), and an
 * overall deadline measured from the first attempt. Time comes from an injected {@link Clock} and waiting goes
 * through an injected {@link Sleeper}, so tests run on a fake clock without sleeping.
 *
 * <p>When the attempts or the deadline run out, {@link #execute(Supplier)} throws the <em>last</em> failure with
 * the earlier ones attached as {@linkplain Throwable#getSuppressed() suppressed}. Only failures that
 * {@link #isTransient(Throwable)} accepts (or the predicate given) are retried; any other failure is thrown at once.
 *
 * <p>Immutable and thread-safe; one instance may serve any number of threads. Build one with {@link #builder()}.
 */
public final class RetryPolicy {

    private static final Logger LOGGER = LoggerFactory.getLogger(RetryPolicy.class);

    /**
     * The default: 5 attempts, 100 ms initial delay, 5 s maximum delay, 30 s deadline, the system UTC clock and
     * {@link Thread#sleep(long, int)}.
     */
    public static final RetryPolicy DEFAULT = builder().build();

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration deadline;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.deadline = b.deadline;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.jitter = b.jitter;
    }

    /**
     * A new builder with the {@link #DEFAULT} settings.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A new builder that starts from this policy's settings.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxAttempts = maxAttempts;
        b.initialDelay = initialDelay;
        b.maxDelay = maxDelay;
        b.deadline = deadline;
        b.clock = clock;
        b.sleeper = sleeper;
        b.jitter = jitter;
        return b;
    }

    /**
     * The most attempts made, counting the first.
     *
     * @return the maximum number of attempts, at least 1
     */
    public int getMaxAttempts() {
        return maxAttempts;
    }

    /**
     * The cap of the delay before the first retry.
     *
     * @return the initial delay
     */
    public Duration getInitialDelay() {
        return initialDelay;
    }

    /**
     * The largest delay between two attempts.
     *
     * @return the maximum delay
     */
    public Duration getMaxDelay() {
        return maxDelay;
    }

    /**
     * The overall time budget, measured from the start of the first attempt: no retry starts after it.
     *
     * @return the deadline
     */
    public Duration getDeadline() {
        return deadline;
    }

    /**
     * The clock the deadline is measured on.
     *
     * @return the clock
     */
    public Clock getClock() {
        return clock;
    }

    /**
     * The sleeper that waits between attempts.
     *
     * @return the sleeper
     */
    public Sleeper getSleeper() {
        return sleeper;
    }

    /**
     * The delay to wait before retry number {@code retry} (1 for the wait after the first failed attempt): uniform
     * in {@code [0, min(maxDelay, initialDelay * 2^(retry-1))]} (full jitter).
     *
     * @param retry the retry number, at least 1
     * @return the delay
     * @throws IllegalArgumentException if {@code retry} is less than 1
     */
    public Duration delayBeforeRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("'retry' must be at least 1, was " + retry);
        }
        long capNanos = backoffCapNanos(retry);
        double r = jitter.getAsDouble();
        if (!(r >= 0.0 && r <= 1.0)) {
            r = 1.0; // a misbehaving jitter source must not produce a negative or unbounded delay
        }
        return Duration.ofNanos((long) (capNanos * r));
    }

    /**
     * The upper bound of the jittered delay before retry {@code retry}:
     * {@code min(maxDelay, initialDelay * 2^(retry-1))}.
     *
     * @param retry the retry number, at least 1
     * @return the cap
     * @throws IllegalArgumentException if {@code retry} is less than 1
     */
    public Duration backoffCap(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("'retry' must be at least 1, was " + retry);
        }
        return Duration.ofNanos(backoffCapNanos(retry));
    }

    private long backoffCapNanos(int retry) {
        long initial = initialDelay.toNanos();
        long max = maxDelay.toNanos();
        int shift = Math.min(retry - 1, 62);
        long cap = initial > (max >> shift) ? max : initial << shift;
        return Math.min(cap, max);
    }

    /**
     * Runs {@code operation}, retrying failures that {@link #isTransient(Throwable)} accepts.
     *
     * @param operation the operation; it may run several times, so it must be safe to repeat
     * @param <T> the result type
     * @return the operation's result
     * @throws RuntimeException the operation's last failure (earlier ones suppressed) when it is not transient or
     *     when attempts or the deadline run out; an {@link Error} is never retried
     */
    public <T> T execute(Supplier<? extends T> operation) {
        return execute(operation, RetryPolicy::isTransient);
    }

    /**
     * Runs {@code operation}, retrying the failures {@code retryOn} accepts.
     *
     * @param operation the operation; it may run several times, so it must be safe to repeat
     * @param retryOn decides whether a failure is worth another attempt
     * @param <T> the result type
     * @return the operation's result
     * @throws RuntimeException the operation's last failure (earlier ones suppressed) when {@code retryOn} rejects
     *     it or when attempts or the deadline run out; if the thread is interrupted while waiting, the last failure
     *     is thrown at once and the interrupt flag is set again
     */
    public <T> T execute(Supplier<? extends T> operation, Predicate<? super RuntimeException> retryOn) {
        Objects.requireNonNull(operation, "'operation' must not be null");
        Objects.requireNonNull(retryOn, "'retryOn' must not be null");
        Instant start = clock.instant();
        List<RuntimeException> failures = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.get();
            } catch (RuntimeException e) {
                if (!retryOn.test(e)) {
                    throw withSuppressed(e, failures);
                }
                Duration delay = attempt < maxAttempts ? delayBeforeRetry(attempt) : Duration.ZERO;
                if (attempt >= maxAttempts || !hasTimeFor(start, delay)) {
                    throw withSuppressed(e, failures);
                }
                failures.add(e);
                LOGGER.debug("Attempt {} of {} failed, retrying in {}: {}", attempt, maxAttempts, delay, e.toString());
                if (!pause(delay)) {
                    failures.remove(failures.size() - 1);
                    throw withSuppressed(e, failures);
                }
            }
        }
    }

    /**
     * Whether a retry that waits {@code delay} first would still start before the deadline.
     *
     * @param start when the first attempt started
     * @param delay the wait before the next attempt
     * @return {@code true} if the next attempt may be made
     */
    public boolean hasTimeFor(Instant start, Duration delay) {
        return !clock.instant().plus(delay).isAfter(start.plus(deadline));
    }

    /**
     * Waits through the sleeper.
     *
     * @param delay how long
     * @return {@code false} if the thread was interrupted (the interrupt flag is set again)
     */
    boolean pause(Duration delay) {
        if (delay.isZero()) {
            return true;
        }
        try {
            sleeper.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Throws nothing; attaches {@code earlier} to {@code last} as suppressed and returns {@code last}.
     */
    static <E extends Throwable> E withSuppressed(E last, List<? extends Throwable> earlier) {
        for (Throwable t : earlier) {
            if (t != last) {
                last.addSuppressed(t);
            }
        }
        return last;
    }

    /**
     * Whether a failure is a transient fault worth retrying: an HTTP response with status 408, 429, 500, 502, 503 or
     * 504; an {@link IOException} (including socket and HTTP timeouts) or {@link UncheckedIOException}; or a
     * {@link TimeoutException}, found on {@code failure} or its chain of causes. Any other HTTP status (every other
     * 4xx, for example 404, 409 or 412) is never transient, even if its cause is an I/O error.
     *
     * @param failure the failure, may be null (then {@code false})
     * @return {@code true} if the failure is transient
     */
    public static boolean isTransient(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++) {
            if (t instanceof HttpResponseException) {
                HttpResponse response = ((HttpResponseException) t).getResponse();
                return response != null && isTransientStatus(response.getStatusCode());
            }
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
                return true;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return false;
    }

    /**
     * Whether an HTTP status code is one of the transient ones: 408, 429, 500, 502, 503, 504.
     *
     * @param status the status code
     * @return {@code true} if it is transient
     */
    public static boolean isTransientStatus(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialDelay=" + initialDelay + ", maxDelay=" + maxDelay
                + ", deadline=" + deadline + "}";
    }

    /**
     * Waits between attempts. The default is {@link Thread#sleep(long, int)}; tests pass a fake that advances a fake
     * clock.
     */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Waits for {@code duration}.
         *
         * @param duration how long, never negative
         * @throws InterruptedException if the thread is interrupted while waiting
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * Builds a {@link RetryPolicy}. Mutable and not thread-safe; {@link #build()} validates and copies.
     */
    public static final class Builder {
        private int maxAttempts = 5;
        private Duration initialDelay = Duration.ofMillis(100);
        private Duration maxDelay = Duration.ofSeconds(5);
        private Duration deadline = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /**
         * Sets the most attempts, counting the first (default 5).
         *
         * @param maxAttempts at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code maxAttempts} is less than 1
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("'maxAttempts' must be at least 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the cap of the delay before the first retry (default 100 ms); it doubles for each later retry.
         *
         * @param initialDelay zero or positive
         * @return this builder
         * @throws IllegalArgumentException if {@code initialDelay} is negative
         * @throws NullPointerException if {@code initialDelay} is null
         */
        public Builder initialDelay(Duration initialDelay) {
            this.initialDelay = nonNegative(initialDelay, "initialDelay");
            return this;
        }

        /**
         * Sets the largest delay between two attempts (default 5 s).
         *
         * @param maxDelay zero or positive
         * @return this builder
         * @throws IllegalArgumentException if {@code maxDelay} is negative
         * @throws NullPointerException if {@code maxDelay} is null
         */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = nonNegative(maxDelay, "maxDelay");
            return this;
        }

        /**
         * Sets the overall time budget from the start of the first attempt (default 30 s).
         *
         * @param deadline zero or positive
         * @return this builder
         * @throws IllegalArgumentException if {@code deadline} is negative
         * @throws NullPointerException if {@code deadline} is null
         */
        public Builder deadline(Duration deadline) {
            this.deadline = nonNegative(deadline, "deadline");
            return this;
        }

        /**
         * Sets the clock the deadline is measured on (default {@link Clock#systemUTC()}).
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
            return this;
        }

        /**
         * Sets what waits between attempts (default {@link Thread#sleep(long, int)}).
         *
         * @param sleeper the sleeper
         * @return this builder
         * @throws NullPointerException if {@code sleeper} is null
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "'sleeper' must not be null");
            return this;
        }

        /**
         * Sets the source of jitter: each call returns a number in {@code [0, 1]} that scales the backoff cap
         * (default {@link ThreadLocalRandom}). It is called from many threads at once, so it must be thread-safe.
         * Tests pass {@code () -> 1.0} for the full cap.
         *
         * @param jitter the jitter source
         * @return this builder
         * @throws NullPointerException if {@code jitter} is null
         */
        public Builder jitter(DoubleSupplier jitter) {
            this.jitter = Objects.requireNonNull(jitter, "'jitter' must not be null");
            return this;
        }

        /**
         * Validates and builds the policy.
         *
         * @return the immutable policy
         * @throws IllegalArgumentException if {@code initialDelay} is greater than {@code maxDelay}
         */
        public RetryPolicy build() {
            if (initialDelay.compareTo(maxDelay) > 0) {
                throw new IllegalArgumentException("'initialDelay' (" + initialDelay + ") must not exceed 'maxDelay' ("
                        + maxDelay + "): raise maxDelay or lower initialDelay");
            }
            return new RetryPolicy(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, () -> "'" + name + "' must not be null");
            if (d.isNegative()) {
                throw new IllegalArgumentException("'" + name + "' must not be negative, was " + d);
            }
            return d;
        }
    }
}
