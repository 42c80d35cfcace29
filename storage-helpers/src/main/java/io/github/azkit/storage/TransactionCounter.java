package io.github.azkit.storage;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.HttpPipelinePosition;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An {@link HttpPipelinePolicy} that counts storage transactions by {@link TransactionKind} and
 * {@link StorageService}, with the failures by status class and the bytes sent and received, so that code can state
 * and test what it costs.
 *
 * <p>Add it to any Azure SDK client builder, blob or table, as a per-retry policy (every retry is a billed
 * request):
 *
 * <pre>{@code
 * TransactionCounter counter = new TransactionCounter();
 * BlobServiceClient blobs = new BlobServiceClientBuilder().connectionString(cs).addPolicy(counter).buildClient();
 * TableServiceClient tables = new TableServiceClientBuilder().connectionString(cs).addPolicy(counter).buildClient();
 * TransactionCounts before = counter.snapshot();
 * ...
 * TransactionCounts spent = counter.snapshot().minus(before);
 * }</pre>
 *
 * <p>For a client already built, {@link #withCounter(HttpPipeline)} gives a pipeline to build a counted twin
 * from. One counter may serve many clients at once.
 *
 * <p>Thread-safe and lock-free; {@link #snapshot()} is not atomic across kinds while requests are in flight,
 * so take snapshots when the work being measured has finished.
 */
public final class TransactionCounter implements HttpPipelinePolicy {

    private static final TransactionKind[] KINDS = TransactionKind.values();
    private static final StorageService[] SERVICES = StorageService.values();
    /** Client libraries named in {@code User-Agent} ({@code azsdk-java-<library>/<version>}), by service. */
    private static final List<Map.Entry<String, StorageService>> LIBRARIES = List.of(
            Map.entry("azure-storage-file-datalake", StorageService.DATA_LAKE),
            Map.entry("azure-storage-file-share", StorageService.FILE),
            Map.entry("azure-storage-queue", StorageService.QUEUE),
            Map.entry("azure-data-tables", StorageService.TABLE),
            Map.entry("azure-storage-blob", StorageService.BLOB));
    /** A lower-cased filter naming one entity: quoted keys with {@code ''} for a quote, parentheses optional. */
    private static final Pattern POINT_FILTER = Pattern.compile(
            "\\(?partitionkey eq '(?:[^']|'')*'\\)? and \\(?rowkey eq '(?:[^']|'')*'\\)?");

    /** Counts by service and kind, at {@code service.ordinal() * KINDS.length + kind.ordinal()}. */
    private final AtomicLongArray byServiceAndKind = new AtomicLongArray(SERVICES.length * KINDS.length);
    private final LongAdder clientErrors = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder unanswered = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();

    /** Creates a counter with every count at zero. */
    public TransactionCounter() {
    }

    /**
     * Takes a snapshot of the counts so far.
     *
     * @return the snapshot
     */
    public TransactionCounts snapshot() {
        long[] counts = new long[byServiceAndKind.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = byServiceAndKind.get(i);
        }
        return new TransactionCounts(counts, clientErrors.sum(), serverErrors.sum(), unanswered.sum(),
                bytesSent.sum(), bytesReceived.sum());
    }

    /**
     * A new pipeline that runs every policy of {@code pipeline} and then this counter, for building a counted copy
     * of a client that is already built (for example
     * {@code new BlobContainerClientBuilder().pipeline(counter.withCounter(c.getHttpPipeline())).endpoint(c.getBlobContainerUrl())}).
     *
     * @param pipeline the pipeline of an existing client
     * @return a pipeline with the same HTTP client and policies, plus this counter last
     */
    public HttpPipeline withCounter(HttpPipeline pipeline) {
        List<HttpPipelinePolicy> policies = new ArrayList<>(pipeline.getPolicyCount() + 1);
        for (int i = 0; i < pipeline.getPolicyCount(); i++) {
            policies.add(pipeline.getPolicy(i));
        }
        policies.add(this);
        return new HttpPipelineBuilder()
                .httpClient(pipeline.getHttpClient())
                .policies(policies.toArray(new HttpPipelinePolicy[0]))
                .tracer(pipeline.getTracer())
                .build();
    }

    /**
     * {@inheritDoc}
     *
     * @return {@link HttpPipelinePosition#PER_RETRY}: every attempt is counted
     */
    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        recordRequest(context.getHttpRequest());
        return next.process()
                .doOnNext(this::recordResponse)
                .doOnError(error -> unanswered.increment());
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        recordRequest(context.getHttpRequest());
        HttpResponse response;
        try {
            response = next.processSync();
        } catch (RuntimeException | Error e) {
            unanswered.increment();
            throw e;
        }
        recordResponse(response);
        return response;
    }

    private void recordRequest(HttpRequest request) {
        TransactionKind kind = classify(request.getHttpMethod(), request.getUrl());
        StorageService service = service(request.getUrl(), request.getHeaders().getValue(HttpHeaderName.USER_AGENT));
        byServiceAndKind.incrementAndGet(service.ordinal() * KINDS.length + kind.ordinal());
        bytesSent.add(contentLength(request.getHeaders().getValue(HttpHeaderName.CONTENT_LENGTH)));
    }

    private void recordResponse(HttpResponse response) {
        int status = response.getStatusCode();
        if (status >= 500) {
            serverErrors.increment();
        } else if (status >= 400) {
            clientErrors.increment();
        }
        bytesReceived.add(contentLength(response.getHeaderValue(HttpHeaderName.CONTENT_LENGTH)));
    }

    private static long contentLength(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Classifies one request. Package-private for tests.
     *
     * @param method the HTTP method
     * @param url the request URL
     * @return its kind
     */
    static TransactionKind classify(HttpMethod method, URL url) {
        String query = url.getQuery() == null ? "" : url.getQuery().toLowerCase(Locale.ROOT);
        String path = url.getPath() == null ? "" : url.getPath();
        if (path.endsWith("/$batch") || hasParameter(query, "comp", "batch")) {
            return TransactionKind.BATCH;
        }
        if (hasParameter(query, "comp", "lease")) {
            return TransactionKind.LEASE;
        }
        switch (method.name()) {
            case "DELETE":
                return TransactionKind.DELETE;
            case "GET":
            case "HEAD":
                return isListing(path, query) ? TransactionKind.LIST : TransactionKind.READ;
            case "PUT":
            case "POST":
            case "PATCH":
            case "MERGE":
                return TransactionKind.WRITE;
            default:
                return TransactionKind.OTHER;
        }
    }

    /**
     * The service a request went to: the first label of the host after the account's that names one
     * ({@code acct.blob.core.windows.net}, {@code acct.privatelink.table.core.windows.net}), else the client library
     * named in {@code User-Agent}, else {@link StorageService#OTHER}. Package-private for tests.
     *
     * @param url the request URL
     * @param userAgent the request's {@code User-Agent} header, if any
     * @return the service
     */
    static StorageService service(URL url, @Nullable String userAgent) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        int dot = host.indexOf('.');
        while (dot >= 0) {
            int next = host.indexOf('.', dot + 1);
            switch (next < 0 ? "" : host.substring(dot + 1, next)) {
                case "blob":
                    return StorageService.BLOB;
                case "dfs":
                    return StorageService.DATA_LAKE;
                case "file":
                    return StorageService.FILE;
                case "queue":
                    return StorageService.QUEUE;
                case "table":
                    return StorageService.TABLE;
                default:
                    dot = next;
            }
        }
        if (userAgent != null) {
            for (Map.Entry<String, StorageService> library : LIBRARIES) {
                if (userAgent.contains(library.getKey())) {
                    return library.getValue();
                }
            }
        }
        return StorageService.OTHER;
    }

    private static boolean isListing(String path, String query) {
        if (hasParameter(query, "comp", "list")) {
            return true; // containers, blobs
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        // Tables: "Tables" lists tables; "name()" queries entities; "name(PartitionKey='p',RowKey='r')" is a read, and
        // so is a query whose filter names one entity by both keys (how azkit reads an entity that may be absent).
        return last.equals("Tables") || last.endsWith("()") && !isPointQuery(query);
    }

    /** Whether the (lower-cased) query string's {@code $filter} is {@code PartitionKey eq '..' and RowKey eq '..'}. */
    private static boolean isPointQuery(String query) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && decode(pair.substring(0, eq)).equals("$filter")) {
                return POINT_FILTER.matcher(decode(pair.substring(eq + 1))).matches();
            }
        }
        return false;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static boolean hasParameter(String query, String name, String value) {
        for (String pair : query.split("&")) {
            if (pair.equals(name + "=" + value)) {
                return true;
            }
        }
        return false;
    }
}
