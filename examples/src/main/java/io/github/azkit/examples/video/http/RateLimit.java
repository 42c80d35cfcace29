package io.github.azkit.examples.video.http;

import java.time.Duration;

/**
 * The service's abuse limits. Each is a token bucket per key (a client address, or the account a request targets),
 * kept in memory by each instance: a key may make {@link #defaultRequests()} requests at once, and then one more
 * each {@code defaultPer / defaultRequests}; a request over the limit gets {@code 429} with a {@code Retry-After}
 * header and a sentence that says how long to wait. Across N instances behind a load balancer, a key gets at most
 * N times each limit (each instance counts only what it serves): no storage transaction is spent on counting.
 * Change a limit with {@link VideoService.Options#rateLimit}.
 */
public enum RateLimit {

    /**
     * Requests that run the password hash (sign in, register, email and password changes), per client address:
     * bounds the CPU one address can take (each hash is 600,000 PBKDF2 iterations).
     */
    PASSWORD_PER_ADDRESS(10, Duration.ofMinutes(1), "sign-in attempts from your address"),
    /** Requests that run the password hash, per email they name: bounds guessing one person's password. */
    PASSWORD_PER_EMAIL(10, Duration.ofMinutes(15), "sign-in attempts for this email"),
    /** Registrations with a promo code, per client address: bounds guessing codes. */
    PROMO_CODE_PER_ADDRESS(5, Duration.ofMinutes(10), "promo code attempts from your address"),
    /** Seat links accepted, per client address. */
    SEAT_ACCEPT_PER_ADDRESS(20, Duration.ofMinutes(1), "seat link attempts from your address"),
    /** Seat links accepted, per email the link names. */
    SEAT_ACCEPT_PER_EMAIL(10, Duration.ofMinutes(1), "seat link attempts for this email"),
    /** Every API request without a valid session cookie, per client address. */
    UNSIGNED_PER_ADDRESS(120, Duration.ofMinutes(1), "requests without signing in from your address");

    private final int defaultRequests;
    private final Duration defaultPer;
    private final String what;

    RateLimit(int defaultRequests, Duration defaultPer, String what) {
        this.defaultRequests = defaultRequests;
        this.defaultPer = defaultPer;
        this.what = what;
    }

    /**
     * How many requests a key may make at once by default.
     *
     * @return the default burst, also the number refilled over {@link #defaultPer()}
     */
    public int defaultRequests() {
        return defaultRequests;
    }

    /**
     * Over how long the default number of requests is refilled.
     *
     * @return the default refill period
     */
    public Duration defaultPer() {
        return defaultPer;
    }

    String what() {
        return what;
    }
}
