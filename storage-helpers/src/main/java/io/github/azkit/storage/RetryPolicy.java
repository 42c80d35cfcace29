package io.github.azkit.storage;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import io.github.azkit.storage.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded retry policy: at most {@link #maxAttempts()} attempts, exponential backoff between them, and an overall
 * deadline measured from the first attempt. The delay before retry {@code n} is
 * {@code min(maxDelay, initialDelay * 2^(n-1))}, spread by {@link #jitter()}: with jitter {@code j} it is uniform in
 * {@code [d * (1 - j), d * (1 + j)]}, and never above {@code maxDelay}. The deadline is measured on the monotonic
 * {@link Ticker#systemTicker() system ticker}, so a wall clock set back or forward neither stretches nor cuts it.
 *
 * <p>When the attempts or the deadline run out, {@link #execute(Supplier)} throws the <em>last</em> failure with
 * the earlier ones attached as {@linkplain Throwable#getSuppressed() suppressed}. Only failures that
 * {@link #isTransient(Throwable)} accepts (or the predicate given) are retried; any other failure is thrown at once.
 * A retry that heals logs at DEBUG.
 *
 * <p>For tests that must not wait, build a policy with zero delays:
 * {@code RetryPolicy.builder().initialDelay(Duration.ZERO).maxDelay(Duration.ZERO)}.
 *
 * <p>Immutable and thread-safe; one instance may serve any number of threads. Build one with {@link #builder()}.
 */
public final class RetryPolicy {

    private static final Logger LOGGER = LoggerFactory.getLogger(RetryPolicy.class);

    /**
     * The default for transient faults (5xx, 408, 429, I/O errors): 5 attempts, delays from 100 ms doubling up to
     * 5 s, jitter 0.5, a 30 s deadline.
     */
    public static final RetryPolicy DEFAULT = builder().build();

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration deadline;
    private final double jitter;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.deadline = b.deadline;
        this.jitter = b.jitter;
        this.ticker = b.ticker;
        this.sleeper = b.sleeper;
        this.random = b.random;
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
        b.jitter = jitter;
        b.ticker = ticker;
        b.sleeper = sleeper;
        b.random = random;
        return b;
    }

    /**
     * The most attempts made, counting the first.
     *
     * @return the maximum number of attempts, at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The delay before the first retry, before jitter.
     *
     * @return the initial delay
     */
    public Duration initialDelay() {
        return initialDelay;
    }

    /**
     * The largest delay between two attempts, jitter included.
     *
     * @return the maximum delay
     */
    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * The overall time budget, measured from the start of the first attempt: no retry starts after it.
     *
     * @return the deadline
     */
    public Duration deadline() {
        return deadline;
    }

    /**
     * The fraction by which each delay is spread at random: 0.2 spreads a delay over plus or minus 20%.
     *
     * @return the jitter, between 0 and 1
     */
    public double jitter() {
        return jitter;
    }

    /**
     * The delay to wait before retry number {@code retry} (1 for the wait after the first failed attempt):
     * {@code min(maxDelay, initialDelay * 2^(retry-1))}, spread by {@link #jitter()} and capped at
     * {@link #maxDelay()}. Components that schedule their own retries use it.
     *
     * @param retry the retry number, at least 1
     * @return the delay
     * @throws IllegalArgumentException if {@code retry} is less than 1
     */
    public Duration delayBeforeRetry(int retry) {
        long base = backoffCap(retry).toNanos();
        double r = random.getAsDouble();
        if (!(r >= 0.0 && r <= 1.0)) {
            r = 0.5; // a misbehaving random source must not produce a negative or unbounded delay
        }
        double spread = base * (1.0 + jitter * (2.0 * r - 1.0));
        return Duration.ofNanos(Math.min(maxDelay.toNanos(), Math.max(0L, (long) spread)));
    }

    /**
     * The delay before retry {@code retry} before jitter: {@code min(maxDelay, initialDelay * 2^(retry-1))}.
     *
     * @throws IllegalArgumentException if {@code retry} is less than 1
     */
    Duration backoffCap(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("'retry' must be at least 1, was " + retry);
        }
        long initial = initialDelay.toNanos();
        long max = maxDelay.toNanos();
        int shift = Math.min(retry - 1, 62);
        long cap = initial > (max >> shift) ? max : initial << shift;
        return Duration.ofNanos(Math.min(cap, max));
    }

    /** The ticker the deadline is measured on. */
    Ticker ticker() {
        return ticker;
    }

    /** What waits between attempts. */
    Sleeper sleeper() {
        return sleeper;
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
        Checks.notNull(operation, "operation");
        Checks.notNull(retryOn, "retryOn");
        long start = ticker.read();
        List<RuntimeException> failures = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.get();
            } catch (RuntimeException e) {
                if (!retryOn.test(e)) {
                    throw withSuppressed(e, failures);
                }
                Duration delay = attempt < maxAttempts ? delayBeforeRetry(attempt) : Duration.ZERO;
                if (attempt >= maxAttempts || !hasTimeFor(start, delay, null)) {
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
     * Whether a retry that waits {@code delay} first would still start within the deadline, and within
     * {@code timeout} if one is given.
     *
     * @param start the {@link #ticker()} reading when the first attempt started
     * @param delay the wait before the next attempt
     * @param timeout the caller's bound on the whole operation, or null for none
     * @return {@code true} if the next attempt may be made
     */
    boolean hasTimeFor(long start, Duration delay, @Nullable Duration timeout) {
        long elapsed = ticker.read() - start;
        long budget = timeout == null ? deadline.toNanos() : Math.min(deadline.toNanos(), timeout.toNanos());
        return elapsed + delay.toNanos() <= budget;
    }

    /**
     * What is left of {@code timeout} since {@code start}, to bound one SDK call of an operation.
     *
     * @param start the {@link #ticker()} reading when the operation started
     * @param timeout the caller's bound on the whole operation, or null for none
     * @return the time left (at least one millisecond, so the call fails by its own timeout rather than at once),
     *     or null when {@code timeout} is null
     */
    @Nullable Duration remaining(long start, @Nullable Duration timeout) {
        if (timeout == null) {
            return null;
        }
        long left = timeout.toNanos() - (ticker.read() - start);
        return Duration.ofNanos(Math.max(left, 1_000_000L));
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
                + ", deadline=" + deadline + ", jitter=" + jitter + "}";
    }

    /** Waits between attempts; the default is {@link Thread#sleep(long, int)}. Tests in this package pass a fake. */
    @FunctionalInterface
    interface Sleeper {
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
        private double jitter = 0.5;
        private Ticker ticker = Ticker.systemTicker();
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

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
         * Sets the delay before the first retry, before jitter (default 100 ms); it doubles for each later retry.
         *
         * @param initialDelay zero or positive
         * @return this builder
         * @throws IllegalArgumentException if {@code initialDelay} is negative
         * @throws NullPointerException if {@code initialDelay} is null
         */
        public Builder initialDelay(Duration initialDelay) {
            this.initialDelay = Checks.nonNegative(initialDelay, "initialDelay");
            return this;
        }

        /**
         * Sets the largest delay between two attempts, jitter included (default 5 s).
         *
         * @param maxDelay zero or positive
         * @return this builder
         * @throws IllegalArgumentException if {@code maxDelay} is negative
         * @throws NullPointerException if {@code maxDelay} is null
         */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = Checks.nonNegative(maxDelay, "maxDelay");
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
            this.deadline = Checks.nonNegative(deadline, "deadline");
            return this;
        }

        /**
         * Sets the fraction by which each delay is spread at random (default 0.5): {@code 0.2} makes each delay
         * uniform within plus or minus 20% of its backoff value; {@code 0} makes delays exact. Jitter keeps clients
         * that failed together from retrying together.
         *
         * @param jitter between 0 and 1
         * @return this builder
         * @throws IllegalArgumentException if {@code jitter} is not between 0 and 1
         */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new IllegalArgumentException("'jitter' must be between 0 and 1, was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /** Sets the ticker the deadline is measured on; for tests in this package. */
        Builder ticker(Ticker ticker) {
            this.ticker = Checks.notNull(ticker, "ticker");
            return this;
        }

        /** Sets what waits between attempts; for tests in this package. */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = Checks.notNull(sleeper, "sleeper");
            return this;
        }

        /** Sets the random source of jitter (numbers in [0, 1]); for tests in this package. */
        Builder random(DoubleSupplier random) {
            this.random = Checks.notNull(random, "random");
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
    }
}
