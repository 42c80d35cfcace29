package io.github.azkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.azkit.storage.StorageService;
import io.github.azkit.storage.TransactionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TransactionCounterMetricsTest {

    @Test
    void registersEveryServiceAndKindBytesAndFailuresWithTheirUnits() {
        MeterRegistry registry = new SimpleMeterRegistry();
        TransactionCounterMetrics.builder().counter(new TransactionCounter()).build().bindTo(registry);

        assertThat(registry.find(TransactionCounterMetrics.TRANSACTIONS).functionCounters()).hasSize(6 * 7)
                .allSatisfy(meter -> assertThat(meter.getId().getBaseUnit()).isEqualTo("transactions"));
        assertThat(registry.find(TransactionCounterMetrics.TRANSACTIONS).functionCounters().stream()
                .map(meter -> meter.getId().getTag("service")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("blob", "data_lake", "file", "queue", "table", "other");
        assertThat(registry.find(TransactionCounterMetrics.TRANSACTIONS).functionCounters().stream()
                .map(meter -> meter.getId().getTag("kind")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("read", "write", "list", "lease", "batch", "delete", "other");
        assertThat(registry.find(TransactionCounterMetrics.BYTES).functionCounters())
                .extracting(meter -> meter.getId().getTag("direction"))
                .containsExactlyInAnyOrder("sent", "received");
        assertThat(registry.find(TransactionCounterMetrics.BYTES).functionCounters())
                .allSatisfy(meter -> assertThat(meter.getId().getBaseUnit()).isEqualTo("bytes"));
        assertThat(registry.find(TransactionCounterMetrics.FAILURES).functionCounters())
                .extracting(meter -> meter.getId().getTag("outcome"))
                .containsExactlyInAnyOrder("CLIENT_ERROR", "SERVER_ERROR", "UNKNOWN");
        assertThat(registry.getMeters()).allSatisfy(meter -> {
            assertThat(meter.getId().getType()).isEqualTo(Meter.Type.COUNTER);
            assertThat(meter.getId().getDescription()).isNotBlank();
        });
        assertThat(registry.find(TransactionCounterMetrics.ESTIMATED_COST).meters()).isEmpty();
    }

    @Test
    void servicesNarrowsTheTransactionMetersOnly() {
        MeterRegistry registry = new SimpleMeterRegistry();
        TransactionCounterMetrics.builder().counter(new TransactionCounter())
                .services(Set.of(StorageService.BLOB, StorageService.TABLE)).build().bindTo(registry);

        assertThat(registry.find(TransactionCounterMetrics.TRANSACTIONS).functionCounters()).hasSize(2 * 7);
        assertThat(registry.getMeters()).hasSize(2 * 7 + 2 + 3);
    }

    @Test
    void theCostMeterIsRegisteredWithPricesAndTaggedWithTheirCurrency() {
        MeterRegistry registry = new SimpleMeterRegistry();
        TransactionCounterMetrics.builder().counter(new TransactionCounter())
                .tags(Tags.of("account", "a"))
                .prices(StoragePrices.builder().currency(Currency.getInstance("EUR"))
                        .perTenThousand(StorageService.TABLE, new BigDecimal("0.0004")).build())
                .build().bindTo(registry);

        Meter cost = registry.get(TransactionCounterMetrics.ESTIMATED_COST).meter();
        assertThat(cost.getId().getTag("currency")).isEqualTo("EUR");
        assertThat(cost.getId().getTag("account")).isEqualTo("a");
        assertThat(registry.get(TransactionCounterMetrics.ESTIMATED_COST).functionCounter().count()).isZero();
    }

    @Test
    void theBuilderSaysWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> TransactionCounterMetrics.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'counter'");
        TransactionCounterMetrics.Builder builder = TransactionCounterMetrics.builder();
        assertThatThrownBy(() -> builder.counter(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'counter'");
        assertThatThrownBy(() -> builder.tags(Tags.of("kind", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'kind'");
        assertThatThrownBy(() -> builder.tags(Tags.of("currency", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'currency'");
        assertThatThrownBy(() -> builder.services(Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'services'");
        assertThatThrownBy(() -> builder.prices(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'prices'");
        assertThatThrownBy(() -> TransactionCounterMetrics.builder().counter(new TransactionCounter()).build()
                .bindTo(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("'registry'");
    }
}
