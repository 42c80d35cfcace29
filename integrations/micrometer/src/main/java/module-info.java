/**
 * azkit Micrometer meters: a {@code MeterBinder} that publishes what an azkit {@code TransactionCounter} counts
 * (storage transactions by kind and service, bytes, failures) and, from a price table the user supplies, an
 * estimated cost.
 */
@SuppressWarnings("requires-transitive-automatic") // micrometer-core ships an Automatic-Module-Name, no module-info
module io.github.azkit.micrometer {
    requires transitive io.github.azkit.storage;
    requires transitive micrometer.core;
    requires static org.jspecify;

    exports io.github.azkit.micrometer;
}
