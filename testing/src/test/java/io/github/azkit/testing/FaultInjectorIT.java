package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobAsyncClient;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each fault against real storage, through the SDK's own retry policies, on sync and async clients. */
@AzkitStorageTest
class FaultInjectorIT {

    /** A blob holding "v1", and its ETag. */
    private record Blob(BlobContainerClient container, String name, String etag) {
        BlockBlobClient faulted(TestStorage storage, FaultInjector faults) {
            return storage.blobServiceClient(faults).getBlobContainerClient(container.getBlobContainerName())
                    .getBlobClient(name).getBlockBlobClient();
        }

        BlockBlobAsyncClient faultedAsync(TestStorage storage, FaultInjector faults) {
            return storage.blobServiceClientBuilder(faults).buildAsyncClient()
                    .getBlobContainerAsyncClient(container.getBlobContainerName())
                    .getBlobAsyncClient(name).getBlockBlobAsyncClient();
        }

        String content() {
            return container.getBlobClient(name).downloadContent().toString();
        }
    }

    private static Blob blob(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        String etag = container.getBlobClient("b").getBlockBlobClient()
                .uploadWithResponse(new BlockBlobSimpleUploadOptions(BinaryData.fromString("v1")), null, Context.NONE)
                .getValue().getETag();
        return new Blob(container, "b", etag);
    }

    private static BlockBlobSimpleUploadOptions putIfMatch(String content, String etag) {
        return new BlockBlobSimpleUploadOptions(BinaryData.fromString(content))
                .setRequestConditions(new BlobRequestConditions().setIfMatch(etag));
    }

    private static FaultInjector inject(FaultRule rule) {
        return FaultInjector.builder().seed(7L).rule(rule).build();
    }

    @Test
    void conditionalPutBlobWhoseResponseIsLostIsAppliedAndRetriedInto412(TestStorage storage) {
        Blob blob = blob(storage);
        FaultInjector faults = inject(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).limit(1));

        assertThatThrownBy(() -> blob.faulted(storage, faults)
                .uploadWithResponse(putIfMatch("v2", blob.etag()), null, Context.NONE))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(412);
                    assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.CONDITION_NOT_MET);
                });

        assertThat(blob.content()).as("the first attempt was applied").isEqualTo("v2");
        assertThat(faults.injected(Fault.LOST_RESPONSE)).isEqualTo(1);
        assertThat(faults.seen(Operation.CONDITIONAL_WRITE)).as("the SDK retried").isEqualTo(2);
        assertThat(faults.asyncAttempts()).as("BlockBlobClient's upload rides the asynchronous pipeline").isEqualTo(2);
    }

    @Test
    void conditionalSetMetadataWhoseResponseIsLostIsRetriedInto412OnTheSynchronousPipeline(TestStorage storage) {
        Blob blob = blob(storage);
        FaultInjector faults = inject(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).limit(1));

        assertThatThrownBy(() -> blob.faulted(storage, faults).setMetadataWithResponse(Map.of("state", "done"),
                new BlobRequestConditions().setIfMatch(blob.etag()), null, Context.NONE))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(412));

        assertThat(blob.container().getBlobClient(blob.name()).getProperties().getMetadata())
                .containsEntry("state", "done");
        assertThat(faults.seen(Operation.CONDITIONAL_WRITE)).as("the SDK retried").isEqualTo(2);
        assertThat(faults.syncAttempts()).as("the synchronous pipeline").isEqualTo(2);
        assertThat(faults.asyncAttempts()).isZero();
    }

    @Test
    void conditionalPutBlobWhoseResponseIsLostIsRetriedInto412OnAnAsyncClient(TestStorage storage) {
        Blob blob = blob(storage);
        FaultInjector faults = inject(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).limit(1));

        assertThatThrownBy(() -> blob.faultedAsync(storage, faults).uploadWithResponse(putIfMatch("v2", blob.etag()))
                .block())
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(412));

        assertThat(blob.content()).isEqualTo("v2");
        assertThat(faults.seen(Operation.CONDITIONAL_WRITE)).isEqualTo(2);
        assertThat(faults.asyncAttempts()).as("the asynchronous pipeline").isEqualTo(2);
        assertThat(faults.syncAttempts()).isZero();
    }

    @Test
    void createOnlyPutBlobWhoseResponseIsLostIsRetriedInto409(TestStorage storage) {
        Blob blob = blob(storage);
        FaultInjector faults = inject(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).limit(1));
        BlockBlobClient fresh = storage.blobServiceClient(faults)
                .getBlobContainerClient(blob.container().getBlobContainerName()).getBlobClient("new")
                .getBlockBlobClient();

        assertThatThrownBy(() -> fresh.upload(BinaryData.fromString("once"), false))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(409);
                    assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.BLOB_ALREADY_EXISTS);
                });
        assertThat(blob.container().getBlobClient("new").downloadContent().toString()).isEqualTo("once");
        assertThat(faults.seen(Operation.CONDITIONAL_WRITE)).isEqualTo(2);
    }

    @Test
    void timedOutConditionalPutBlobIsAppliedAndRetriedInto412(TestStorage storage) {
        Blob blob = blob(storage);
        FaultInjector faults = inject(FaultRule.timeout().on(Operation.CONDITIONAL_WRITE).limit(1));

        assertThatThrownBy(() -> blob.faulted(storage, faults)
                .uploadWithResponse(putIfMatch("v2", blob.etag()), null, Context.NONE))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(412));
        assertThatThrownBy(() -> blob.faultedAsync(storage, inject(FaultRule.timeout().limit(1)))
                .uploadWithResponse(putIfMatch("v3", blob.etag())).block())
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(412));

        assertThat(blob.content()).isEqualTo("v2");
        assertThat(faults.injected(Fault.TIMEOUT)).isEqualTo(1);
        assertThat(faults.seen(Operation.CONDITIONAL_WRITE)).isEqualTo(2);
    }

    @Test
    void tableUpdateWithIfMatchWhoseResponseIsLostIsRetriedInto412(TestStorage storage) {
        TableClient table = storage.createTable();
        table.createEntity(new TableEntity("p", "r").addProperty("v", 1));
        TableEntity read = table.getEntity("p", "r");
        FaultInjector faults = inject(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).limit(1));
        TableClient faulted = storage.tableServiceClient(faults).getTableClient(table.getTableName());

        read.getProperties().put("v", 2);
        assertThatThrownBy(() -> faulted.updateEntityWithResponse(read, TableEntityUpdateMode.REPLACE, true, null,
                Context.NONE))
                .isInstanceOfSatisfying(TableServiceException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(412));

        assertThat(table.getEntity("p", "r").getProperty("v")).isEqualTo(2);
        assertThat(faults.injected(Fault.LOST_RESPONSE)).isEqualTo(1);
        assertThat(faults.seen(Operation.CONDITIONAL_WRITE)).isEqualTo(2);
    }

    @Test
    void tableInsertWhoseResponseIsLostIsRetriedInto409OnSyncAndAsyncClients(TestStorage storage) {
        TableClient table = storage.createTable();
        FaultRule loseOne = FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).limit(1);
        FaultInjector syncFaults = inject(loseOne);
        FaultInjector asyncFaults = inject(loseOne);
        TableClient faulted = storage.tableServiceClient(syncFaults).getTableClient(table.getTableName());
        TableAsyncClient faultedAsync = storage.tableServiceClientBuilder(asyncFaults).buildAsyncClient()
                .getTableClient(table.getTableName());

        assertThatThrownBy(() -> faulted.createEntity(new TableEntity("p", "sync")))
                .isInstanceOfSatisfying(TableServiceException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(409));
        assertThatThrownBy(() -> faultedAsync.createEntity(new TableEntity("p", "async")).block())
                .isInstanceOfSatisfying(TableServiceException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(409));

        assertThat(table.getEntity("p", "sync")).isNotNull();
        assertThat(table.getEntity("p", "async")).isNotNull();
        for (FaultInjector faults : List.of(syncFaults, asyncFaults)) {
            assertThat(faults.injected(Fault.LOST_RESPONSE)).isEqualTo(1);
            assertThat(faults.seen(Operation.CONDITIONAL_WRITE)).as("the SDK retried").isEqualTo(2);
        }
        assertThat(syncFaults.syncAttempts()).as("the synchronous pipeline").isEqualTo(2);
        assertThat(asyncFaults.asyncAttempts()).as("the asynchronous pipeline").isEqualTo(2);
        assertThat(asyncFaults.syncAttempts()).isZero();
    }

    @Test
    void retriesExhaustedByLostResponsesSurfaceTheInjectedIOException(TestStorage storage) {
        TableClient table = storage.createTable();
        FaultInjector faults = inject(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE));
        TableClient faulted = storage.tableServiceClient(faults).getTableClient(table.getTableName());

        assertThatThrownBy(() -> faulted.createEntity(new TableEntity("p", "r")))
                .hasRootCauseInstanceOf(java.io.IOException.class)
                .hasRootCauseMessage("Connection reset (injected by azkit FaultInjector)");
        assertThat(faults.seen(Operation.CONDITIONAL_WRITE)).as("1 try and 6 retries").isEqualTo(7);
    }

    @Test
    void failureBeforeSendingIsNotAppliedAndIsRetried(TestStorage storage) {
        Blob blob = blob(storage);
        FaultInjector always = inject(FaultRule.failBeforeSending().on(Operation.WRITE));

        assertThatThrownBy(() -> blob.faulted(storage, always)
                .uploadWithResponse(putIfMatch("v2", blob.etag()), null, Context.NONE))
                .hasRootCauseMessage("Connection refused (injected by azkit FaultInjector: the request was not sent)");
        assertThat(blob.content()).as("not applied").isEqualTo("v1");
        assertThat(always.seen(Operation.WRITE)).as("the SDK tried 6 times").isEqualTo(6);

        FaultInjector once = inject(FaultRule.failBeforeSending().on(Operation.WRITE).limit(1));
        blob.faultedAsync(storage, once).uploadWithResponse(putIfMatch("v2", blob.etag())).block();
        assertThat(blob.content()).as("the retry succeeded: no 412, since the first was never sent").isEqualTo("v2");
        assertThat(once.seen(Operation.WRITE)).isEqualTo(2);

        FaultInjector syncOnce = inject(FaultRule.failBeforeSending().on(Operation.READ).limit(1));
        assertThat(blob.faulted(storage, syncOnce).getProperties().getBlobSize()).isEqualTo(2);
        assertThat(syncOnce.seen(Operation.READ)).as("retried").isEqualTo(2);
        assertThat(syncOnce.syncAttempts()).as("on the synchronous pipeline").isEqualTo(2);
    }

    @Test
    void status503IsNotAppliedAndOnceRetriesAreExhaustedTheCallerSeesServerBusy(TestStorage storage) {
        Blob blob = blob(storage);
        FaultInjector always = inject(FaultRule.status(503).on(Operation.WRITE));

        assertThatThrownBy(() -> blob.faulted(storage, always)
                .uploadWithResponse(putIfMatch("v2", blob.etag()), null, Context.NONE))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(503);
                    assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.SERVER_BUSY);
                });
        assertThat(blob.content()).isEqualTo("v1");
        assertThat(always.injected(Fault.STATUS)).isEqualTo(6);

        FaultInjector reads = inject(FaultRule.status(503).on(Operation.READ));
        assertThatThrownBy(() -> blob.faulted(storage, reads).getProperties())
                .as("a HEAD: no body, the code from x-ms-error-code, on the synchronous pipeline")
                .isInstanceOfSatisfying(BlobStorageException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(503);
                    assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.SERVER_BUSY);
                });
        assertThat(reads.syncAttempts()).isEqualTo(6);

        FaultInjector twice = inject(FaultRule.status(500).on(Operation.WRITE).limit(2));
        blob.faulted(storage, twice).uploadWithResponse(putIfMatch("v2", blob.etag()), null, Context.NONE);
        assertThat(blob.content()).isEqualTo("v2");
        assertThat(twice.seen(Operation.WRITE)).isEqualTo(3);
    }

    @Test
    void status503OnANamedTablesBatchIsRetriedAndOtherTablesAreUntouched(TestStorage storage) {
        TableClient target = storage.createTable();
        TableClient other = storage.createTable();
        FaultInjector faults = inject(FaultRule.status(503).on(Operation.BATCH).named(target.getTableName()).limit(3));

        for (TableClient table : List.of(other, target)) {
            storage.tableServiceClient(faults).getTableClient(table.getTableName()).submitTransaction(List.of(
                    new TableTransactionAction(TableTransactionActionType.UPSERT_MERGE, new TableEntity("p", "1")),
                    new TableTransactionAction(TableTransactionActionType.UPSERT_MERGE, new TableEntity("p", "2"))));
        }

        assertThat(target.getEntity("p", "2")).isNotNull();
        assertThat(faults.injected(Fault.STATUS)).isEqualTo(3);
        assertThat(faults.seen(Operation.BATCH)).isEqualTo(1 + 4);
    }

    @Test
    void latencySlowsReadsDown(TestStorage storage) {
        Blob blob = blob(storage);
        FaultInjector faults = inject(FaultRule.latency(Duration.ofMillis(300)).on(Operation.READ));
        BlockBlobClient client = blob.faulted(storage, faults);

        long start = System.nanoTime();
        assertThat(client.downloadContent().toString()).isEqualTo("v1");
        blob.faultedAsync(storage, faults).downloadContent().block();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(faults.injected(Fault.LATENCY)).isEqualTo(faults.seen(Operation.READ)).isGreaterThanOrEqualTo(2);
        assertThat(faults.injected()).isEqualTo(faults.injected(Fault.LATENCY));
    }

    @Test
    void countersSeeEveryKindOfABlockUpload(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        FaultInjector faults = FaultInjector.builder().seed(7L).build();
        BlockBlobClient blob = storage.blobServiceClient(faults)
                .getBlobContainerClient(container.getBlobContainerName()).getBlobClient("blocks").getBlockBlobClient();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = Base64.getEncoder().encodeToString(("block-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            blob.stageBlock(id, BinaryData.fromString("part" + i));
            ids.add(id);
        }
        blob.commitBlockList(ids);
        blob.getProperties();
        container.getBlobClient("blocks").delete();

        assertThat(faults.seen(Operation.WRITE)).isEqualTo(3);
        assertThat(faults.seen(Operation.BLOCK_COMMIT)).isEqualTo(1);
        assertThat(faults.seen(Operation.CONDITIONAL_WRITE)).as("commitBlockList(ids) sends If-None-Match: *")
                .isEqualTo(1);
        assertThat(faults.seen(Operation.READ)).isEqualTo(1);
        assertThat(faults.seen(Operation.DELETE)).as("deleted through another client").isZero();
        assertThat(faults.injected()).isZero();
    }

    @Test
    void theSameSeedFaultsTheSameRequests(TestStorage storage) {
        Blob blob = blob(storage);

        List<Integer> first = faultedCalls(storage, blob, 42L);
        List<Integer> again = faultedCalls(storage, blob, 42L);

        assertThat(first).isNotEmpty().hasSizeLessThan(30).isEqualTo(again);
    }

    /** 30 reads with no SDK retries and a coin-flip failure; the indexes of those that failed. */
    private static List<Integer> faultedCalls(TestStorage storage, Blob blob, long seed) {
        FaultInjector faults = FaultInjector.builder().seed(seed)
                .rule(FaultRule.failBeforeSending().on(Operation.READ).withProbability(0.5)).build();
        BlockBlobClient client = storage.blobServiceClientBuilder()
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, (Integer) null, null, null, null))
                .addPolicy(faults).buildClient()
                .getBlobContainerClient(blob.container().getBlobContainerName()).getBlobClient(blob.name())
                .getBlockBlobClient();
        List<Integer> faulted = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            try {
                client.getProperties();
            } catch (RuntimeException e) {
                faulted.add(i);
            }
        }
        assertThat(faults.injected()).isEqualTo(faulted.size());
        return faulted;
    }
}
