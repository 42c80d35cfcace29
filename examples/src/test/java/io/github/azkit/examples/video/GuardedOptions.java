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
     * New options whose storage clients carry a guard; a later {@code storagePolicies(...)} replaces it.
     *
     * @return the options
     */
    static VideoService.Options create() {
        return new VideoService.Options().storagePolicies(new AzureLimitsGuard());
    }
}
