package io.github.azkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.azkit.storage.StorageService;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The meters against real blob and table clients on Azurite, each carrying a {@link TransactionCounter}. */
@AzkitStorageTest
class TransactionCounterMetricsIT {

    @Test
    void metersEqualTheCounterAndTheTransactionsMade(TestStorage storage) {
        String connectionString = storage.connectionString();
        String name = TestStorage.uniqueName("meters");
        MeterRegistry registry = new SimpleMeterRegistry();
        // @start region="bind"
        // One counter in the pipeline of every client whose transactions you want to see
        TransactionCounter counter = new TransactionCounter();
        BlobServiceClient blobs = new BlobServiceClientBuilder()
                .connectionString(connectionString).addPolicy(counter).buildClient();
        TableServiceClient tables = new TableServiceClientBuilder()
                .connectionString(connectionString).addPolicy(counter).buildClient();

        // Its meters, in any Micrometer registry
        TransactionCounterMetrics.builder()
                .counter(counter)
                .tags(Tags.of("account", "devstoreaccount1"))
                .build()
                .bindTo(registry);

        BlobContainerClient container = blobs.createBlobContainer(name);     // blob write
        container.getBlobClient("a.txt").upload(BinaryData.fromString("hello, world")); // blob write, 12 bytes
        container.getBlobClient("a.txt").downloadContent();                  // blob read
        container.listBlobs().stream().count();                              // blob list
        TableClient table = tables.createTable(name);                        // table write
        table.upsertEntity(new TableEntity("p", "r").addProperty("n", 1));   // table write
        table.getEntity("p", "r");                                           // table read
        table.listEntities().stream().count();                               // table list
        // azkit.storage.transactions{service=blob,kind=write} is now 2, {service=table,kind=read} 1, ...
        // @end region="bind"

        TransactionCounts counts = counter.snapshot();
        assertThat(transactions(registry, StorageService.BLOB, TransactionKind.WRITE)).isEqualTo(2);
        assertThat(transactions(registry, StorageService.BLOB, TransactionKind.READ)).isEqualTo(1);
        assertThat(transactions(registry, StorageService.BLOB, TransactionKind.LIST)).isEqualTo(1);
        assertThat(transactions(registry, StorageService.TABLE, TransactionKind.WRITE)).isEqualTo(2);
        assertThat(transactions(registry, StorageService.TABLE, TransactionKind.READ)).isEqualTo(1);
        assertThat(transactions(registry, StorageService.TABLE, TransactionKind.LIST)).isEqualTo(1);
        double sum = 0;
        for (StorageService service : StorageService.values()) {
            for (TransactionKind kind : TransactionKind.values()) {
                assertThat(transactions(registry, service, kind)).as("%s %s", service, kind)
                        .isEqualTo(counts.get(service, kind));
                sum += transactions(registry, service, kind);
            }
        }
        assertThat(sum).isEqualTo(counts.total()).isEqualTo(8);
        assertThat(bytes(registry, "sent")).isEqualTo(counts.bytesSent()).isGreaterThanOrEqualTo(12);
        assertThat(bytes(registry, "received")).isEqualTo(counts.bytesReceived()).isGreaterThanOrEqualTo(12);
        assertThat(failures(registry, "CLIENT_ERROR") + failures(registry, "SERVER_ERROR")
                + failures(registry, "UNKNOWN")).isZero();
        assertThat(registry.find(TransactionCounterMetrics.ESTIMATED_COST).meters()).isEmpty();
        // every meter carries the user's tag
        assertThat(registry.getMeters()).hasSize(6 * 7 + 2 + 3)
                .allSatisfy(meter -> assertThat(meter.getId().getTag("account")).isEqualTo("devstoreaccount1"));

        // more work shows at the next reading: the meters read the counter, they hold no copy
        container.getBlobClient("a.txt").getProperties();                    // blob read
        assertThat(transactions(registry, StorageService.BLOB, TransactionKind.READ)).isEqualTo(2);
    }

    @Test
    void failuresAreCountedByOutcomeUnderInjectedFaults(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        FaultInjector faults = FaultInjector.builder().seed(1L)
                .rule(FaultRule.status(503).on(Operation.WRITE).named("faulted.txt").limit(2))
                .rule(FaultRule.failBeforeSending().on(Operation.READ).named("faulted.txt").limit(1))
                .build();
        // The counter before the injector, so that it sees each attempt and the injector's answer to it
        BlobContainerClient container = storage.blobServiceClientBuilder()
                .addPolicy(counter)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 6, Duration.ofSeconds(5),
                        Duration.ofMillis(10), Duration.ofMillis(200), null))
                .addPolicy(faults)
                .buildClient().getBlobContainerClient(TestStorage.uniqueName("faults"));
        MeterRegistry registry = new SimpleMeterRegistry();
        TransactionCounterMetrics.builder().counter(counter).build().bindTo(registry);

        container.create();                                                    // 1 write
        container.getBlobClient("faulted.txt").upload(BinaryData.fromString("x")); // 503, 503, then 201: 3 writes
        container.getBlobClient("faulted.txt").downloadContent();              // no response, then 200: 2 reads
        assertThatThrownBy(() -> container.getBlobClient("missing.txt").downloadContent())
                .isInstanceOf(BlobStorageException.class);                     // 404: 1 read

        assertThat(faults.injected()).isEqualTo(3);
        assertThat(failures(registry, "SERVER_ERROR")).isEqualTo(2);
        assertThat(failures(registry, "UNKNOWN")).isEqualTo(1);
        assertThat(failures(registry, "CLIENT_ERROR")).isEqualTo(1);
        assertThat(transactions(registry, StorageService.BLOB, TransactionKind.WRITE)).isEqualTo(4);
        assertThat(transactions(registry, StorageService.BLOB, TransactionKind.READ)).isEqualTo(3);
        TransactionCounts counts = counter.snapshot();
        assertThat(counts.serverErrors()).isEqualTo(2);
        assertThat(counts.unanswered()).isEqualTo(1);
        assertThat(counts.clientErrors()).isEqualTo(1);
        assertThat(counts.failed()).isEqualTo(4);
    }

    @Test
    void estimatedCostEqualsTheHandComputedCost(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = storage.blobServiceClientBuilder().addPolicy(counter).buildClient()
                .getBlobContainerClient(TestStorage.uniqueName("cost"));
        TableClient table = storage.tableServiceClientBuilder().addPolicy(counter).buildClient()
                .getTableClient(TestStorage.uniqueName("cost"));
        MeterRegistry registry = new SimpleMeterRegistry();
        // @start region="prices"
        // An example only: Standard general-purpose v2, LRS, hot tier, East US, pay-as-you-go, USD, as read in July
        // 2026. Prices change and differ by region, redundancy and tier: take yours from the Azure pricing pages.
        StoragePrices prices = StoragePrices.builder()
                .currency(Currency.getInstance("USD"))
                .perTenThousand(StorageService.BLOB, TransactionKind.WRITE, new BigDecimal("0.055"))
                .perTenThousand(StorageService.BLOB, TransactionKind.LIST, new BigDecimal("0.055"))
                .perTenThousand(StorageService.BLOB, TransactionKind.READ, new BigDecimal("0.0044"))
                .perTenThousand(StorageService.BLOB, TransactionKind.OTHER, new BigDecimal("0.0044"))
                .perTenThousand(StorageService.TABLE, new BigDecimal("0.00036"))   // every kind alike
                .build();                                                            // blob deletes: free
        TransactionCounterMetrics.builder()
                .counter(counter)
                .prices(prices)
                .build()
                .bindTo(registry);
        // @end region="prices"

        container.create();                                                  // blob write
        container.getBlobClient("a.txt").upload(BinaryData.fromString("hello, world")); // blob write
        container.getBlobClient("a.txt").downloadContent();                  // blob read
        container.listBlobs().stream().count();                              // blob list
        container.getBlobClient("a.txt").delete();                           // blob delete: no price, free
        table.createTable();                                                 // table write
        table.upsertEntity(new TableEntity("p", "r"));                       // table write
        table.getEntity("p", "r");                                           // table read

        double byHand = (2 * 0.055 + 1 * 0.055 + 1 * 0.0044) / 10_000   // blob: 2 writes, 1 list, 1 read
                + 3 * 0.00036 / 10_000;                                 // table: 2 writes, 1 read
        FunctionCounter cost = registry.get(TransactionCounterMetrics.ESTIMATED_COST).tag("currency", "USD")
                .functionCounter();
        assertThat(cost.count()).isCloseTo(byHand, within(1e-15));
        assertThat(prices.cost(counter.snapshot()).doubleValue()).isCloseTo(byHand, within(1e-15));
        assertThat(cost.getId().getBaseUnit()).isNull();

        // with prices per gibibyte (illustrative figures), the bytes count too
        TransactionCounts counts = counter.snapshot();
        assertThat(counts.bytesSent()).isGreaterThanOrEqualTo(12);
        assertThat(counts.bytesReceived()).isGreaterThanOrEqualTo(12);
        StoragePrices withBytes = StoragePrices.builder().currency(Currency.getInstance("EUR"))
                .perTenThousand(StorageService.TABLE, TransactionKind.READ, new BigDecimal("0.0004"))
                .perGibibyteSent(new BigDecimal("0.01"))
                .perGibibyteReceived(new BigDecimal("0.08"))
                .build();
        MeterRegistry euros = new SimpleMeterRegistry();
        TransactionCounterMetrics.builder().counter(counter).prices(withBytes).build().bindTo(euros);
        double gibibyte = 1024.0 * 1024 * 1024;
        assertThat(euros.get(TransactionCounterMetrics.ESTIMATED_COST).tag("currency", "EUR").functionCounter()
                .count()).isCloseTo(1 * 0.0004 / 10_000 + counts.bytesSent() * 0.01 / gibibyte
                        + counts.bytesReceived() * 0.08 / gibibyte, within(1e-15));
    }

    @Test
    void twoCountersWithDifferentTagsCoexistInOneRegistry(TestStorage storage) {
        TransactionCounter hot = new TransactionCounter();
        TransactionCounter cold = new TransactionCounter();
        BlobContainerClient hotContainer = storage.blobServiceClientBuilder().addPolicy(hot).buildClient()
                .getBlobContainerClient(TestStorage.uniqueName("hot"));
        BlobContainerClient coldContainer = storage.blobServiceClientBuilder().addPolicy(cold).buildClient()
                .getBlobContainerClient(TestStorage.uniqueName("cold"));
        MeterRegistry registry = new SimpleMeterRegistry();
        // @start region="two-counters"
        TransactionCounterMetrics.builder().counter(hot).tags(Tags.of("store", "hot")).build().bindTo(registry);
        TransactionCounterMetrics.builder().counter(cold).tags(Tags.of("store", "cold")).build().bindTo(registry);
        // @end region="two-counters"

        hotContainer.create();                                               // hot: 1 write
        coldContainer.create();                                              // cold: 2 writes
        coldContainer.getBlobClient("b").upload(BinaryData.fromString("12345"));

        assertThat(registry.get(TransactionCounterMetrics.TRANSACTIONS).tags("store", "hot", "service", "blob",
                "kind", "write").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get(TransactionCounterMetrics.TRANSACTIONS).tags("store", "cold", "service", "blob",
                "kind", "write").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get(TransactionCounterMetrics.BYTES).tags("store", "hot", "direction", "sent")
                .functionCounter().count()).isZero();
        assertThat(registry.get(TransactionCounterMetrics.BYTES).tags("store", "cold", "direction", "sent")
                .functionCounter().count()).isEqualTo(5);
        assertThat(registry.find(TransactionCounterMetrics.TRANSACTIONS).tags("service", "blob", "kind", "write")
                .functionCounters()).hasSize(2);
        assertThat(registry.getMeters()).hasSize(2 * (6 * 7 + 2 + 3));

        // a third counter bound with tags already taken is not seen: the registry keeps the first meters (and logs
        // a warning), which is why each counter needs tags of its own
        TransactionCounter third = new TransactionCounter();
        storage.blobServiceClientBuilder().addPolicy(third).buildClient()
                .getBlobContainerClient(TestStorage.uniqueName("third")).create();
        TransactionCounterMetrics.builder().counter(third).tags(Tags.of("store", "hot")).build().bindTo(registry);
        assertThat(registry.getMeters()).hasSize(2 * (6 * 7 + 2 + 3));
        assertThat(registry.get(TransactionCounterMetrics.TRANSACTIONS).tags("store", "hot", "service", "blob",
                "kind", "write").functionCounter().count()).isEqualTo(1);
    }

    private static double transactions(MeterRegistry registry, StorageService service, TransactionKind kind) {
        return registry.get(TransactionCounterMetrics.TRANSACTIONS)
                .tags("service", service.name().toLowerCase(Locale.ROOT), "kind", kind.name().toLowerCase(Locale.ROOT))
                .functionCounter().count();
    }

    private static double bytes(MeterRegistry registry, String direction) {
        return registry.get(TransactionCounterMetrics.BYTES).tag("direction", direction).functionCounter().count();
    }

    private static double failures(MeterRegistry registry, String outcome) {
        return registry.get(TransactionCounterMetrics.FAILURES).tag("outcome", outcome).functionCounter().count();
    }
}
