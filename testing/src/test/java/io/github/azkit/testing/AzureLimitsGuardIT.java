package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the guard on (the default of {@link TestStorage}), the requests Azure refuses for its limits are refused as
 * Azure refuses them: status, error code and SDK exception type. Each is then sent again through a client built
 * from the connection string alone (no guard), and Azurite accepts it: the guard is what refuses.
 */
@AzkitStorageTest
class AzureLimitsGuardIT {

    private static final String TOO_LONG = "x".repeat(65_536);

    private static TableClient unguarded(TestStorage storage, TableClient table) {
        return new TableServiceClientBuilder().connectionString(storage.connectionString()).buildClient()
                .getTableClient(table.getTableName());
    }

    private static TableClient guarded(TestStorage storage, TableClient table, AzureLimitsGuard guard) {
        return new TableServiceClientBuilder().connectionString(storage.connectionString()).addPolicy(guard)
                .buildClient().getTableClient(table.getTableName());
    }

    private static BlobContainerClient unguarded(TestStorage storage, BlobContainerClient container) {
        return new BlobServiceClientBuilder().connectionString(storage.connectionString()).buildClient()
                .getBlobContainerClient(container.getBlobContainerName());
    }

    @Test
    void anEntityWithA65536CharacterStringIsRefusedWithPropertyValueTooLarge(TestStorage storage) {
        assertThat(storage.isAzureLimitsGuarded()).isTrue();
        TableClient table = storage.createTable();
        TableEntity entity = new TableEntity("p", "r").addProperty("Text", TOO_LONG);

        assertThatThrownBy(() -> table.createEntity(entity))
                .isExactlyInstanceOf(TableServiceException.class)
                .isInstanceOfSatisfying(TableServiceException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getErrorCode()).isEqualTo(TableErrorCode.PROPERTY_VALUE_TOO_LARGE);
                    assertThat(e.getValue().getErrorMessage()).startsWith("The property value exceeds the maximum "
                            + "allowed size (64KB).");
                });
        assertThat(table.listEntities().stream().count()).isZero();

        // Azurite 3.35 enforces this one too, with the same answer; the guard answered first.
        AzureLimitsGuard guard = new AzureLimitsGuard();
        assertThatThrownBy(() -> guarded(storage, table, guard).createEntity(entity))
                .isInstanceOfSatisfying(TableServiceException.class, e ->
                        assertThat(e.getValue().getErrorCode()).isEqualTo(TableErrorCode.PROPERTY_VALUE_TOO_LARGE));
        assertThat(guard.refused()).isEqualTo(1);
        assertThatThrownBy(() -> unguarded(storage, table).createEntity(entity))
                .isInstanceOfSatisfying(TableServiceException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getErrorCode()).isEqualTo(TableErrorCode.PROPERTY_VALUE_TOO_LARGE);
                });
    }

    @Test
    void anEntityOver1MiBIsRefusedWithEntityTooLarge(TestStorage storage) {
        TableClient table = storage.createTable();
        TableEntity entity = new TableEntity("p", "r");
        for (int i = 0; i < 17; i++) {
            entity.addProperty("P" + i, "x".repeat(32_000)); // 17 * (8 + 4 + 4 + 64,000) bytes: over 1 MiB
        }

        assertThatThrownBy(() -> table.createEntity(entity))
                .isInstanceOfSatisfying(TableServiceException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getErrorCode()).isEqualTo(TableErrorCode.ENTITY_TOO_LARGE);
                });

        unguarded(storage, table).createEntity(entity);
        assertThat(table.getEntity("p", "r").getProperties()).containsKey("P16");
    }

    @Test
    void anEntityWith253PropertiesIsRefusedWithTooManyProperties(TestStorage storage) {
        TableClient table = storage.createTable();
        TableEntity entity = new TableEntity("p", "r");
        for (int i = 0; i < 253; i++) {
            entity.addProperty("P" + i, i);
        }

        assertThatThrownBy(() -> table.createEntity(entity))
                .isInstanceOfSatisfying(TableServiceException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getErrorCode()).isEqualTo(TableErrorCode.TOO_MANY_PROPERTIES);
                });
        entity.getProperties().remove("P252");
        table.createEntity(entity);

        TableEntity more = new TableEntity("p", "r2");
        for (int i = 0; i < 253; i++) {
            more.addProperty("P" + i, i);
        }
        unguarded(storage, table).createEntity(more);
        assertThat(table.getEntity("p", "r2").getProperties()).containsKey("P252");
    }

    @Test
    void theAsyncClientIsRefusedToo(TestStorage storage) {
        TableClient table = storage.createTable();

        assertThatThrownBy(() -> storage.tableServiceClientBuilder().buildAsyncClient()
                .getTableClient(table.getTableName())
                .createEntity(new TableEntity("p", "r").addProperty("Text", TOO_LONG)).block())
                .isInstanceOfSatisfying(TableServiceException.class, e ->
                        assertThat(e.getValue().getErrorCode()).isEqualTo(TableErrorCode.PROPERTY_VALUE_TOO_LARGE));
    }

    @Test
    void aStringOf32768CharactersPasses(TestStorage storage) {
        TableClient table = storage.createTable();

        table.createEntity(new TableEntity("p", "r").addProperty("Text", "x".repeat(32_768)));

        assertThat(table.getEntity("p", "r").getProperty("Text").toString()).hasSize(32_768);
    }

    @Test
    void aBatchOf101ActionsIsRefusedAtIndex0WithInvalidInput(TestStorage storage) {
        TableClient table = storage.createTable();
        List<TableTransactionAction> actions = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            actions.add(new TableTransactionAction(TableTransactionActionType.CREATE,
                    new TableEntity("p", String.format("r%03d", i))));
        }

        assertThatThrownBy(() -> table.submitTransaction(actions))
                .isInstanceOfSatisfying(TableTransactionFailedException.class, e -> {
                    assertThat(e.getFailedTransactionActionIndex()).isZero();
                    assertThat(e.getValue().getErrorCode()).isEqualTo(TableErrorCode.INVALID_INPUT);
                    assertThat(e.getValue().getErrorMessage())
                            .startsWith("0:The batch request operation exceeds the maximum 100 changes per change set.");
                });
        assertThat(table.listEntities().stream().count()).isZero();

        // Azurite 3.35 enforces this one too, at the same index; the guard answered first.
        AzureLimitsGuard guard = new AzureLimitsGuard();
        assertThatThrownBy(() -> guarded(storage, table, guard).submitTransaction(actions))
                .isInstanceOf(TableTransactionFailedException.class);
        assertThat(guard.refused()).isEqualTo(1);
        assertThatThrownBy(() -> unguarded(storage, table).submitTransaction(actions))
                .isInstanceOfSatisfying(TableTransactionFailedException.class, e ->
                        assertThat(e.getFailedTransactionActionIndex()).isZero());
    }

    @Test
    void aBatchSpanningTwoPartitionKeysIsRefusedAtTheSecondKey(TestStorage storage) {
        // @start region="guide-limits"
        TableClient table = storage.createTable(); // carries an AzureLimitsGuard, as every TestStorage client does
        List<TableTransactionAction> actions = List.of(
                new TableTransactionAction(TableTransactionActionType.CREATE, new TableEntity("p1", "a")),
                new TableTransactionAction(TableTransactionActionType.UPSERT_MERGE, new TableEntity("p1", "b")),
                new TableTransactionAction(TableTransactionActionType.CREATE, new TableEntity("p2", "c")));
        TableTransactionFailedException refused = null;
        try {
            table.submitTransaction(actions); // Azurite would accept it; the guard refuses it as Azure does
        } catch (TableTransactionFailedException e) {
            refused = e; // action 2, COMMANDS_IN_BATCH_ACT_ON_DIFFERENT_PARTITIONS; nothing was written
        }
        // @end region="guide-limits"

        assertThat(refused).isNotNull();
        assertThat(refused.getFailedTransactionActionIndex()).isEqualTo(2);
        assertThat(refused.getValue().getErrorCode())
                .isEqualTo(TableErrorCode.COMMANDS_IN_BATCH_ACT_ON_DIFFERENT_PARTITIONS);
        assertThat(table.listEntities().stream().count()).isZero();

        unguarded(storage, table).submitTransaction(actions); // Azurite alone accepts it; Azure would not
        assertThat(table.listEntities().stream().count()).isEqualTo(3);
    }

    @Test
    void anActionOverALimitInsideABatchIsReportedAtItsIndex(TestStorage storage) {
        TableClient table = storage.createTable();
        List<TableTransactionAction> actions = List.of(
                new TableTransactionAction(TableTransactionActionType.CREATE, new TableEntity("p", "a")),
                new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, new TableEntity("p", "b")),
                new TableTransactionAction(TableTransactionActionType.CREATE, manyProperties("p", "c", 253)));

        assertThatThrownBy(() -> table.submitTransaction(actions))
                .isInstanceOfSatisfying(TableTransactionFailedException.class, e -> {
                    assertThat(e.getFailedTransactionActionIndex()).isEqualTo(2);
                    assertThat(e.getValue().getErrorCode()).isEqualTo(TableErrorCode.TOO_MANY_PROPERTIES);
                });

        unguarded(storage, table).submitTransaction(actions);
        assertThat(table.listEntities().stream().count()).isEqualTo(3);
    }

    private static TableEntity manyProperties(String partitionKey, String rowKey, int count) {
        TableEntity entity = new TableEntity(partitionKey, rowKey);
        for (int i = 0; i < count; i++) {
            entity.addProperty("P" + i, i);
        }
        return entity;
    }

    @Test
    void aKeyWithASlashIsRefusedWithOutOfRangeInput(TestStorage storage) {
        TableClient table = storage.createTable();

        assertThatThrownBy(() -> table.createEntity(new TableEntity("p", "a/b")))
                .isInstanceOfSatisfying(TableServiceException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getErrorCode()).isEqualTo(TableErrorCode.OUT_OF_RANGE_INPUT);
                });

        // Azurite 3.35 refuses it too, but not as Azure does: 400 InvalidInput.
        assertThatThrownBy(() -> unguarded(storage, table).createEntity(new TableEntity("p", "a/b")))
                .isInstanceOfSatisfying(TableServiceException.class, e ->
                        assertThat(e.getValue().getErrorCode()).isEqualTo(TableErrorCode.INVALID_INPUT));
    }

    @Test
    void aPutBlockListOf50001BlocksIsRefusedBeforeTheServiceSeesIt(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        BlockBlobClient blob = container.getBlobClient("big").getBlockBlobClient();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50_001; i++) {
            ids.add(Base64.getEncoder().encodeToString(String.format("%08d", i).getBytes(StandardCharsets.UTF_8)));
        }

        assertThatThrownBy(() -> blob.commitBlockList(ids))
                .isExactlyInstanceOf(BlobStorageException.class)
                .isInstanceOfSatisfying(BlobStorageException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.BLOCK_LIST_TOO_LONG);
                });
        assertThat(blob.exists()).isFalse();

        // Without the guard Azurite answers for the blocks it does not have (none were staged), not for the count.
        assertThatThrownBy(() -> unguarded(storage, container).getBlobClient("big").getBlockBlobClient()
                .commitBlockList(ids))
                .isInstanceOfSatisfying(BlobStorageException.class, e ->
                        assertThat(e.getErrorCode()).isNotEqualTo(BlobErrorCode.BLOCK_LIST_TOO_LONG));
    }

    @Test
    void aListOf50000BlocksPasses(TestStorage storage) {
        BlockBlobClient blob = storage.createContainer().getBlobClient("b").getBlockBlobClient();
        String id = Base64.getEncoder().encodeToString("00000000".getBytes(StandardCharsets.UTF_8));
        blob.stageBlock(id, BinaryData.fromString("x"));

        blob.commitBlockList(List.of(id));

        assertThat(blob.downloadContent().toString()).isEqualTo("x");
    }

    @Test
    void aLeaseOf5SecondsIsRefusedWithInvalidHeaderValue(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        container.getBlobClient("b").upload(BinaryData.fromString("v"));

        assertThatThrownBy(() -> new BlobLeaseClientBuilder().blobClient(container.getBlobClient("b"))
                .buildClient().acquireLease(5))
                .isExactlyInstanceOf(BlobStorageException.class)
                .isInstanceOfSatisfying(BlobStorageException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.INVALID_HEADER_VALUE);
                    assertThat(e.getMessage()).contains("<HeaderName>x-ms-lease-duration</HeaderName>");
                });

        // Azurite 3.35 enforces this one too, with the same answer.
        assertThatThrownBy(() -> new BlobLeaseClientBuilder()
                .blobClient(unguarded(storage, container).getBlobClient("b")).buildClient().acquireLease(5))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.INVALID_HEADER_VALUE);
                });
    }

    @Test
    void leasesOf15To60SecondsAndInfinitePass(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        for (int seconds : new int[] {15, 60, -1}) {
            String name = "b" + (seconds + 1);
            container.getBlobClient(name).upload(BinaryData.fromString("v"));
            assertThat(new BlobLeaseClientBuilder().blobClient(container.getBlobClient(name)).buildClient()
                    .acquireLease(seconds)).isNotBlank();
        }
    }

    @Test
    void metadataOver8KiBIsRefusedWithMetadataTooLarge(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        container.getBlobClient("b").upload(BinaryData.fromString("v"));

        assertThatThrownBy(() -> container.getBlobClient("b").setMetadata(Map.of("big", "v".repeat(8 * 1024))))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.METADATA_TOO_LARGE);
                });

        unguarded(storage, container).getBlobClient("b").setMetadata(Map.of("big", "v".repeat(8 * 1024)));
    }

    @Test
    void aKeyOver1KiBIsRefusedWithKeyValueTooLarge(TestStorage storage) {
        TableClient table = storage.createTable();
        TableEntity entity = new TableEntity("p", "k".repeat(1025));

        assertThatThrownBy(() -> table.createEntity(entity))
                .isInstanceOfSatisfying(TableServiceException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getErrorCode()).isEqualTo(TableErrorCode.KEY_VALUE_TOO_LARGE);
                });
        // Azurite 3.35 refuses it too (and a key of 1,024 characters as well), but not as Azure does: 400
        // InvalidInput.
        assertThatThrownBy(() -> unguarded(storage, table).createEntity(entity))
                .isInstanceOfSatisfying(TableServiceException.class, e ->
                        assertThat(e.getValue().getErrorCode()).isEqualTo(TableErrorCode.INVALID_INPUT));
    }

    @Test
    void theGuardAnswersBeforeTheFaultInjector(TestStorage storage) {
        TableClient table = storage.createTable();
        FaultInjector faults = FaultInjector.builder().seed(1L)
                .rule(FaultRule.status(503).on(Operation.WRITE)).build();

        assertThatThrownBy(() -> storage.tableServiceClient(faults).getTableClient(table.getTableName())
                .createEntity(new TableEntity("p", "r").addProperty("Text", TOO_LONG)))
                .isInstanceOfSatisfying(TableServiceException.class, e ->
                        assertThat(e.getValue().getErrorCode()).isEqualTo(TableErrorCode.PROPERTY_VALUE_TOO_LARGE));
        assertThat(faults.seen(Operation.WRITE)).isZero();
    }
}
