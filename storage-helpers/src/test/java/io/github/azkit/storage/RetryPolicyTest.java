package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class RetryPolicyTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));

    static HttpResponseException http(int status) {
        HttpRequest request = new HttpRequest(HttpMethod.GET, "http://localhost/x");
        HttpResponse response = new HttpResponse(request) {
            @Override public int getStatusCode() { return status; }
            @Override @Deprecated public String getHeaderValue(String name) { return null; }
            @Override public HttpHeaders getHeaders() { return new HttpHeaders(); }
            @Override public Flux<ByteBuffer> getBody() { return Flux.empty(); }
            @Override public Mono<byte[]> getBodyAsByteArray() { return Mono.empty(); }
            @Override public Mono<String> getBodyAsString() { return Mono.empty(); }
            @Override public Mono<String> getBodyAsString(Charset charset) { return Mono.empty(); }
        };
        return new HttpResponseException("status " + status, response);
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void transientStatusesAreTransient(int status) {
        assertThat(RetryPolicy.isTransient(http(status))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 412, 413, 416, 501, 505})
    void otherStatusesAreNotTransient(int status) {
        assertThat(RetryPolicy.isTransient(http(status))).isFalse();
        // not even when the cause chain holds an I/O error
        HttpResponseException e = http(status);
        e.initCause(new IOException("reset"));
        assertThat(RetryPolicy.isTransient(e)).isFalse();
    }

    @Test
    void ioErrorsAndTimeoutsAreTransientAlsoAsCauses() {
        assertThat(RetryPolicy.isTransient(new UncheckedIOException(new IOException("reset")))).isTrue();
        assertThat(RetryPolicy.isTransient(new RuntimeException(new SocketTimeoutException()))).isTrue();
                assertThat(RetryPolicy.isTransient(new IllegalStateException(new TimeoutException()))).isTrue();
        assertThat(RetryPolicy.isTransient(new RuntimeException(http(503)))).isTrue();
        assertThat(RetryPolicy.isTransient(new IllegalArgumentException("bad"))).isFalse();
        assertThat(RetryPolicy.isTransient(null)).isFalse();
    }

    @Test
    void backoffDoublesUpToTheCapWithoutJitter() {
        RetryPolicy p = RetryPolicy.builder().initialDelay(Duration.ofMillis(100)).maxDelay(Duration.ofSeconds(1))
                .jitter(0).build();
        assertThat(p.delayBeforeRetry(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.delayBeforeRetry(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.delayBeforeRetry(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(p.delayBeforeRetry(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delayBeforeRetry(1_000_000)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.backoffCap(3)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void jitterIsAFractionOfTheDelayEitherWayAndNeverPassesMaxDelay() {
        RetryPolicy p = RetryPolicy.builder().initialDelay(Duration.ofMillis(100)).maxDelay(Duration.ofSeconds(1))
                .jitter(0.2).build();
        assertThat(p.jitter()).isEqualTo(0.2);
        assertThat(p.toBuilder().random(() -> 0.0).build().delayBeforeRetry(3)).isEqualTo(Duration.ofMillis(320));
        assertThat(p.toBuilder().random(() -> 1.0).build().delayBeforeRetry(3)).isEqualTo(Duration.ofMillis(480));
        assertThat(p.toBuilder().random(() -> 0.5).build().delayBeforeRetry(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.toBuilder().random(() -> 1.0).build().delayBeforeRetry(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.toBuilder().random(() -> 0.0).build().delayBeforeRetry(5)).isEqualTo(Duration.ofMillis(800));
        RetryPolicy random = RetryPolicy.builder().build(); // jitter 0.5
        for (int i = 0; i < 1000; i++) {
            assertThat(random.delayBeforeRetry(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(600));
        }
    }

    @Test
    void jitterOutsideZeroToOneIsRefusedNamingIt() {
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'jitter' must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zeroDelaysNeverWait() {
        RetryPolicy p = RetryPolicy.builder().initialDelay(Duration.ZERO).maxDelay(Duration.ZERO).build();
        for (int retry = 1; retry < 10; retry++) {
            assertThat(p.delayBeforeRetry(retry)).isZero();
        }
    }

    @Test
    void retriesTransientFailuresThenSucceeds() {
        RetryPolicy p = policy(5, Duration.ofMinutes(1));
        AtomicInteger calls = new AtomicInteger();
        String result = p.execute(() -> {
            if (calls.incrementAndGet() < 3) {
                throw http(503);
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(clock.sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void givesUpAfterMaxAttemptsWithLastFailureAndEarlierSuppressed() {
        RetryPolicy p = policy(4, Duration.ofMinutes(1));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> p.execute(() -> {
            throw new UncheckedIOException(new IOException("failure " + calls.incrementAndGet()));
        })).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("failure 4")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("java.io.IOException: failure 1", "java.io.IOException: failure 2",
                                "java.io.IOException: failure 3"));
        assertThat(calls).hasValue(4);
        assertThat(clock.sleeps).hasSize(3);
    }

    @Test
    void neverRetriesOtherClientErrors() {
        RetryPolicy p = policy(5, Duration.ofMinutes(1));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> p.execute(() -> {
            calls.incrementAndGet();
            throw http(404);
        })).isInstanceOf(HttpResponseException.class).hasMessage("status 404");
        assertThat(calls).hasValue(1);
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void stopsAtTheDeadlineBeforeSleepingPastIt() {
        // delays 100, 200, 400, 800 ms without jitter; a 500 ms deadline allows the 100 and 200 ms waits only.
        // The waits advance only the fake ticker: a deadline read from the wall clock would never be reached here.
        RetryPolicy p = policy(100, Duration.ofMillis(500));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> p.execute(() -> {
            calls.incrementAndGet();
            throw http(500);
        })).isInstanceOf(HttpResponseException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
        assertThat(calls).hasValue(3);
        assertThat(clock.sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void interruptedWhileWaitingThrowsTheFailureAndKeepsTheFlag() {
        RetryPolicy p = policy(5, Duration.ofMinutes(1)).toBuilder().sleeper(d -> {
            throw new InterruptedException();
        }).build();
        try {
            assertThatThrownBy(() -> p.execute(() -> {
                throw http(503);
            })).isInstanceOf(HttpResponseException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void defaultIsBoundedAndHasBackoff() {
        assertThat(RetryPolicy.DEFAULT.maxAttempts()).isEqualTo(5);
        assertThat(RetryPolicy.DEFAULT.initialDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(RetryPolicy.DEFAULT.maxDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryPolicy.DEFAULT.deadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryPolicy.DEFAULT.jitter()).isEqualTo(0.5);
    }

    @Test
    void builderRejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'maxAttempts' must be at least 1, was 0");
        assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'initialDelay' must not be negative");
        assertThatThrownBy(() -> RetryPolicy.builder().deadline(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'deadline'");
        assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofSeconds(10)).maxDelay(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'initialDelay' (PT10S) must not exceed 'maxDelay'");
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.delayBeforeRetry(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private RetryPolicy policy(int attempts, Duration deadline) {
        return RetryPolicy.builder().maxAttempts(attempts).initialDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofSeconds(10)).deadline(deadline).ticker(clock).sleeper(clock.sleeper())
                .jitter(0).build();
    }
}
