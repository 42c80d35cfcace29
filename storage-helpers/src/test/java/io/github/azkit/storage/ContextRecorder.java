package io.github.azkit.storage;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/** Records, for each request a client sends, its method and the value the caller's {@link Context} holds under {@link #KEY}. */
final class ContextRecorder implements HttpPipelinePolicy {
    static final String KEY = "azkit-test-trace";
    final List<String> seen = new CopyOnWriteArrayList<>();

    static Context context(String value) {
        return new Context(KEY, value);
    }

    private void record(HttpPipelineCallContext context) {
        seen.add(context.getHttpRequest().getHttpMethod() + " " + context.getData(KEY).orElse("<none>"));
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        record(context);
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        record(context);
        return next.processSync();
    }
}
