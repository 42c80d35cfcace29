package io.github.azkit.election;

import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.azkit.testing.TestStorage;

/** Blob clients for one test container, with extra pipeline policies and no SDK retries (so counts are exact). */
final class Clients {

    private Clients() {
    }

    static BlobContainerClient container(TestStorage storage, BlobContainerClient container,
            HttpPipelinePolicy... policies) {
        BlobServiceClientBuilder builder = storage.blobServiceClientBuilder()
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, (Integer) null, null, null, null));
        for (HttpPipelinePolicy policy : policies) {
            builder.addPolicy(policy);
        }
        return builder.buildClient().getBlobContainerClient(container.getBlobContainerName());
    }
}
