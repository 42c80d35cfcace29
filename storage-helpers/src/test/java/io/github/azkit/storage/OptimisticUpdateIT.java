package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.core.http.rest.Response;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class OptimisticUpdateIT {

    private static final int THREADS = 16;
    private static final int INCREMENTS_PER_THREAD = 250;

    // @start region="guide-contended"
    /** A counter that several servers increment: short backoff between lost races, and give up after a minute. */
    static final RetryPolicy SHARED_COUNTER = RetryPolicy.builder().maxAttempts(20)
            .initialDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(200)).deadline(Duration.ofMinutes(1)).build();

    static final OptimisticUpdate.Change<Long> INCREMENT = c -> Optional.of(c == null ? 1 : c + 1);
    // @end region="guide-contended"

    /** The tests keep 16 writers contending for one ETag at every moment, far above a real counter's load. */
    private static final RetryPolicy CONTENDED = SHARED_COUNTER.toBuilder().maxAttempts(200).build();

    @Test
    void sixteenThreadsIncrementOneBlobCounterExactly4000Times(TestStorage storage) throws Exception {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient plain = storage.createContainer();
        BlobContainerClient container = storage.blobServiceClientBuilder().addPolicy(counter)
                .addPolicy(new AttemptTracker()).buildClient().getBlobContainerClient(plain.getBlobContainerName());
        BlobClient blob = container.getBlobClient("counter");
        blob.upload(BinaryData.fromString("0")); // so that every failed request below is a lost race
        RetryPolicy retry = CONTENDED;

        TransactionCounts before = counter.snapshot();
        IntSummaryStatistics attempts = hammer(() -> {
            // @start region="guide-etag-counter"
            ETagStore<Long> store = longs(ETagStore.blob(blob)); // the blob's text as a Long
            // each round: 1 Get Blob + 1 conditional Put Blob; a lost race (412) costs one more round
            UpdateResult<Long> result = OptimisticUpdate.update(store, INCREMENT, retry);
            // @end region="guide-etag-counter"
            return result;
        });
        TransactionCounts spent = counter.snapshot().minus(before);

        assertThat(blob.downloadContent().toString()).isEqualTo("4000");
        report("blob", attempts, spent);
        assertThat(attempts.getCount()).isEqualTo(4000);
        // every round is exactly one Get Blob and one Put Blob; every lost round is one failed write
        assertThat(spent.get(TransactionKind.READ)).isEqualTo(attempts.getSum());
        assertThat(spent.get(TransactionKind.WRITE)).isEqualTo(attempts.getSum());
        assertThat(spent.failed()).isEqualTo(attempts.getSum() - 4000);
        assertThat(spent.total()).isEqualTo(2 * attempts.getSum());
    }

    @Test
    void sixteenThreadsIncrementOneTableEntityExactly4000Times(TestStorage storage) throws Exception {
        TransactionCounter counter = new TransactionCounter();
        TableClient plain = storage.createTable();
        TableClient table = storage.tableServiceClientBuilder().addPolicy(counter).addPolicy(new AttemptTracker())
                .buildClient().getTableClient(plain.getTableName());
        ETagStore<Long> store = entityCounter(table, "p", "counter");
        table.createEntity(new TableEntity("p", "counter").addProperty("Count", 0L));

        TransactionCounts before = counter.snapshot();
        IntSummaryStatistics attempts = hammer(() -> OptimisticUpdate.update(store, INCREMENT, CONTENDED));
        TransactionCounts spent = counter.snapshot().minus(before);

        assertThat(table.getEntity("p", "counter").getProperty("Count")).isEqualTo(4000L);
        report("table entity", attempts, spent);
        assertThat(attempts.getCount()).isEqualTo(4000);
        assertThat(spent.get(TransactionKind.READ)).isEqualTo(attempts.getSum());
        assertThat(spent.get(TransactionKind.WRITE)).isEqualTo(attempts.getSum());
        assertThat(spent.failed()).isEqualTo(attempts.getSum() - 4000);
    }

    @Test
    void noChangeCostsOneReadAndNoWrite(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient plain = storage.createContainer();
        BlobClient blob = new BlobContainerClientBuilder().pipeline(counter.withCounter(plain.getHttpPipeline()))
                .endpoint(plain.getBlobContainerUrl()).buildClient().getBlobClient("flags");
        blob.upload(BinaryData.fromString("1"));
        TransactionCounts before = counter.snapshot();

        // @start region="guide-no-change"
        UpdateResult<byte[]> r = OptimisticUpdate.update(ETagStore.blobBytes(blob),
                current -> current != null && current[0] == '1' ? Optional.empty() : Optional.of(new byte[] {'1'}));
        // @end region="guide-no-change"

        TransactionCounts spent = counter.snapshot().minus(before);
        assertThat(r.isWritten()).isFalse();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.eTag()).isEqualTo(blob.getProperties().getETag());
        assertThat(spent.total()).isEqualTo(1);
        assertThat(spent.get(TransactionKind.READ)).isEqualTo(1);
        assertThat(spent.mutations()).isZero();
    }

    @Test
    void blobStoreCreatesOnlyIfAbsentAndUpdatesOnlyIfMatch(TestStorage storage) {
        BlobClient blob = storage.createContainer().getBlobClient("b");
        ETagStore<BinaryData> store = ETagStore.blob(blob);
        assertThat(store.read()).isNull();
        String e1 = store.write(BinaryData.fromString("a"), null, "AAAAAAAA");
        assertThat(store.read()).satisfies(v -> {
            assertThat(v.eTag()).isEqualTo(e1);
            assertThat(v.value().toString()).isEqualTo("a");
            assertThat(v.recentWrites()).isEqualTo("AAAAAAAA");
        });
        BlobStorageException create = org.junit.jupiter.api.Assertions.assertThrows(BlobStorageException.class,
                () -> store.write(BinaryData.fromString("b"), null, "BBBBBBBB"));
        assertThat(create.getStatusCode()).isEqualTo(409);
        String e2 = store.write(BinaryData.fromString("c"), e1, "CCCCCCCC,AAAAAAAA");
        BlobStorageException stale = org.junit.jupiter.api.Assertions.assertThrows(BlobStorageException.class,
                () -> store.write(BinaryData.fromString("d"), e1, "DDDDDDDD"));
        assertThat(stale.getStatusCode()).isEqualTo(412);
        assertThat(blob.downloadContent().toString()).isEqualTo("c");
        assertThat(blob.getProperties().getETag()).isEqualTo(e2);
        assertThat(blob.getProperties().getMetadata()).containsExactly(
                java.util.Map.entry(ETagStore.BLOB_METADATA_KEY, "CCCCCCCC,AAAAAAAA"));
    }

    @Test
    void aMissingContainerIsAnErrorNotAnAbsentValue(TestStorage storage) {
        BlobClient blob = storage.blobServiceClientBuilder().buildClient()
                .getBlobContainerClient(TestStorage.uniqueName("nope")).getBlobClient("b");
        BlobStorageException e = org.junit.jupiter.api.Assertions.assertThrows(BlobStorageException.class,
                () -> OptimisticUpdate.update(ETagStore.blob(blob), c -> Optional.of(BinaryData.fromString("x"))));
        assertThat(e.getStatusCode()).isEqualTo(404);
    }

    private static IntSummaryStatistics hammer(Supplier<UpdateResult<Long>> update) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    List<Integer> attempts = new ArrayList<>();
                    for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
                        UpdateResult<Long> r = update.get();
                        assertThat(r.isWritten()).isTrue();
                        attempts.add(r.attempts());
                    }
                    return attempts;
                }));
            }
            IntSummaryStatistics stats = new IntSummaryStatistics();
            for (Future<List<Integer>> f : futures) {
                f.get(3, TimeUnit.MINUTES).forEach(stats::accept);
            }
            return stats;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(String what, IntSummaryStatistics attempts, TransactionCounts spent) {
        System.out.printf("16 x 250 increments of one %s: %d successes, attempts per success mean %.2f, max %d;"
                + " transactions %s%n", what, attempts.getCount(), attempts.getAverage(), attempts.getMax(), spent);
    }

    static ETagStore<Long> longs(ETagStore<BinaryData> blob) {
        return ETagStore.of(() -> {
            Versioned<BinaryData> v = blob.read();
            return v == null ? null : v.withValue(Long.parseLong(v.value().toString()));
        }, (value, ifMatch, recentWrites) -> blob.write(BinaryData.fromString(Long.toString(value)), ifMatch,
                recentWrites));
    }

    /**
     * The adapter the table helpers build on: one Int64 property of one entity, with the record of recent writes in
     * a second property.
     */
    static ETagStore<Long> entityCounter(TableClient table, String partitionKey, String rowKey) {
        return ETagStore.of(() -> {
            try {
                TableEntity e = table.getEntityWithResponse(partitionKey, rowKey, List.of("Count", "Writes"), null,
                        Context.NONE).getValue();
                return Versioned.of((Long) e.getProperty("Count"), e.getETag(), (String) e.getProperty("Writes"));
            } catch (TableServiceException e) {
                if (e.getResponse().getStatusCode() == 404) {
                    return null;
                }
                throw e;
            }
        }, (@Nullable Long value, @Nullable String ifMatch, String recentWrites) -> {
            TableEntity entity = new TableEntity(partitionKey, rowKey).addProperty("Count", value)
                    .addProperty("Writes", recentWrites);
            Response<Void> response;
            if (ifMatch == null) {
                response = AttemptTracker.track(context -> table.createEntityWithResponse(entity, null, context));
            } else {
                entity.addProperty("odata.etag", ifMatch);
                response = AttemptTracker.track(context -> table.updateEntityWithResponse(entity,
                        TableEntityUpdateMode.REPLACE, true, null, context));
            }
            return response.getHeaders().getValue(com.azure.core.http.HttpHeaderName.ETAG);
        });
    }

}
