package io.github.azkit.testing;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * An {@link HttpPipelinePolicy} that injects the faults of real Azure Storage into blob and table clients: a write
 * applied whose response is lost (a connection reset or a client timeout), a connection that fails before sending, a
 * busy service (503, 500, 429), latency. Azurite over loopback never does these; the SDK's retry policy then re-sends
 * the request, so code under test meets the HTTP 412 or 409 that a retried conditional write or insert gets.
 *
 * <pre>{@code
 * FaultInjector faults = FaultInjector.builder()
 *         .seed(42L)
 *         .rule(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).withProbability(0.25))
 *         .rule(FaultRule.status(503).on(Operation.BATCH).named("mytable").limit(3))
 *         .build();
 * BlobServiceClient blobs = storage.blobServiceClientBuilder().addPolicy(faults).buildClient();
 * // or, with retries fast enough for tests:
 * BlobServiceClient blobs = storage.blobServiceClient(faults);
 * }</pre>
 *
 * <p>It sits in the {@link HttpPipelinePosition#PER_RETRY PER_RETRY} position, below the SDK's retry policy, so each
 * attempt is classified ({@link Operation}) and may be faulted on its own. For each attempt the rules are asked in the
 * order they were added; the first that matches and fires decides the fault, and the rules after it are not asked
 * (they do not count that attempt). With none firing, the attempt proceeds untouched. It works in both the
 * synchronous pipeline ({@link #processSync}) and the asynchronous one ({@link #process}). The exceptions it raises
 * are those the SDK's retry policies retry: storage's {@code RequestRetryPolicy} looks for an
 * {@link IOException} or {@link TimeoutException} in the cause chain, azure-core's {@code RetryPolicy} retries any
 * exception:
 *
 * <table>
 * <caption>What is raised</caption>
 * <tr><th>Fault</th><th>Asynchronous</th><th>Synchronous</th></tr>
 * <tr><td>{@link Fault#LOST_RESPONSE}</td><td>{@link IOException}</td>
 *     <td>{@link UncheckedIOException} with that {@link IOException} as cause</td></tr>
 * <tr><td>{@link Fault#FAILED_BEFORE_SENDING}</td><td>{@link IOException}</td>
 *     <td>{@link UncheckedIOException} with that {@link IOException} as cause</td></tr>
 * <tr><td>{@link Fault#TIMEOUT}</td><td>{@link TimeoutException}</td>
 *     <td>the {@link RuntimeException} {@code Exceptions.propagate} makes of it, with it as cause, as
 *     {@code Mono.block()} throws it</td></tr>
 * </table>
 *
 * <p>With no {@linkplain Builder#seed(long) seed} given, a random one is chosen and logged at INFO; pass it to
 * {@link Builder#seed(long)} to replay a run's probabilistic faults (given the same order of requests).
 *
 * <p>Thread-safe: one injector may serve many clients and threads; the counters are atomic, each read on its own.
 */
public final class FaultInjector implements HttpPipelinePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(FaultInjector.class);
    static final String LOST_RESPONSE_MESSAGE = "Connection reset (injected by azkit FaultInjector)";
    static final String BEFORE_SENDING_MESSAGE =
            "Connection refused (injected by azkit FaultInjector: the request was not sent)";
    static final String TIMEOUT_MESSAGE =
            "Did not observe any item or terminal signal within the try timeout (injected by azkit FaultInjector)";

    private final long seed;
    private final List<RuleState> rules;
    private final AtomicLong injected = new AtomicLong();
    private final AtomicLongArray injectedByFault = new AtomicLongArray(Fault.values().length);
    private final AtomicLongArray seenByOperation = new AtomicLongArray(Operation.values().length);
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong syncAttempts = new AtomicLong();
    private final AtomicLong asyncAttempts = new AtomicLong();
    private volatile boolean enabled = true;

    private FaultInjector(long seed, List<FaultRule> rules) {
        this.seed = seed;
        List<RuleState> states = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            states.add(new RuleState(rules.get(i), new Random(ruleSeed(seed, i))));
        }
        this.rules = List.copyOf(states);
    }

    /**
     * A new builder, with no rules and a random seed.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The seed the probabilistic rules draw from: the one given to {@link Builder#seed(long)}, or the random one
     * chosen (and logged at INFO) when none was.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * How many faults this injector has injected, of every kind.
     *
     * @return the count
     */
    public long injected() {
        return injected.get();
    }

    /**
     * How many faults of one kind this injector has injected.
     *
     * @param fault the kind
     * @return the count
     * @throws NullPointerException if {@code fault} is null
     */
    public long injected(Fault fault) {
        Objects.requireNonNull(fault, "'fault' must not be null");
        return injectedByFault.get(fault.ordinal());
    }

    /**
     * How many requests of one kind passed through this injector, faulted or not, enabled or not. Each attempt
     * counts: a request the SDK retried twice counts three times.
     *
     * @param operation the kind; a request counts for each kind it has
     * @return the count
     * @throws NullPointerException if {@code operation} is null
     */
    public long seen(Operation operation) {
        Objects.requireNonNull(operation, "'operation' must not be null");
        return seenByOperation.get(operation.ordinal());
    }

    /**
     * How many requests passed through this injector, faulted or not, enabled or not (each attempt counts).
     *
     * @return the count
     */
    public long seen() {
        return seen.get();
    }

    /**
     * Starts or stops injecting. While stopped, requests pass untouched (they are still counted by
     * {@link #seen(Operation)}) and the rules' schedules do not advance; for example, stop to read results back
     * cleanly. Takes effect for attempts that start after it returns.
     *
     * @param enabled {@code false} to stop, {@code true} to resume
     */
    public void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Whether this injector is injecting.
     *
     * @return {@code true} unless stopped with {@link #enabled(boolean)}
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * {@inheritDoc}
     *
     * @return {@link HttpPipelinePosition#PER_RETRY}: every attempt passes through this policy
     */
    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    /**
     * Classifies the attempt, then lets it through, delays it, or faults it; see the class documentation.
     *
     * @param context the call
     * @param next the rest of the pipeline
     * @return the response, or an error: {@link IOException} for a lost response or a failure before sending,
     *     {@link TimeoutException} for a timeout
     */
    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return Mono.defer(() -> {
            asyncAttempts.incrementAndGet();
            FaultRule rule = decide(context.getHttpRequest());
            if (rule == null) {
                return next.process();
            }
            return switch (rule.fault()) {
                case LATENCY -> Mono.delay(rule.delay()).then(Mono.defer(next::process));
                case FAILED_BEFORE_SENDING -> Mono.error(new IOException(BEFORE_SENDING_MESSAGE));
                case STATUS -> Mono.just(InjectedResponse.error(context.getHttpRequest(), rule.statusCode()));
                case LOST_RESPONSE -> next.process().flatMap(response -> discardAsync(response)
                        .then(Mono.error(new IOException(LOST_RESPONSE_MESSAGE))));
                case TIMEOUT -> next.process().flatMap(response -> discardAsync(response)
                        .then(Mono.error(new TimeoutException(TIMEOUT_MESSAGE))));
            };
        });
    }

    /**
     * Classifies the attempt, then lets it through, delays it, or faults it; see the class documentation.
     *
     * @param context the call
     * @param next the rest of the pipeline
     * @return the response
     * @throws UncheckedIOException for a lost response or a failure before sending (the cause is the
     *     {@link IOException})
     * @throws RuntimeException for a timeout, with a {@link TimeoutException} as cause
     */
    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        syncAttempts.incrementAndGet();
        FaultRule rule = decide(context.getHttpRequest());
        if (rule == null) {
            return next.processSync();
        }
        switch (rule.fault()) {
            case LATENCY -> {
                sleep(rule);
                return next.processSync();
            }
            case FAILED_BEFORE_SENDING -> throw new UncheckedIOException(new IOException(BEFORE_SENDING_MESSAGE));
            case STATUS -> {
                return InjectedResponse.error(context.getHttpRequest(), rule.statusCode());
            }
            case LOST_RESPONSE -> {
                discard(next.processSync());
                throw new UncheckedIOException(new IOException(LOST_RESPONSE_MESSAGE));
            }
            default -> {
                discard(next.processSync());
                throw Exceptions.propagate(new TimeoutException(TIMEOUT_MESSAGE));
            }
        }
    }

    /** Attempts that came through {@link #processSync}; for tests that must show which path a client takes. */
    long syncAttempts() {
        return syncAttempts.get();
    }

    /** Attempts that came through {@link #process}; for tests that must show which path a client takes. */
    long asyncAttempts() {
        return asyncAttempts.get();
    }

    /** Counts the attempt and picks the rule that fires on it, if any, counting the fault. */
    private @Nullable FaultRule decide(HttpRequest request) {
        Set<Operation> kinds = RequestKinds.classify(request.getHttpMethod(), request.getUrl(), request.getHeaders());
        seen.incrementAndGet();
        for (Operation kind : kinds) {
            seenByOperation.incrementAndGet(kind.ordinal());
        }
        if (!enabled) {
            return null;
        }
        for (RuleState state : rules) {
            FaultRule rule = state.rule;
            Operation operation = rule.operation();
            String name = rule.name();
            if ((operation != null && !kinds.contains(operation))
                    || (name != null && !RequestKinds.names(request, name))) {
                continue;
            }
            if (state.fires()) {
                injected.incrementAndGet();
                injectedByFault.incrementAndGet(rule.fault().ordinal());
                LOG.debug("Injecting {} into {} {} {} (rule {})", rule.fault(), request.getHttpMethod(), kinds,
                        request.getUrl().getPath(), rule);
                return rule;
            }
        }
        return null;
    }

    private static Mono<Void> discardAsync(HttpResponse response) {
        return response.getBodyAsByteArray().then().doFinally(signal -> response.close());
    }

    private static void discard(HttpResponse response) {
        try (response) {
            response.getBodyAsBinaryData().toBytes();
        }
    }

    private static void sleep(FaultRule rule) {
        try {
            Thread.sleep(rule.delay().toMillis(), rule.delay().toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during the latency injected by azkit FaultInjector", e);
        }
    }

    static long ruleSeed(long seed, int index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L; // SplitMix64: distinct, well-mixed seeds per rule
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One rule's schedule in this injector: matching attempts seen, times fired, its random source. */
    private static final class RuleState {
        private final FaultRule rule;
        private final Random random;
        private long matched;
        private long fired;

        RuleState(FaultRule rule, Random random) {
            this.rule = rule;
            this.random = random;
        }

        /** Atomic per rule, so that concurrent attempts neither exceed the limit nor skip an n-th. */
        synchronized boolean fires() {
            matched++;
            boolean scheduled = rule.everyNthValue() > 1 ? matched % rule.everyNthValue() == 0
                    : rule.probability() >= 1.0 || random.nextDouble() < rule.probability();
            if (!scheduled || fired >= rule.limitValue()) {
                return false;
            }
            fired++;
            return true;
        }
    }

    /**
     * Builds a {@link FaultInjector}. Mutable; not thread-safe.
     */
    public static final class Builder {

        private @Nullable Long seed;
        private final List<FaultRule> rules = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the seed the probabilistic rules draw from, to replay a run. By default a random seed is chosen
         * and logged at INFO.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Adds a rule after those added before; the first rule that matches an attempt and fires decides its fault.
         *
         * @param rule the rule
         * @return this builder
         * @throws NullPointerException if {@code rule} is null
         */
        public Builder rule(FaultRule rule) {
            rules.add(Objects.requireNonNull(rule, "'rule' must not be null"));
            return this;
        }

        /**
         * Builds the injector, enabled. With no rules it injects nothing but still counts requests.
         *
         * @return the injector
         */
        public FaultInjector build() {
            long chosen;
            if (seed != null) {
                chosen = seed;
            } else {
                chosen = new SecureRandom().nextLong();
                LOG.info("FaultInjector seed {}; replay with FaultInjector.builder().seed({}L)", chosen, chosen);
            }
            return new FaultInjector(chosen, rules);
        }
    }
}
