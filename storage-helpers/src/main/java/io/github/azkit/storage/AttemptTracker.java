package io.github.azkit.storage;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import io.github.azkit.storage.internal.Checks;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Tells a 412 or 409 that means "another writer got there first" from one that follows this very write: Azure can
 * apply a write and lose its response, and the SDK's retry policy then sends the write again, which fails with 412
 * (or 409 for a create) although the change is stored. Add one tracker to each blob or table client builder whose
 * clients {@link OptimisticUpdate}, {@link ETagStore} or the table helpers' {@code EntityUpdate} write through:
 *
 * <pre>{@code
 * TableClient table = new TableClientBuilder().connectionString(cs).tableName("stats")
 *         .addPolicy(new AttemptTracker()).buildClient();
 * }</pre>
 *
 * <p>The tracker runs once per attempt (it sits after the SDK's retry policy) and only for calls made through
 * {@link #track(Function)}; it sends nothing and costs no transaction. Without it a store cannot tell the two 412s
 * apart, so {@link OptimisticUpdate} checks every conflict against the value's record of recent writes: still exact,
 * but a value contended by more writers than that record holds then ends in {@link OutcomeUnknownException} rather
 * than in a retry.
 *
 * <p>Thread-safe; one tracker may serve any number of clients.
 */
public final class AttemptTracker implements HttpPipelinePolicy {

    private static final String KEY = "io.github.azkit.storage.AttemptTracker";
    /** Failures of tracked calls whose every attempt got an answer: the service's verdict is final. */
    private static final Map<Throwable, Boolean> DEFINITIVE = Collections.synchronizedMap(new WeakHashMap<>());

    /** Creates a tracker. */
    public AttemptTracker() {
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        Optional<Object> data = context.getData(KEY);
        if (data.isEmpty() || !(data.get() instanceof Attempts attempts)) {
            return next.process();
        }
        attempts.started();
        return next.process().doOnNext(attempts::answered).doOnError(attempts::failed)
                .doOnCancel(() -> attempts.failed(null)); // a per-try timeout cancels the attempt
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        Optional<Object> data = context.getData(KEY);
        if (data.isEmpty() || !(data.get() instanceof Attempts attempts)) {
            return next.processSync();
        }
        attempts.started();
        try {
            HttpResponse response = next.processSync();
            attempts.answered(response);
            return response;
        } catch (RuntimeException | Error e) {
            attempts.failed(e);
            throw e;
        }
    }

    /**
     * Makes one SDK call with a {@link Context} that a tracker in the client's pipeline records. When the call
     * fails, {@link #mayHaveBeenApplied(Throwable)} then answers for its failure.
     *
     * @param call the SDK call, given the context to pass on
     * @param <T> the call's result type
     * @return the call's result
     * @throws RuntimeException whatever the call throws, unchanged
     */
    public static <T> T track(Function<Context, T> call) {
        return track(Context.NONE, call);
    }

    /**
     * Like {@link #track(Function)}, adding the tracker's data to the caller's {@code context}, so tracing and
     * other data the caller put in it still reach the SDK.
     *
     * @param context the caller's context; {@link Context#NONE} for none
     * @param call the SDK call, given the context to pass on
     * @param <T> the call's result type
     * @return the call's result
     * @throws RuntimeException whatever the call throws, unchanged
     * @throws NullPointerException if an argument is null
     */
    public static <T> T track(Context context, Function<Context, T> call) {
        Checks.notNull(context, "context");
        Checks.notNull(call, "call");
        Attempts attempts = new Attempts();
        try {
            return call.apply(context.addData(KEY, attempts));
        } catch (RuntimeException e) {
            if (attempts.isDefinitive()) {
                DEFINITIVE.put(e, Boolean.TRUE);
            }
            throw e;
        }
    }

    /**
     * Whether a call made through {@link #track(Function)} may have been applied although it failed: true unless a
     * tracker saw every attempt of the call get an answer (no lost response, no timeout, no 5xx). A failure of an
     * untracked call, or of a client without a tracker, may always have been applied.
     *
     * @param failure what the call threw
     * @return false only when the service's answer is known to be final
     */
    public static boolean mayHaveBeenApplied(Throwable failure) {
        return !DEFINITIVE.containsKey(failure);
    }

    /** What the tracker saw of one call's attempts. */
    private static final class Attempts {
        private int started;
        private boolean ambiguous;

        synchronized void started() {
            started++;
        }

        synchronized void answered(HttpResponse response) {
            int status = response.getStatusCode();
            if (status >= 500 || status == 408) {
                ambiguous = true; // the service may have applied it before failing
            }
        }

        synchronized void failed(@Nullable Throwable failure) {
            ambiguous = true; // no answer: the request may have been applied
        }

        synchronized boolean isDefinitive() {
            return started > 0 && !ambiguous;
        }
    }
}
