package io.github.azkit.micrometer;

import io.github.azkit.storage.StorageService;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A Micrometer {@link MeterBinder} that publishes what an azkit {@link TransactionCounter} counts: storage
 * transactions (the unit Azure bills) by kind and service, body bytes sent and received, failed requests by outcome,
 * and optionally an estimated cost from a {@link StoragePrices} table the user supplies.
 *
 * <pre>{@code
 * TransactionCounter counter = new TransactionCounter();          // added to the SDK clients' pipelines
 * TransactionCounterMetrics.builder()
 *         .counter(counter)
 *         .tags(Tags.of("account", "prod"))
 *         .build()
 *         .bindTo(registry);
 * }</pre>
 *
 * <p>The meters are {@link FunctionCounter}s that read the counter when the registry publishes, so requests cost
 * nothing beyond what the counter already does. Each reading takes a {@linkplain TransactionCounter#snapshot()
 * snapshot}. Names and tags (each meter also carries the tags given to {@link Builder#tags(Iterable)}):
 *
 * <table>
 * <caption>The meters</caption>
 * <tr><th>Name</th><th>Base unit</th><th>Tags</th><th>What it counts</th></tr>
 * <tr><td>{@value #TRANSACTIONS}</td><td>{@code transactions}</td><td>{@code service} (blob, data_lake, file, queue,
 *     table, other), {@code kind} (read, write, list, lease, batch, delete, other)</td><td>requests sent, each
 *     attempt of a retried request included, failed ones included</td></tr>
 * <tr><td>{@value #BYTES}</td><td>{@code bytes}</td><td>{@code direction} (sent, received)</td><td>request and
 *     response body bytes, as declared by {@code Content-Length}</td></tr>
 * <tr><td>{@value #FAILURES}</td><td>none</td><td>{@code outcome} (CLIENT_ERROR: status 4xx,
 *     SERVER_ERROR: status 5xx, UNKNOWN: no response)</td><td>failed requests (also counted in
 *     {@value #TRANSACTIONS})</td></tr>
 * <tr><td>{@value #ESTIMATED_COST}</td><td>none</td><td>{@code currency} (an ISO 4217 code)</td><td>the cost
 *     of the transactions and bytes at the {@linkplain Builder#prices(StoragePrices) prices given}; only with
 *     prices</td></tr>
 * </table>
 *
 * <p>The estimated cost is a function counter, not a gauge: it only grows, so a backend's rate over it is spend per
 * second, as for any counter. To bind several counters to one registry (one per account, say), give each distinct
 * tags; a registry keeps the first meter registered under a name and tags, so a second counter bound with the same
 * tags would not be seen (Micrometer logs a warning when that happens). As Micrometer's function meters do, the meters hold the counter weakly: once no client
 * uses it and it is collected, they stop (reading NaN), and a counter the meters read is never kept alive by them.
 *
 * <p>Immutable and thread-safe: it may be bound to any number of registries, from any thread.
 */
public final class TransactionCounterMetrics implements MeterBinder {

    /** The name of the meter of transactions by service and kind: {@value}. */
    public static final String TRANSACTIONS = "azkit.storage.transactions";
    /** The name of the meter of body bytes by direction: {@value}. */
    public static final String BYTES = "azkit.storage.bytes";
    /** The name of the meter of failed transactions by outcome: {@value}. */
    public static final String FAILURES = "azkit.storage.failures";
    /** The name of the estimated-cost meter: {@value}. */
    public static final String ESTIMATED_COST = "azkit.storage.estimated.cost";

    private static final String TRANSACTION_UNIT = "transactions";
    private static final Set<String> OWN_TAG_KEYS = Set.of("service", "kind", "direction", "outcome", "currency");

    private final TransactionCounter counter;
    private final Tags tags;
    private final Set<StorageService> services;
    private final @Nullable StoragePrices prices;

    private TransactionCounterMetrics(Builder builder, TransactionCounter counter) {
        this.counter = counter;
        this.tags = builder.tags;
        this.services = Set.copyOf(builder.services);
        this.prices = builder.prices;
    }

    /**
     * A new builder, with no counter, no extra tags, every service, and no prices.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers the meters with {@code registry}. Bind once per registry: the registry ignores a second
     * registration of a meter name and tags, and Micrometer logs a warning about it.
     *
     * @param registry the registry
     * @throws NullPointerException if {@code registry} is null
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "'registry' must not be null");
        for (StorageService service : StorageService.values()) {
            if (!services.contains(service)) {
                continue;
            }
            for (TransactionKind kind : TransactionKind.values()) {
                register(registry, TRANSACTIONS, "Storage transactions (requests, retries included) sent",
                        TRANSACTION_UNIT, Tags.of("service", tagValue(service), "kind", tagValue(kind)),
                        counts -> counts.get(service, kind));
            }
        }
        register(registry, BYTES, "Request body bytes sent to storage", BaseUnits.BYTES,
                Tags.of("direction", "sent"), TransactionCounts::bytesSent);
        register(registry, BYTES, "Response body bytes received from storage", BaseUnits.BYTES,
                Tags.of("direction", "received"), TransactionCounts::bytesReceived);
        register(registry, FAILURES, "Storage transactions answered with status 400-499", null,
                Tags.of("outcome", "CLIENT_ERROR"), TransactionCounts::clientErrors);
        register(registry, FAILURES, "Storage transactions answered with status 500 or above", null,
                Tags.of("outcome", "SERVER_ERROR"), TransactionCounts::serverErrors);
        register(registry, FAILURES, "Storage transactions that got no response", null,
                Tags.of("outcome", "UNKNOWN"), TransactionCounts::unanswered);
        StoragePrices table = prices;
        if (table != null) {
            FunctionCounter.builder(ESTIMATED_COST, counter, c -> table.cost(c.snapshot()).doubleValue())
                    .description("Estimated cost of the storage transactions and bytes, at the prices the "
                            + "application gave (" + table + ")")
                    .tags(tags)
                    .tag("currency", table.currency().getCurrencyCode())
                    .register(registry);
        }
    }

    private void register(MeterRegistry registry, String name, String description, @Nullable String baseUnit,
            Tags own, ToLongFunction<TransactionCounts> reading) {
        FunctionCounter.builder(name, counter, c -> reading.applyAsLong(c.snapshot()))
                .description(description)
                .baseUnit(baseUnit)
                .tags(tags.and(own))
                .register(registry);
    }

    private static String tagValue(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Builds a {@link TransactionCounterMetrics}. Mutable and not thread-safe; {@link #build()} copies the settings.
     */
    public static final class Builder {

        private @Nullable TransactionCounter counter;
        private Tags tags = Tags.empty();
        private Set<StorageService> services = EnumSet.allOf(StorageService.class);
        private @Nullable StoragePrices prices;

        private Builder() {
        }

        /**
         * The counter to publish (required): the one added to the SDK clients' pipelines.
         *
         * @param counter the counter
         * @return this builder
         * @throws NullPointerException if {@code counter} is null
         */
        public Builder counter(TransactionCounter counter) {
            this.counter = Objects.requireNonNull(counter, "'counter' must not be null");
            return this;
        }

        /**
         * Tags added to every meter, such as the storage account or the counter's purpose, so that several counters
         * can be bound to one registry. Added to those of earlier calls; a later tag with the same key replaces an
         * earlier one.
         *
         * @param tags the tags
         * @return this builder
         * @throws NullPointerException if {@code tags} is null
         * @throws IllegalArgumentException if a tag's key is one the meters set themselves ({@code service},
         *     {@code kind}, {@code direction}, {@code outcome}, {@code currency})
         */
        public Builder tags(Iterable<Tag> tags) {
            Objects.requireNonNull(tags, "'tags' must not be null");
            for (Tag tag : tags) {
                if (OWN_TAG_KEYS.contains(tag.getKey())) {
                    throw new IllegalArgumentException("tag key '" + tag.getKey() + "' is set by the meters "
                            + "themselves; use another key (these are taken: " + OWN_TAG_KEYS + ")");
                }
            }
            this.tags = this.tags.and(tags);
            return this;
        }

        /**
         * The services to publish transaction meters for (one per kind each); by default every
         * {@link StorageService}. Naming only the services the application calls exports fewer time series. The
         * estimated cost counts every service whatever this says.
         *
         * @param services the services, at least one
         * @return this builder
         * @throws NullPointerException if {@code services} or one of them is null
         * @throws IllegalArgumentException if {@code services} is empty
         */
        public Builder services(Set<StorageService> services) {
            Objects.requireNonNull(services, "'services' must not be null");
            if (services.isEmpty()) {
                throw new IllegalArgumentException("'services' must name at least one service, was empty");
            }
            EnumSet<StorageService> copy = EnumSet.noneOf(StorageService.class);
            for (StorageService service : services) {
                copy.add(Objects.requireNonNull(service, "'services' must not contain null"));
            }
            this.services = copy;
            return this;
        }

        /**
         * The price table for the {@value TransactionCounterMetrics#ESTIMATED_COST} meter, which is registered only when prices are
         * given. azkit has no default prices: they change, and differ by region, redundancy and tier.
         *
         * @param prices the prices
         * @return this builder
         * @throws NullPointerException if {@code prices} is null
         */
        public Builder prices(StoragePrices prices) {
            this.prices = Objects.requireNonNull(prices, "'prices' must not be null");
            return this;
        }

        /**
         * Builds the binder; {@link TransactionCounterMetrics#bindTo(MeterRegistry)} then registers its meters.
         *
         * @return the binder
         * @throws IllegalStateException if no {@link #counter(TransactionCounter)} was set
         */
        public TransactionCounterMetrics build() {
            if (counter == null) {
                throw new IllegalStateException("TransactionCounterMetrics needs 'counter' (the TransactionCounter "
                        + "added to the clients' pipelines); it was not set");
            }
            return new TransactionCounterMetrics(this, counter);
        }
    }
}
