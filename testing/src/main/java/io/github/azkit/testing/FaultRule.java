package io.github.azkit.testing;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link FaultInjector} injects, into which requests, and how often.
 *
 * <pre>{@code
 * FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).withProbability(0.25)
 * FaultRule.failBeforeSending().on(Operation.WRITE).everyNth(5)
 * FaultRule.status(503).on(Operation.BATCH).named("mytable").limit(3)
 * FaultRule.latency(Duration.ofMillis(20)).on(Operation.READ)
 * }</pre>
 *
 * <p>A rule matches a request whose kinds contain its {@linkplain #on(Operation) operation} (every request if it
 * has none) and whose URL path names its {@linkplain #named(String) resource} (any, if it has none). Among the
 * matching requests, its schedule picks those it fires on: every one (the default), every n-th
 * ({@link #everyNth(int)}), or each with a probability ({@link #withProbability(double)}); {@link #limit(long)} caps
 * how many times it fires. The count of matching requests and the random choices are kept by the
 * {@link FaultInjector} the rule is added to, so one rule can serve several injectors.
 *
 * <p>Immutable and thread-safe: each {@code with}-style method returns a new rule.
 */
public final class FaultRule {

    private final Fault fault;
    private final int status;
    private final Duration latency;
    private final @Nullable Operation operation;
    private final @Nullable String name;
    private final int everyNth;
    private final double probability;
    private final long limit;

    private FaultRule(Fault fault, int status, Duration latency, @Nullable Operation operation,
            @Nullable String name, int everyNth, double probability, long limit) {
        this.fault = fault;
        this.status = status;
        this.latency = latency;
        this.operation = operation;
        this.name = name;
        this.everyNth = everyNth;
        this.probability = probability;
        this.limit = limit;
    }

    private static FaultRule of(Fault fault, int status, Duration latency) {
        return new FaultRule(fault, status, latency, null, null, 1, 1.0, Long.MAX_VALUE);
    }

    /**
     * A lost response: the request is sent and applied, its response is read and discarded, then an
     * {@link java.io.IOException} "Connection reset (injected by azkit FaultInjector)" is raised as the transport
     * raises it (in the synchronous pipeline wrapped in an {@link java.io.UncheckedIOException}). The SDK's retry
     * policy retries it, so a conditional write comes back as HTTP 412 and an insert as HTTP 409.
     *
     * @return a rule that matches every request; narrow it with {@link #on(Operation)}
     */
    public static FaultRule loseResponse() {
        return of(Fault.LOST_RESPONSE, 0, Duration.ZERO);
    }

    /**
     * A client-side timeout: the request is sent and applied, its response is read and discarded, then a
     * {@link java.util.concurrent.TimeoutException} is raised, as the storage client's try timeout raises it (in the
     * synchronous pipeline it is the cause of the unchecked exception {@code reactor.core.Exceptions.propagate}
     * makes, as {@code Mono.block()} throws it). No time passes: the timeout is not waited for.
     *
     * @return a rule that matches every request; narrow it with {@link #on(Operation)}
     */
    public static FaultRule timeout() {
        return of(Fault.TIMEOUT, 0, Duration.ZERO);
    }

    /**
     * A connection failure before sending: an {@link java.io.IOException} "Connection refused (injected by azkit
     * FaultInjector)" is raised (in the synchronous pipeline wrapped in an {@link java.io.UncheckedIOException});
     * the request never reaches the service.
     *
     * @return a rule that matches every request; narrow it with {@link #on(Operation)}
     */
    public static FaultRule failBeforeSending() {
        return of(Fault.FAILED_BEFORE_SENDING, 0, Duration.ZERO);
    }

    /**
     * An error status returned without sending the request, with the headers and body the service sends: for
     * blobs an XML {@code <Error>} body and {@code x-ms-error-code}, for tables a JSON {@code odata.error} body.
     * 503 is {@code ServerBusy}, 500 is {@code InternalError}, 429 is {@code TooManyRequests} with
     * {@code Retry-After: 1} (which azure-core's {@code RetryPolicy}, used by table clients, honours: each 429 then
     * costs a second; Azure Storage itself signals throttling with 503 {@code ServerBusy}).
     *
     * @param status 500, 503 or 429
     * @return a rule that matches every request; narrow it with {@link #on(Operation)}
     * @throws IllegalArgumentException if {@code status} is not 500, 503 or 429
     */
    public static FaultRule status(int status) {
        if (status != 500 && status != 503 && status != 429) {
            throw new IllegalArgumentException("'status' must be 500, 503 or 429 (the statuses Azure Storage"
                    + " answers a healthy request with, and the SDK retries), was " + status);
        }
        return of(Fault.STATUS, status, Duration.ZERO);
    }

    /**
     * A delay before the request is sent; the request then proceeds normally.
     *
     * @param delay how long to wait, at least zero
     * @return a rule that matches every request; narrow it with {@link #on(Operation)}
     * @throws NullPointerException if {@code delay} is null
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static FaultRule latency(Duration delay) {
        Objects.requireNonNull(delay, "'delay' must not be null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("'delay' must not be negative, was " + delay);
        }
        return of(Fault.LATENCY, 0, delay);
    }

    /**
     * Restricts this rule to requests of one kind: those whose set of kinds contains {@code operation}.
     *
     * @param operation the kind, replacing any set before
     * @return a new rule
     * @throws NullPointerException if {@code operation} is null
     */
    public FaultRule on(Operation operation) {
        Objects.requireNonNull(operation, "'operation' must not be null");
        return new FaultRule(fault, status, latency, operation, name, everyNth, probability, limit);
    }

    /**
     * Restricts this rule to requests whose URL path names a container, table or blob: a path segment equal to
     * {@code name}, a table segment whose part before {@code (} is {@code name} (as in
     * {@code orders(PartitionKey='a',RowKey='b')} or {@code orders()}), {@code Tables('name')}, or a blob name with
     * slashes that ends the path. A batch ({@code POST /$batch}, {@code POST ?comp=batch}) names no table in its
     * URL, so for a batch the URLs of its sub-requests in the body are searched as well.
     *
     * @param name the container, table or blob name, case-sensitive, replacing any set before
     * @return a new rule
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is empty
     */
    public FaultRule named(String name) {
        Objects.requireNonNull(name, "'name' must not be null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("'name' must not be empty");
        }
        return new FaultRule(fault, status, latency, operation, name, everyNth, probability, limit);
    }

    /**
     * Fires on the n-th, 2n-th, 3n-th ... matching request, replacing any schedule set before.
     *
     * @param n at least 1; 1 fires on every matching request
     * @return a new rule
     * @throws IllegalArgumentException if {@code n} is less than 1
     */
    public FaultRule everyNth(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("'n' must be at least 1, was " + n);
        }
        return new FaultRule(fault, status, latency, operation, name, n, 1.0, limit);
    }

    /**
     * Fires on each matching request with probability {@code p}, replacing any schedule set before. The choices
     * come from a {@link java.util.Random} seeded from the injector's {@linkplain FaultInjector#seed() seed} and this
     * rule's position in it, so a run with the same seed and the same order of requests replays them.
     *
     * @param p between 0 and 1
     * @return a new rule
     * @throws IllegalArgumentException if {@code p} is not between 0 and 1
     */
    public FaultRule withProbability(double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("'p' must be between 0 and 1, was " + p);
        }
        return new FaultRule(fault, status, latency, operation, name, 1, p, limit);
    }

    /**
     * Caps how many times this rule fires, in each injector it is added to; once spent it no longer fires and
     * later rules get their chance.
     *
     * @param max at least 1
     * @return a new rule
     * @throws IllegalArgumentException if {@code max} is less than 1
     */
    public FaultRule limit(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("'max' must be at least 1, was " + max);
        }
        return new FaultRule(fault, status, latency, operation, name, everyNth, probability, max);
    }

    /**
     * The fault this rule injects.
     *
     * @return the fault
     */
    public Fault fault() {
        return fault;
    }

    /**
     * The kind of request this rule targets.
     *
     * @return the operation, or {@code null} if it matches every request
     */
    public @Nullable Operation operation() {
        return operation;
    }

    /**
     * The container, table or blob name this rule targets.
     *
     * @return the name, or {@code null} if it matches any
     */
    public @Nullable String name() {
        return name;
    }

    int statusCode() {
        return status;
    }

    Duration delay() {
        return latency;
    }

    int everyNthValue() {
        return everyNth;
    }

    double probability() {
        return probability;
    }

    long limitValue() {
        return limit;
    }

    /**
     * Describes the rule, for logs and test failure messages.
     *
     * @return for example {@code status(503).on(BATCH).named("t").limit(3)}
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        switch (fault) {
            case STATUS -> s.append("status(").append(status).append(')');
            case LATENCY -> s.append("latency(").append(latency).append(')');
            case LOST_RESPONSE -> s.append("loseResponse()");
            case TIMEOUT -> s.append("timeout()");
            default -> s.append("failBeforeSending()");
        }
        if (operation != null) {
            s.append(".on(").append(operation).append(')');
        }
        if (name != null) {
            s.append(".named(\"").append(name).append("\")");
        }
        if (everyNth > 1) {
            s.append(".everyNth(").append(everyNth).append(')');
        }
        if (probability < 1.0) {
            s.append(String.format(Locale.ROOT, ".withProbability(%s)", probability));
        }
        if (limit != Long.MAX_VALUE) {
            s.append(".limit(").append(limit).append(')');
        }
        return s.toString();
    }
}
