package io.github.azkit.benchmarks.service;

import io.github.azkit.examples.video.http.RateLimit;
import io.github.azkit.examples.video.http.VideoService;

import java.time.Duration;

/**
 * The service's abuse limits lifted for a benchmark: every simulated user comes from one address (this JVM), so the
 * per-address limits that protect a real service would refuse the load itself. Nothing else changes.
 */
final class LoadLimits {

    private LoadLimits() {
    }

    /**
     * Sets every {@link RateLimit} to a million requests a second.
     *
     * @param options the service's options
     * @return the same options
     */
    static VideoService.Options lifted(VideoService.Options options) {
        for (RateLimit limit : RateLimit.values()) {
            options.rateLimit(limit, 1_000_000, Duration.ofSeconds(1));
        }
        return options;
    }
}
