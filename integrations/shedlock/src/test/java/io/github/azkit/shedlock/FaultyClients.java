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

    private FaultyClients() {
    }

    /**
     * A client for {@code container} whose requests pass {@code faults}; with an {@link AttemptTracker} before the
     * injector if {@code tracked} (so the tracker sees the injected failures, as it would see real ones).
     */
    static BlobContainerClient container(TestStorage storage, BlobContainerClient container, FaultInjector faults,
            boolean tracked) {
        var builder = storage.blobServiceClientBuilder().retryOptions(new RequestRetryOptions(
                RetryPolicyType.EXPONENTIAL, 6, Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(200),
                null));
        if (tracked) {
            builder.addPolicy(new AttemptTracker());
        }
        return builder.addPolicy(faults).buildClient().getBlobContainerClient(container.getBlobContainerName());
    }
}
