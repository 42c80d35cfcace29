package io.github.azkit.examples.video.http;

import io.javalin.http.Context;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** This instance's {@link RateLimiter} of each {@link RateLimit}. Thread-safe. */
final class Limits {

    private final Map<RateLimit, RateLimiter> limiters;

    Limits(Map<RateLimit, RateLimiter> limiters) {
        this.limiters = new EnumMap<>(limiters);
    }

    /**
     * Counts a request against a limit.
     *
     * @throws RateLimitedException if the key is over it
     */
    void acquire(RateLimit limit, String key) {
        RateLimiter limiter = limiters.get(limit);
        if (limiter != null) {
            limiter.acquire(key);
        }
    }

    /** Counts a request against a per-address limit: the address the connection comes from (no proxy header). */
    void perAddress(RateLimit limit, Context ctx) {
        acquire(limit, ctx.ip());
    }

    /** Counts a request against a per-email limit: the email as typed, trimmed and in lower case. */
    void perEmail(RateLimit limit, Object email) {
        acquire(limit, String.valueOf(email).trim().toLowerCase(Locale.ROOT));
    }

    /** Counts a request that runs the password hash, against its address and the email it names. */
    void password(Context ctx, Object email) {
        perAddress(RateLimit.PASSWORD_PER_ADDRESS, ctx);
        perEmail(RateLimit.PASSWORD_PER_EMAIL, email);
    }
}
