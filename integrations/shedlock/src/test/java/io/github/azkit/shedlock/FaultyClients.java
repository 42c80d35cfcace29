package io.github.azkit.shedlock;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.azkit.storage.AttemptTracker;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;

/** Container clients that carry a {@link FaultInjector}, with retries fast enough for tests. */
final class FaultyClients {

    /**
     * Tries per request: enough that a request whose every try is faulted is too rare to meet in a run (at the rates
     * of {@link AzureBlobLockProviderFaultsIT}, about 0.14 per try: 0.14^10 is 3e-9, against some 50,000 requests),
     * since the provider then rightly throws and ShedLock's fuzz test counts that as a failure.
     */
    static final int TRIES = 10;

    private FaultyClients() {
    }

    /**
     * A client for {@code container} whose requests pass {@code faults}; with an {@link AttemptTracker} before the
     * injector if {@code tracked} (so the tracker sees the injected failures, as it would see real ones).
     */
    static BlobContainerClient container(TestStorage storage, BlobContainerClient container, FaultInjector faults,
            boolean tracked) {
        var builder = storage.blobServiceClientBuilder().retryOptions(new RequestRetryOptions(
                RetryPolicyType.EXPONENTIAL, TRIES, Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(200),
                null));
        if (tracked) {
            builder.addPolicy(new AttemptTracker());
        }
        return builder.addPolicy(faults).buildClient().getBlobContainerClient(container.getBlobContainerName());
    }
}
