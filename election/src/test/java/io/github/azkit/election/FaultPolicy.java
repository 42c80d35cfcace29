package io.github.azkit.election;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import reactor.core.publisher.Mono;

/**
 * Makes requests fail as if the network were down, on demand: a fault Azurite cannot produce (an unreachable
 * service while the lease still exists there).
 */
final class FaultPolicy implements HttpPipelinePolicy {
    private volatile boolean failing;

    void failing(boolean failing) {
        this.failing = failing;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return failing ? Mono.error(new UncheckedIOException(new IOException("injected network fault")))
                : next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        if (failing) {
            throw new UncheckedIOException(new IOException("injected network fault"));
        }
        return next.processSync();
    }
}
