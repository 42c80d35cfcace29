package io.github.azkit.examples.video.http;

import java.time.Duration;

/** A request over a {@link RateLimit}: answered 429 with {@code Retry-After}. */
final class RateLimitedException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    RateLimitedException(RateLimit limit, Duration wait) {
        super(message(limit, Math.max(1, (wait.toMillis() + 999) / 1000)));
        this.retryAfterSeconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static String message(RateLimit limit, long seconds) {
        return "Too many " + limit.what() + ". Please wait " + seconds + (seconds == 1 ? " second" : " seconds")
                + " and try again.";
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
