package io.github.azkit.examples.video.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.github.azkit.storage.Ticker;

/**
 * Token buckets per key for one {@link RateLimit}, in this instance's memory, timed on a monotonic ticker (never
 * the wall clock). Thread-safe: each key's bucket changes atomically.
 */
final class RateLimiter {

    /** Past this many keys, full buckets are dropped (a full bucket is the same as no bucket). */
    private static final int MAX_KEYS = 100_000;

    private record Bucket(double tokens, long at) {
    }

    private final RateLimit limit;
    private final int requests;
    private final long nanosPerToken;
    private final Ticker ticker;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(RateLimit limit, int requests, Duration per, Ticker ticker) {
        this.limit = limit;
        this.requests = requests;
        this.nanosPerToken = Math.max(1, per.toNanos() / requests);
        this.ticker = ticker;
    }

    /**
     * Takes one request from {@code key}'s bucket.
     *
     * @throws RateLimitedException if the bucket is empty, with how long until it holds a request again
     */
    void acquire(String key) {
        long now = ticker.read();
        long[] wait = new long[1];
        buckets.compute(key, (k, bucket) -> {
            double tokens = bucket == null ? requests
                    : Math.min(requests, bucket.tokens() + (double) (now - bucket.at()) / nanosPerToken);
            if (tokens >= 1) {
                wait[0] = 0;
                return new Bucket(tokens - 1, now);
            }
            wait[0] = (long) Math.ceil((1 - tokens) * nanosPerToken);
            return new Bucket(tokens, now);
        });
        if (buckets.size() > MAX_KEYS) {
            buckets.entrySet().removeIf(e -> e.getValue().tokens() + (double) (now - e.getValue().at())
                    / nanosPerToken >= requests);
        }
        if (wait[0] > 0) {
            throw new RateLimitedException(limit, Duration.ofNanos(wait[0]));
        }
    }
}
