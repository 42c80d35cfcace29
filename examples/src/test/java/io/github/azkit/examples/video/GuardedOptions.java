package io.github.azkit.examples.video;

import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.testing.AzureLimitsGuard;

/**
 * Service options for tests: the service's own storage clients carry an {@link AzureLimitsGuard}, as the clients of
 * {@code TestStorage} do, so that a request Azure would refuse for one of its limits fails here too, not only in
 * production.
 */
final class GuardedOptions {

    private GuardedOptions() {
    }

    /**
     * New options whose storage clients carry a guard (a later {@code storagePolicies(...)} replaces it), with the
     * demo outbox on, as {@code VideoServiceMain} runs it: the tests read the seat links from it.
     *
     * @return the options
     */
    static VideoService.Options create() {
        return new VideoService.Options().storagePolicies(new AzureLimitsGuard()).demoOutbox(true);
    }

    /**
     * The options with every rate limit out of the way, for tests that make many requests from one address on
     * purpose (chaos, load); {@code SecurityIT} tests the limits.
     *
     * @param options the options
     * @return the same options
     */
    static VideoService.Options withoutRateLimits(VideoService.Options options) {
        for (io.github.azkit.examples.video.http.RateLimit limit : io.github.azkit.examples.video.http.RateLimit
                .values()) {
            options.rateLimit(limit, 1_000_000, java.time.Duration.ofSeconds(1));
        }
        return options;
    }
}
