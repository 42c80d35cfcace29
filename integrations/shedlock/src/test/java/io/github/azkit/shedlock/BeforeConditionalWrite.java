package io.github.azkit.shedlock;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Runs an action once, just before the next conditional Put Blob of the client it is added to is sent: a test's way to
 * let another instance act between this instance's read and its write (a lost race), deterministically.
 */
final class BeforeConditionalWrite implements HttpPipelinePolicy {

    private final AtomicReference<Runnable> action = new AtomicReference<>();

    /** Runs {@code next} before the next conditional Put Blob. */
    void arm(Runnable next) {
        action.set(next);
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return Mono.fromRunnable(() -> runIfConditionalWrite(context.getHttpRequest())).then(next.process());
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        runIfConditionalWrite(context.getHttpRequest());
        return next.processSync();
    }

    private void runIfConditionalWrite(HttpRequest request) {
        if (request.getHttpMethod() == HttpMethod.PUT && (request.getHeaders().getValue(HttpHeaderName.IF_MATCH) != null
                || request.getHeaders().getValue(HttpHeaderName.IF_NONE_MATCH) != null)) {
            Runnable armed = action.getAndSet(null);
            if (armed != null) {
                armed.run();
            }
        }
    }
}
