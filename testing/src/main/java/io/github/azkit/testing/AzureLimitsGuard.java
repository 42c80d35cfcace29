package io.github.azkit.testing;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.BinaryData;
import java.net.URL;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * An {@link HttpPipelinePolicy} that refuses, before it is sent, any blob or table request that real Azure Storage
 * would refuse for one of its published limits, answering as Azure answers: the same status, error code and body
 * shape, so the SDK throws what it throws against Azure ({@code TableServiceException},
 * {@code TableTransactionFailedException} with the failing action's index, {@code BlobStorageException} with
 * {@code getErrorCode()}). Azurite does not enforce these limits; code that passes its tests on Azurite can then
 * fail in production. The limits, their answers and their sources are listed in {@link AzureLimits}.
 *
 * <p>What it checks, request by request (it keeps no state):
 * <ul>
 *   <li>table entity bodies (insert, update, merge, upsert; and each action of a {@code $batch}): PartitionKey and
 *       RowKey characters and size, the number of properties, property name length, String and Binary value
 *       size, the entity's size as Azure computes it; keys in entity URLs;</li>
 *   <li>table batches: body size, number of actions, one partition key;</li>
 *   <li>blobs: lease duration and break period, metadata size, Put Block size and block id, Put Blob size, the
 *       number of blocks and the block ids of a Put Block List (the list names every block of the new blob, so the
 *       50,000 committed blocks are counted exactly).</li>
 * </ul>
 * Not checked: the 100,000 uncommitted blocks of a blob, which depend on earlier requests; an entity whose size
 * goes over 1 MiB only by merging with what the table holds; limits Azurite already enforces.
 *
 * <p>Each refusal is logged at INFO with what was over the limit; the request never reaches the service. Clients
 * from {@link TestStorage} carry a guard unless the test class says {@code @AzkitStorageTest(azureLimits = false)};
 * code under test that builds its own clients from {@link TestStorage#connectionString()} does not, and may add one:
 *
 * <pre>{@code
 * TableServiceClient tables = new TableServiceClientBuilder()
 *         .connectionString(storage.connectionString())
 *         .addPolicy(new AzureLimitsGuard())
 *         .buildClient();
 * }</pre>
 *
 * <p>It sits in the {@link HttpPipelinePosition#PER_RETRY PER_RETRY} position, where request bodies are replayable;
 * add it before a {@link FaultInjector} so a refused request is not faulted. A refusal is a 4xx, which the SDK does
 * not retry. It reads the bodies of table entity requests, table batches and Put Block Lists (small, and made
 * replayable if they were not); it never reads blob content.
 *
 * <p>Thread-safe: one guard may serve many clients and threads.
 */
public final class AzureLimitsGuard implements HttpPipelinePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(AzureLimitsGuard.class);

    private final AtomicLong refused = new AtomicLong();

    /** Creates a guard. */
    public AzureLimitsGuard() {
    }

    /**
     * How many requests this guard has refused.
     *
     * @return the count
     */
    public long refused() {
        return refused.get();
    }

    /**
     * {@inheritDoc}
     *
     * @return {@link HttpPipelinePosition#PER_RETRY}
     */
    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    /**
     * Refuses the request as Azure would, or passes it on.
     *
     * @param context the call
     * @param next the rest of the pipeline
     * @return Azure's refusal, or the service's response
     */
    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        HttpRequest request = context.getHttpRequest();
        return Mono.defer(() -> {
            if (!needsBody(request)) {
                return answer(request, null, next);
            }
            BinaryData body = request.getBodyAsBinaryData();
            if (body == null) {
                return answer(request, new byte[0], next);
            }
            if (body.isReplayable()) {
                return answer(request, body.toBytes(), next);
            }
            return body.toReplayableBinaryDataAsync().flatMap(replayable -> {
                request.setBody(replayable);
                return answer(request, replayable.toBytes(), next);
            });
        });
    }

    /**
     * Refuses the request as Azure would, or passes it on.
     *
     * @param context the call
     * @param next the rest of the pipeline
     * @return Azure's refusal, or the service's response
     */
    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        HttpRequest request = context.getHttpRequest();
        byte[] bytes = null;
        if (needsBody(request)) {
            BinaryData body = request.getBodyAsBinaryData();
            if (body == null) {
                bytes = new byte[0];
            } else {
                if (!body.isReplayable()) {
                    body = body.toReplayableBinaryData();
                    request.setBody(body);
                }
                bytes = body.toBytes();
            }
        }
        Refusal refusal = check(request, bytes);
        return refusal == null ? next.processSync() : refuse(request, refusal);
    }

    private Mono<HttpResponse> answer(HttpRequest request, byte @Nullable [] body, HttpPipelineNextPolicy next) {
        Refusal refusal = check(request, body);
        return refusal == null ? next.process() : Mono.just(refuse(request, refusal));
    }

    private HttpResponse refuse(HttpRequest request, Refusal refusal) {
        refused.incrementAndGet();
        LOG.info("AzureLimitsGuard refused {} {} as Azure would, with {} {}: {} (see AzureLimits)",
                request.getHttpMethod(), RequestKinds.decodedPath(request.getUrl()), refusal.status(),
                refusal.code(), refusal.why());
        return InjectedResponse.refusal(request, refusal);
    }

    /** The refusal Azure would give {@code request}, or null; {@code body} is read only when needsBody said so. */
    static @Nullable Refusal check(HttpRequest request, byte @Nullable [] body) {
        URL url = request.getUrl();
        String verb = request.getHttpMethod().name();
        String path = RequestKinds.decodedPath(url);
        String last = path.substring(path.lastIndexOf('/') + 1);
        String query = url.getQuery() == null ? "" : url.getQuery();
        if (RequestKinds.isTable(url, request.getHeaders())) {
            if (isBatch(last, query)) {
                return body == null ? null : BatchLimits.check(body);
            }
            if (isTablesResource(last)) {
                return null;
            }
            Refusal refusal = TableLimits.checkUrlKeys(path);
            if (refusal == null && body != null && body.length > 0) {
                refusal = TableLimits.checkEntity(body);
            }
            return refusal;
        }
        Refusal refusal = BlobLimits.checkHeaders(verb, query, request.getHeaders());
        if (refusal == null && body != null && isBlockList(verb, query)) {
            refusal = BlobLimits.checkBlockList(body);
        }
        return refusal;
    }

    private static boolean needsBody(HttpRequest request) {
        String verb = request.getHttpMethod().name();
        URL url = request.getUrl();
        String query = url.getQuery() == null ? "" : url.getQuery();
        String path = RequestKinds.decodedPath(url);
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (RequestKinds.isTable(url, request.getHeaders())) {
            return !isTablesResource(last) && (verb.equals("POST") || verb.equals("PUT") || verb.equals("PATCH")
                    || verb.equals("MERGE"));
        }
        return isBlockList(verb, query);
    }

    private static boolean isBatch(String last, String query) {
        return last.equals("$batch") || BlobLimits.hasParameter(query, "comp", "batch");
    }

    private static boolean isTablesResource(String last) {
        return last.equals("Tables") || last.startsWith("Tables(");
    }

    private static boolean isBlockList(String verb, String query) {
        return verb.equals("PUT") && BlobLimits.hasParameter(query, "comp", "blocklist");
    }
}
