package io.github.azkit.testing;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Azure Storage for one test: clients, the connection string, and container and table names that no other
 * test, thread or JVM uses.
 *
 * <p>Containers and tables made through {@link #createContainer()} and {@link #createTable()} are deleted when the
 * test ends. Names from {@link #uniqueName(String)} are the test's own to create and clean up.
 *
 * <p><b>Azure's limits.</b> Every client this class builds or hands out ({@link #blobServiceClient()},
 * {@link #tableServiceClient()}, {@link #createContainer()}, {@link #createTable()}, the builders, and the fault-test
 * variants) carries an {@link AzureLimitsGuard}: a request that Azure would refuse for one of its published limits
 * (a 65,536-character string property, a 101-action batch, a 50,001-block list, a 5-second lease...) is refused
 * with Azure's status and error code, although Azurite would accept it. {@link #isAzureLimitsGuarded()} tells
 * whether it is on; {@code @AzkitStorageTest(azureLimits = false)} on the test class turns it off. Code under test
 * that builds its own clients from {@link #connectionString()} does not get the guard: add
 * {@code new AzureLimitsGuard()} to its builders with {@code addPolicy}.
 *
 * <p>Thread-safe. Closed by the extension when the test ends (it is also {@link AutoCloseable}, as JUnit asks of a
 * stored resource); {@link #close()} is idempotent.
 */
public final class TestStorage implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TestStorage.class);
    private static final String RUN = Long.toString(new SecureRandom().nextLong() & 0xFFFFFFFFL, 36);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Blob tries (first attempt included) and table retries (after the first attempt) of fault-test clients. */
    private static final int FAULT_TEST_TRIES = 6;
    private static final Duration FAULT_TEST_TRY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FAULT_TEST_BASE_DELAY = Duration.ofMillis(10);
    private static final Duration FAULT_TEST_MAX_DELAY = Duration.ofMillis(200);

    private final StorageEnvironment environment;
    private final String owner;
    private final boolean azureLimits;
    private final List<BlobContainerClient> containers = new ArrayList<>();
    private final List<TableClient> tables = new ArrayList<>();
    private volatile BlobServiceClient blobService;
    private volatile TableServiceClient tableService;

    TestStorage(StorageEnvironment environment, String owner, boolean azureLimits) {
        this.environment = environment;
        this.owner = owner;
        this.azureLimits = azureLimits;
    }

    /**
     * Whether this storage's clients carry an {@link AzureLimitsGuard}: true unless the test class is annotated
     * {@code @AzkitStorageTest(azureLimits = false)}.
     *
     * @return whether requests over Azure's limits are refused as Azure refuses them
     */
    public boolean isAzureLimitsGuarded() {
        return azureLimits;
    }

    /**
     * Where this storage comes from.
     *
     * @return the route chosen for this JVM
     */
    public StorageRoute route() {
        return environment.route();
    }

    /**
     * The connection string, for code under test that builds its own clients. Never log it: on the
     * {@link StorageRoute#ENVIRONMENT} route it holds a real account key.
     *
     * @return the connection string
     */
    public String connectionString() {
        return environment.connectionString();
    }

    /**
     * A new builder set to this storage, for tests that add pipeline policies (such as a transaction counter); with
     * an {@link AzureLimitsGuard} unless {@link #isAzureLimitsGuarded()} is false. Policies added later come after
     * it, so a request it refuses never reaches them.
     *
     * @return a builder with the connection string set
     */
    public BlobServiceClientBuilder blobServiceClientBuilder() {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder().connectionString(connectionString());
        return azureLimits ? builder.addPolicy(new AzureLimitsGuard()) : builder;
    }

    /**
     * A new builder set to this storage, for tests that add pipeline policies (such as a transaction counter); with
     * an {@link AzureLimitsGuard} unless {@link #isAzureLimitsGuarded()} is false. Policies added later come after
     * it, so a request it refuses never reaches them.
     *
     * @return a builder with the connection string set
     */
    public TableServiceClientBuilder tableServiceClientBuilder() {
        TableServiceClientBuilder builder = new TableServiceClientBuilder().connectionString(connectionString());
        return azureLimits ? builder.addPolicy(new AzureLimitsGuard()) : builder;
    }

    /**
     * A new blob client builder for fault tests: set to this storage, carrying {@code faults}, and with retries fast
     * enough for tests (storage {@code RequestRetryOptions}: exponential, 6 tries, 10 ms
     * base delay, 200 ms at most, each try timed out after 5 seconds). The SDK's default delays (4 seconds base, up
     * to 2 minutes) would make each injected fault cost seconds. Build an async client from it with
     * {@code buildAsyncClient()}.
     *
     * @param faults the injector to add to the pipeline
     * @return the builder
     * @throws NullPointerException if {@code faults} is null
     */
    public BlobServiceClientBuilder blobServiceClientBuilder(FaultInjector faults) {
        Objects.requireNonNull(faults, "'faults' must not be null");
        return blobServiceClientBuilder()
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, FAULT_TEST_TRIES,
                        FAULT_TEST_TRY_TIMEOUT, FAULT_TEST_BASE_DELAY, FAULT_TEST_MAX_DELAY, null))
                .addPolicy(faults);
    }

    /**
     * A new blob service client carrying {@code faults}, with fast retries: see
     * {@link #blobServiceClientBuilder(FaultInjector)}. Each call builds a new client.
     *
     * @param faults the injector to add to the pipeline
     * @return the client
     * @throws NullPointerException if {@code faults} is null
     */
    public BlobServiceClient blobServiceClient(FaultInjector faults) {
        return blobServiceClientBuilder(faults).buildClient();
    }

    /**
     * A new table client builder for fault tests: set to this storage, carrying {@code faults}, and with retries
     * fast enough for tests (azure-core {@code RetryOptions} with {@code ExponentialBackoffOptions}:
     * 6 retries, 10 ms base delay, 200 ms at most). The SDK's default delays (4 seconds
     * base, up to 2 minutes) would make each injected fault cost seconds. Build an async client from it with
     * {@code buildAsyncClient()}.
     *
     * @param faults the injector to add to the pipeline
     * @return the builder
     * @throws NullPointerException if {@code faults} is null
     */
    public TableServiceClientBuilder tableServiceClientBuilder(FaultInjector faults) {
        Objects.requireNonNull(faults, "'faults' must not be null");
        return tableServiceClientBuilder()
                .retryOptions(new RetryOptions(new ExponentialBackoffOptions()
                        .setMaxRetries(FAULT_TEST_TRIES)
                        .setBaseDelay(FAULT_TEST_BASE_DELAY)
                        .setMaxDelay(FAULT_TEST_MAX_DELAY)))
                .addPolicy(faults);
    }

    /**
     * A new table service client carrying {@code faults}, with fast retries: see
     * {@link #tableServiceClientBuilder(FaultInjector)}. Each call builds a new client.
     *
     * @param faults the injector to add to the pipeline
     * @return the client
     * @throws NullPointerException if {@code faults} is null
     */
    public TableServiceClient tableServiceClient(FaultInjector faults) {
        return tableServiceClientBuilder(faults).buildClient();
    }

    /**
     * A blob service client, built once per test.
     *
     * @return the client
     */
    public BlobServiceClient blobServiceClient() {
        BlobServiceClient client = blobService;
        if (client == null) {
            synchronized (this) {
                if (blobService == null) {
                    blobService = blobServiceClientBuilder().buildClient();
                }
                client = blobService;
            }
        }
        return client;
    }

    /**
     * A table service client, built once per test.
     *
     * @return the client
     */
    public TableServiceClient tableServiceClient() {
        TableServiceClient client = tableService;
        if (client == null) {
            synchronized (this) {
                if (tableService == null) {
                    tableService = tableServiceClientBuilder().buildClient();
                }
                client = tableService;
            }
        }
        return client;
    }

    /**
     * A name no other test uses, valid both as a container name and as a table name: the prefix's letters and
     * digits, lower-cased, then a run id and a sequence number; at most 63 characters.
     *
     * @param prefix a readable prefix such as {@code "orders"}; characters other than letters and digits are
     *     dropped, and a prefix that does not start with a letter gets a leading {@code "t"}
     * @return the name
     */
    public static String uniqueName(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
            clean = "t" + clean;
        }
        String suffix = RUN + "x" + Long.toString(SEQUENCE.incrementAndGet(), 36);
        int room = 63 - suffix.length();
        return (clean.length() > room ? clean.substring(0, room) : clean) + suffix;
    }

    /**
     * Creates a container with a unique name, deleted when the test ends.
     *
     * @return the new container
     */
    public BlobContainerClient createContainer() {
        BlobContainerClient container = blobServiceClient().getBlobContainerClient(uniqueName("c"));
        container.create();
        synchronized (containers) {
            containers.add(container);
        }
        return container;
    }

    /**
     * Creates a table with a unique name, deleted when the test ends.
     *
     * @return the new table
     */
    public TableClient createTable() {
        TableClient table = tableServiceClient().createTable(uniqueName("t"));
        synchronized (tables) {
            tables.add(table);
        }
        return table;
    }

    /** Deletes what this test created; failures are logged, not thrown. Idempotent. */
    @Override
    public void close() {
        List<BlobContainerClient> containersToDelete;
        List<TableClient> tablesToDelete;
        synchronized (containers) {
            containersToDelete = new ArrayList<>(containers);
            containers.clear();
        }
        synchronized (tables) {
            tablesToDelete = new ArrayList<>(tables);
            tables.clear();
        }
        for (BlobContainerClient container : containersToDelete) {
            try {
                container.deleteIfExists();
            } catch (RuntimeException e) {
                LOG.debug("Could not delete container {} of {}", container.getBlobContainerName(), owner, e);
            }
        }
        for (TableClient table : tablesToDelete) {
            try {
                table.deleteTable();
            } catch (RuntimeException e) {
                LOG.debug("Could not delete table {} of {}", table.getTableName(), owner, e);
            }
        }
    }
}
