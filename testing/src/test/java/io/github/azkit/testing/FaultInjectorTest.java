package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;

/** The injector in a pipeline whose "service" is a counter: schedules, counters and what each path raises. */
class FaultInjectorTest {

    private static final String BLOB = "http://127.0.0.1:10000/devstoreaccount1/orders/a.txt";

    private final AtomicInteger delivered = new AtomicInteger();
    private final HttpClient service = new HttpClient() {
        @Override
        public reactor.core.publisher.Mono<HttpResponse> send(HttpRequest request) {
            return reactor.core.publisher.Mono.fromSupplier(() -> ok(request));
        }

        @Override
        public HttpResponse sendSync(HttpRequest request, Context context) {
            return ok(request);
        }
    };

    private HttpResponse ok(HttpRequest request) {
        delivered.incrementAndGet();
        return new InjectedResponse(request, 200, new HttpHeaders(), "ok".getBytes(StandardCharsets.UTF_8));
    }

    private HttpPipeline pipeline(FaultInjector faults) {
        return new HttpPipelineBuilder().httpClient(service).policies(faults).build();
    }

    private static HttpRequest get() {
        return new HttpRequest(HttpMethod.GET, BLOB);
    }

    private static HttpRequest put(String url) {
        return new HttpRequest(HttpMethod.PUT, url).setHeader(com.azure.core.http.HttpHeaderName.IF_MATCH, "\"e\"");
    }

    /** Sends n GETs synchronously and returns the indexes (from 1) of those faulted. */
    private List<Integer> faultedIndexes(FaultInjector faults, int n) {
        HttpPipeline pipeline = pipeline(faults);
        List<Integer> faulted = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            try {
                pipeline.sendSync(get(), Context.NONE).close();
            } catch (UncheckedIOException e) {
                faulted.add(i);
            }
        }
        return faulted;
    }

    @Test
    void lostResponseIsDeliveredThenAnIOExceptionOnBothPaths() {
        FaultInjector faults = FaultInjector.builder().seed(1).rule(FaultRule.loseResponse()).build();
        HttpPipeline pipeline = pipeline(faults);

        assertThatThrownBy(() -> pipeline.sendSync(get(), Context.NONE))
                .isExactlyInstanceOf(UncheckedIOException.class)
                .cause().isExactlyInstanceOf(IOException.class)
                .hasMessage("Connection reset (injected by azkit FaultInjector)");
        assertThatThrownBy(() -> pipeline.send(get()).block())
                .satisfies(e -> assertThat(Exceptions.unwrap(e)).isExactlyInstanceOf(IOException.class)
                        .hasMessage("Connection reset (injected by azkit FaultInjector)"));

        assertThat(delivered).hasValue(2);
        assertThat(faults.injected(Fault.LOST_RESPONSE)).isEqualTo(2);
    }

    @Test
    void timeoutIsDeliveredThenATimeoutExceptionOnBothPaths() {
        FaultInjector faults = FaultInjector.builder().seed(1).rule(FaultRule.timeout()).build();
        HttpPipeline pipeline = pipeline(faults);

        assertThatThrownBy(() -> pipeline.sendSync(get(), Context.NONE))
                .isInstanceOf(RuntimeException.class)
                .satisfies(e -> assertThat(Exceptions.unwrap(e)).isExactlyInstanceOf(TimeoutException.class));
        assertThatThrownBy(() -> pipeline.send(get()).block())
                .satisfies(e -> assertThat(Exceptions.unwrap(e)).isExactlyInstanceOf(TimeoutException.class));

        assertThat(delivered).hasValue(2);
        assertThat(faults.injected(Fault.TIMEOUT)).isEqualTo(2);
    }

    @Test
    void failBeforeSendingNeverReachesTheService() {
        FaultInjector faults = FaultInjector.builder().seed(1).rule(FaultRule.failBeforeSending()).build();
        HttpPipeline pipeline = pipeline(faults);

        assertThatThrownBy(() -> pipeline.sendSync(get(), Context.NONE))
                .isExactlyInstanceOf(UncheckedIOException.class).cause().isExactlyInstanceOf(IOException.class);
        assertThatThrownBy(() -> pipeline.send(get()).block())
                .satisfies(e -> assertThat(Exceptions.unwrap(e)).isExactlyInstanceOf(IOException.class));

        assertThat(delivered).hasValue(0);
    }

    @Test
    void statusAnswersWithAzuresErrorWithoutSending() {
        FaultInjector faults = FaultInjector.builder().seed(1).rule(FaultRule.status(503)).build();
        HttpPipeline pipeline = pipeline(faults);

        try (HttpResponse sync = pipeline.sendSync(get(), Context.NONE);
                HttpResponse async = pipeline.send(get()).block()) {
            for (HttpResponse response : List.of(sync, async)) {
                assertThat(response.getStatusCode()).isEqualTo(503);
                assertThat(response.getHeaders().getValue("x-ms-error-code")).isEqualTo("ServerBusy");
                assertThat(response.getBodyAsString().block()).contains("<Code>ServerBusy</Code>");
            }
        }
        assertThat(delivered).hasValue(0);
    }

    @Test
    void tableStatusIsJsonAnd429SaysWhenToRetry() {
        FaultInjector faults = FaultInjector.builder().seed(1).rule(FaultRule.status(429)).build();
        HttpRequest request = new HttpRequest(HttpMethod.POST, "http://h/acct/$batch")
                .setHeader(com.azure.core.http.HttpHeaderName.ACCEPT, "application/json;odata=minimalmetadata");

        try (HttpResponse response = pipeline(faults).sendSync(request, Context.NONE)) {
            assertThat(response.getStatusCode()).isEqualTo(429);
            assertThat(response.getHeaders().getValue("Retry-After")).isEqualTo("1");
            assertThat(response.getBodyAsString().block()).startsWith("{\"odata.error\":{\"code\":\"TooManyRequests\"");
        }
    }

    @Test
    void latencyDelaysThenSendsOnBothPaths() {
        FaultInjector faults = FaultInjector.builder().seed(1)
                .rule(FaultRule.latency(Duration.ofMillis(60))).build();
        HttpPipeline pipeline = pipeline(faults);

        long start = System.nanoTime();
        pipeline.sendSync(get(), Context.NONE).close();
        pipeline.send(get()).block().close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(120));
        assertThat(delivered).hasValue(2);
        assertThat(faults.injected(Fault.LATENCY)).isEqualTo(2);
    }

    @Test
    void everyNthFiresOnMultiplesOfN() {
        FaultInjector faults = FaultInjector.builder().seed(1)
                .rule(FaultRule.failBeforeSending().everyNth(3)).build();

        assertThat(faultedIndexes(faults, 10)).containsExactly(3, 6, 9);
    }

    @Test
    void limitCapsTheRuleAndThenLaterRulesGetTheirTurn() {
        FaultInjector faults = FaultInjector.builder().seed(1)
                .rule(FaultRule.failBeforeSending().limit(2))
                .rule(FaultRule.status(503).everyNth(2))
                .build();
        HttpPipeline pipeline = pipeline(faults);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            try (HttpResponse response = pipeline.sendSync(get(), Context.NONE)) {
                outcomes.add(Integer.toString(response.getStatusCode()));
            } catch (UncheckedIOException e) {
                outcomes.add("io");
            }
        }

        // The second rule is not asked about the first two requests: its 2nd matching request is the 4th.
        assertThat(outcomes).containsExactly("io", "io", "200", "503", "200", "503");
        assertThat(faults.injected()).isEqualTo(4);
        assertThat(faults.injected(Fault.FAILED_BEFORE_SENDING)).isEqualTo(2);
        assertThat(faults.injected(Fault.STATUS)).isEqualTo(2);
    }

    @Test
    void theSameSeedReplaysTheSameFaultsAndAnotherSeedDoesNot() {
        FaultRule coin = FaultRule.failBeforeSending().withProbability(0.5);

        List<Integer> first = faultedIndexes(FaultInjector.builder().seed(42L).rule(coin).build(), 40);
        List<Integer> again = faultedIndexes(FaultInjector.builder().seed(42L).rule(coin).build(), 40);
        List<Integer> other = faultedIndexes(FaultInjector.builder().seed(43L).rule(coin).build(), 40);

        assertThat(first).isNotEmpty().hasSizeLessThan(40).isEqualTo(again).isNotEqualTo(other);
    }

    @Test
    void aRandomSeedIsChosenAndReported() {
        FaultInjector faults = FaultInjector.builder().rule(FaultRule.loseResponse().withProbability(0.3)).build();
        FaultRule rule = FaultRule.failBeforeSending().withProbability(0.3);

        assertThat(faultedIndexes(FaultInjector.builder().rule(rule).seed(faults.seed()).build(), 30))
                .isEqualTo(faultedIndexes(FaultInjector.builder().rule(rule).seed(faults.seed()).build(), 30));
    }

    @Test
    void rulesMatchOnlyTheirOperationAndName() {
        FaultInjector faults = FaultInjector.builder().seed(1)
                .rule(FaultRule.status(500).on(Operation.CONDITIONAL_WRITE).named("orders"))
                .build();
        HttpPipeline pipeline = pipeline(faults);

        try (HttpResponse read = pipeline.sendSync(get(), Context.NONE);
                HttpResponse otherContainer = pipeline.sendSync(put("http://h/acct/invoices/a.txt"), Context.NONE);
                HttpResponse hit = pipeline.sendSync(put(BLOB), Context.NONE)) {
            assertThat(read.getStatusCode()).isEqualTo(200);
            assertThat(otherContainer.getStatusCode()).isEqualTo(200);
            assertThat(hit.getStatusCode()).isEqualTo(500);
        }
        assertThat(faults.seen()).isEqualTo(3);
        assertThat(faults.seen(Operation.READ)).isEqualTo(1);
        assertThat(faults.seen(Operation.WRITE)).isEqualTo(2);
        assertThat(faults.seen(Operation.CONDITIONAL_WRITE)).isEqualTo(2);
        assertThat(faults.seen(Operation.LIST)).isZero();
    }

    @Test
    void disabledInjectsNothingButStillCounts() {
        FaultInjector faults = FaultInjector.builder().seed(1).rule(FaultRule.failBeforeSending()).build();
        faults.enabled(false);

        assertThat(faultedIndexes(faults, 3)).isEmpty();
        assertThat(faults.seen(Operation.READ)).isEqualTo(3);
        assertThat(faults.injected()).isZero();

        faults.enabled(true);
        assertThat(faults.isEnabled()).isTrue();
        assertThat(faultedIndexes(faults, 2)).containsExactly(1, 2);
    }

    /** The example in FaultInjector's Javadoc, compiled. */
    @Test
    void theDocumentedExampleBuilds() {
        FaultInjector faults = FaultInjector.builder()
                .seed(42L)
                .rule(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).withProbability(0.25))
                .rule(FaultRule.failBeforeSending().on(Operation.WRITE).everyNth(5))
                .rule(FaultRule.status(503).on(Operation.BATCH).named("mytable").limit(3))
                .rule(FaultRule.latency(Duration.ofMillis(20)).on(Operation.READ))
                .build();

        assertThat(faults.seed()).isEqualTo(42L);
        assertThat(faults.injected()).isZero();
        assertThat(faults.injected(Fault.LOST_RESPONSE)).isZero();
        assertThat(faults.seen(Operation.BLOCK_COMMIT)).isZero();
        faults.enabled(false);
        assertThat(faults.isEnabled()).isFalse();
    }

    @Test
    void eachPathIsCounted() {
        FaultInjector faults = FaultInjector.builder().seed(1).build();
        HttpPipeline pipeline = pipeline(faults);

        pipeline.sendSync(get(), Context.NONE).close();
        pipeline.send(get()).block().close();

        assertThat(faults.syncAttempts()).isEqualTo(1);
        assertThat(faults.asyncAttempts()).isEqualTo(1);
    }

    @Test
    void isPerRetry() {
        assertThat(FaultInjector.builder().build().getPipelinePosition())
                .isEqualTo(com.azure.core.http.HttpPipelinePosition.PER_RETRY);
    }
}
