package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The {@code Duration timeout, Context context} overloads: the Context reaches every SDK call (seen by a pipeline
 * policy), the transactions are those of the simple forms, and the timeout bounds the whole operation rather than
 * each call (time comes from a ticker that a pipeline policy moves one second per request).
 */
@AzkitStorageTest
class TimeoutAndContextIT {

    private static final String KEY = "azkit-test-trace";

    /** Records each request as "KIND context-value" and moves the ticker one second per request. */
    private static final class Recorder extends HttpPipelineSyncPolicy {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final AtomicLong nanos = new AtomicLong();

        @Override
        protected void beforeSendingRequest(HttpPipelineCallContext context) {
            String query = context.getHttpRequest().getUrl().getQuery();
            query = query == null ? "" : query;
            HttpMethod method = context.getHttpRequest().getHttpMethod();
            String kind = query.contains("comp=blocklist") ? (method == HttpMethod.GET ? "GetBlockList" : "PutBlockList")
                    : query.contains("comp=block") ? "PutBlock"
                    : query.contains("comp=list") ? "List"
                    : method == HttpMethod.DELETE ? "Delete"
                    : method == HttpMethod.GET ? "Get" : method.toString();
            requests.add(kind + " " + context.getData(KEY).orElse("-"));
            nanos.addAndGet(1_000_000_000L);
        }

        List<String> take() {
            List<String> copy = List.copyOf(requests);
            requests.clear();
            return copy;
        }
    }

    private static BlobContainerClient container(TestStorage storage, Recorder recorder) {
        return storage.blobServiceClientBuilder().addPolicy(recorder).buildClient()
                .getBlobContainerClient(storage.createContainer().getBlobContainerName());
    }

    @Test
    void ongoingLogPassesTheContextToEveryCallAndSpendsWhatTheSimpleFormsSpend(TestStorage storage) {
        Recorder recorder = new Recorder();
        OngoingLog log = OngoingLog.builder().containerClient(container(storage, recorder)).logId("traced")
                .ticker(recorder.nanos::get).build();
        Context context = new Context(KEY, "t1");

        log.appendAll(List.of("a", "b"), Duration.ofMinutes(1), context);
        assertThat(recorder.take()).containsExactly("GetBlockList t1", "PutBlock t1", "PutBlockList t1");
        log.append("c", null, context);
        assertThat(recorder.take()).containsExactly("PutBlock t1", "PutBlockList t1");
        log.append("d");
        assertThat(recorder.take()).containsExactly("PutBlock -", "PutBlockList -");

        assertThat(log.readEntries(Duration.ofMinutes(1), context)).containsExactly("a", "b", "c", "d");
        assertThat(recorder.take()).containsExactly("GetBlockList t1", "Get t1");
        List<String> seen = new CopyOnWriteArrayList<>();
        log.forEachEntry(seen::add, null, context);
        assertThat(seen).containsExactly("a", "b", "c", "d");
        assertThat(recorder.take()).containsExactly("GetBlockList t1", "Get t1");
    }

    @Test
    void theTimeoutBoundsTheWholeAppendNotEachCall(TestStorage storage) {
        Recorder recorder = new Recorder();
        OngoingLog log = OngoingLog.builder().containerClient(container(storage, recorder)).logId("bounded")
                .ticker(recorder.nanos::get).build();

        // Each request takes "one second": Get Block List, Put Block, then the commit would start at 2 s.
        assertThatThrownBy(() -> log.appendAll(List.of("x", "y"), Duration.ofMillis(1_500), Context.NONE))
                .hasRootCauseInstanceOf(TimeoutException.class).hasMessageContaining("PT1.5S");
        assertThat(recorder.take()).containsExactly("GetBlockList -", "PutBlock -");

        // Appending the same entries again settles it: written once.
        log.appendAll(List.of("x", "y"), Duration.ofSeconds(10), Context.NONE);
        log.append("z");
        assertThat(log.readEntries()).containsExactly("x", "y", "z");
        assertThatThrownBy(() -> log.readEntries(Duration.ofMillis(500), Context.NONE))
                .hasRootCauseInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> log.append("w", Duration.ZERO, Context.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'timeout' must be positive");
    }

    @Test
    void periodicLogPassesTheContextToEveryCallThatTakesOne(TestStorage storage) {
        Recorder recorder = new Recorder();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z"));
        PeriodicLog log = PeriodicLog.builder().containerClient(container(storage, recorder)).period(LogPeriod.DAILY)
                .retention(2).clock(clock).ticker(recorder.nanos::get).build();
        Context context = new Context(KEY, "t2");

        log.append("web", "day 1", Duration.ofMinutes(1), context);
        assertThat(recorder.take()).containsExactly("GetBlockList t2", "PutBlock t2", "PutBlockList t2", "List -");
        clock.set(Instant.parse("2026-11-23T12:00:00Z"));
        log.appendAll("web", List.of("day 4"), Duration.ofMinutes(1), context);
        assertThat(recorder.take()).as("a new period: the purge's listing carries no Context (the SDK's sync "
                + "listBlobs takes none), its Delete does").containsExactly("GetBlockList t2", "PutBlock t2",
                "PutBlockList t2", "List -", "Delete t2");
        log.appendAll("web", clock.instant(), List.of("day 4 again"), null, context);
        assertThat(recorder.take()).containsExactly("PutBlock t2", "PutBlockList t2");

        List<LogBlob> logs = log.list("web", Instant.EPOCH, clock.instant().plusSeconds(86_400), null, context);
        assertThat(recorder.take()).containsExactly("List -");
        assertThat(logs).hasSize(1);
        assertThat(log.readEntries(logs.get(0), null, context)).containsExactly("day 4", "day 4 again");
        assertThat(recorder.take()).containsExactly("GetBlockList t2", "Get t2");
        assertThat(log.readEntries("web", clock.instant(), null, context)).containsExactly("day 4", "day 4 again");
        assertThat(recorder.take()).containsExactly("GetBlockList t2", "Get t2");
        assertThat(log.purge("web", null, context)).isZero();
        assertThat(log.purgeAll(Duration.ofMinutes(1), context).listRequests()).isEqualTo(1);
        assertThat(recorder.take()).containsExactly("List -", "List -");

        assertThatThrownBy(() -> log.purgeAll(Duration.ofMillis(500), context))
                .hasRootCauseInstanceOf(TimeoutException.class);
    }
}
