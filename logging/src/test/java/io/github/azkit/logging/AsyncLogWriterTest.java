package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClientBuilder;
import io.github.azkit.storage.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncLogWriterTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final RetryPolicy noWait = RetryPolicy.builder().maxAttempts(3).initialDelay(Duration.ZERO)
            .maxDelay(Duration.ZERO).build();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private AsyncLogWriter.Builder writer(LogSink sink) {
        return AsyncLogWriter.builder().sink(sink).executor(executor).flushInterval(Duration.ofHours(1))
                .retryPolicy(noWait)
                .onWriteFailed(e -> failures.add(e.entryCount() + (e.isKept() ? " kept" : " dropped")));
    }

    @Test
    void appendReturnsAtOnceAndFlushWritesInOrder() {
        AsyncLogWriter w = writer(written::addAll).build();
        for (int i = 0; i < 25; i++) {
            assertThat(w.append("e" + i)).isTrue();
        }
        w.flush();
        assertThat(written).hasSize(25).startsWith("e0", "e1").endsWith("e24");
        w.close();
    }

    @Test
    void aFullQueueDropsAndCountsWithTheDropPolicy() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AsyncLogWriter w = writer(batch -> {
            entered.countDown();
            await(release);
            written.addAll(batch);
        }).maxBatchEntries(10).queueCapacity(10).build();
        for (int i = 0; i < 10; i++) {
            w.append("first " + i);                       // the 10th starts a background flush, which blocks
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(w.append("second " + i)).isTrue(); // fills the queue again
        }
        assertThat(w.append("one too many")).isFalse();
        assertThat(w.droppedCount()).isEqualTo(1);
        release.countDown();
        w.close();
        assertThat(written).hasSize(20).doesNotContain("one too many");
        assertThat(w.lostCount()).isZero();
    }

    @Test
    void aFullQueueWaitsWithTheBlockPolicy() throws Exception {
        AsyncLogWriter w = writer(batch -> written.addAll(batch)).maxBatchEntries(10).queueCapacity(10)
                .fullQueuePolicy(AsyncLogWriter.FullQueuePolicy.BLOCK).build();
        for (int i = 0; i < 1_000; i++) {
            assertThat(w.append("e" + i)).isTrue();
        }
        w.close();
        assertThat(written).hasSize(1_000);
        assertThat(w.droppedCount()).isZero();
    }

    @Test
    void transientFailuresAreRetriedAndCountedNeverThrown() {
        AtomicInteger calls = new AtomicInteger();
        AsyncLogWriter w = writer(batch -> {
            if (calls.incrementAndGet() <= 2) {
                throw new UncheckedIOException(new IOException("connection reset"));
            }
            written.addAll(batch);
        }).build();
        w.append("a");
        w.append("b");
        w.flush();
        assertThat(written).containsExactly("a", "b");
        assertThat(w.failedAttemptCount()).isEqualTo(2);
        assertThat(failures).isEmpty();
        w.close();
    }

    @Test
    void aBatchThatKeepsFailingIsKeptAndWrittenFirstAtTheNextFlush() {
        AtomicInteger calls = new AtomicInteger();
        AsyncLogWriter w = writer(batch -> {
            if (calls.incrementAndGet() <= 3) {
                throw new UncheckedIOException(new IOException("storage down"));
            }
            written.addAll(batch);
        }).build();
        w.append("a");
        w.flush();                                        // 3 attempts fail: kept
        assertThat(written).isEmpty();
        assertThat(failures).containsExactly("1 kept");
        w.append("b");
        w.flush();
        assertThat(written).containsExactly("a", "b");
        assertThat(w.lostCount()).isZero();
        w.close();
    }

    @Test
    void aPermanentFailureDropsTheBatchCountsAndReportsIt() {
        AsyncLogWriter w = writer(batch -> {
            if (batch.contains("poison")) {
                throw new IllegalStateException("403 forbidden");
            }
            written.addAll(batch);
        }).build();
        w.append("poison");
        w.append("x");
        w.flush();
        w.append("y");
        w.close();
        assertThat(written).containsExactly("y");
        assertThat(w.lostCount()).isEqualTo(2);
        assertThat(failures).containsExactly("2 dropped");
        assertThat(w.failedAttemptCount()).isEqualTo(1);
    }

    @Test
    void closeWithStorageDownCountsWhatIsLost() {
        AsyncLogWriter w = writer(batch -> {
            throw new UncheckedIOException(new IOException("down"));
        }).build();
        w.append("a");
        w.append("b");
        w.close();
        assertThat(w.lostCount()).isEqualTo(2);
        assertThatThrownBy(() -> w.append("c")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void theIntervalFlushRunsOnTheInjectedExecutor() throws InterruptedException {
        CountDownLatch flushed = new CountDownLatch(1);
        List<String> threads = new ArrayList<>();
        AsyncLogWriter w = AsyncLogWriter.builder().sink(batch -> {
            threads.add(Thread.currentThread().getName());
            flushed.countDown();
        }).executor(executor).flushInterval(Duration.ofMillis(10)).build();
        w.append("x");
        assertThat(flushed.await(10, TimeUnit.SECONDS)).isTrue();
        w.close();
        assertThat(threads.get(0)).startsWith("pool-");
        assertThat(executor.isShutdown()).as("an injected executor is not shut down").isFalse();
    }

    @Test
    void anEntryTooLargeForTheSinkIsRefusedAtAppendNotWithItsBatch() {
        // Building an OngoingLog makes no request: no storage is needed to check entries.
        OngoingLog log = OngoingLog.builder().containerClient(new BlobContainerClientBuilder()
                .endpoint("http://127.0.0.1:1/devstoreaccount1/none").buildClient())
                .logId("x").maxBlockBytes(1024).build();
        AsyncLogWriter w = writer(new LogSink() {
            @Override
            public void appendAll(List<String> entries) {
                written.addAll(entries);
            }

            @Override
            public void checkEntry(String entry) {
                log.checkEntry(entry);
            }
        }).build();
        w.append("fine");
        assertThatThrownBy(() -> w.append("é".repeat(600))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1201 encoded bytes").hasMessageContaining("raise 'maxBlockBytes'");
        w.append("also fine");
        w.close();
        assertThat(written).containsExactly("fine", "also fine");
        assertThat(w.lostCount()).isZero();
    }

    @Test
    void everyEntryAcceptedWhileCloseRunsIsWritten() throws Exception {
        AsyncLogWriter w = writer(written::addAll).maxBatchEntries(100).queueCapacity(100)
                .fullQueuePolicy(AsyncLogWriter.FullQueuePolicy.BLOCK).build();
        java.util.concurrent.ExecutorService threads = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Integer>> accepted = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            accepted.add(threads.submit(() -> {
                started.countDown();
                int n = 0;
                try {
                    while (true) {
                        if (w.append(thread + ":" + n)) {
                            n++;
                        }
                    }
                } catch (IllegalStateException closed) {
                    return n;
                }
            }));
        }
        started.await();
        Thread.sleep(50); // let the appenders run into the full queue: real concurrency, no fake clock applies
        w.close();
        int total = 0;
        for (java.util.concurrent.Future<Integer> f : accepted) {
            total += f.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertThat(total).isPositive();
        assertThat(written).hasSize(total);
        assertThat(w.writtenCount()).isEqualTo(total);
    }

    @Test
    void badSettingsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> AsyncLogWriter.builder().queueCapacity(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'queueCapacity'")
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> AsyncLogWriter.builder().flushInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> AsyncLogWriter.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("call sink(...)");
        assertThatThrownBy(() -> AsyncLogWriter.builder().sink(b -> { }).queueCapacity(5).maxBatchEntries(10)
                .build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueCapacity' (5) must be at least 'maxBatchEntries' (10)");
        AsyncLogWriter w = writer(written::addAll).build();
        assertThatThrownBy(() -> w.append(null)).isInstanceOf(NullPointerException.class);
        w.close();
    }

    @Test
    void closeFlushesWhatWasAcceptedAndIsIdempotent() {
        AtomicInteger calls = new AtomicInteger();
        AsyncLogWriter w = writer(batch -> {
            calls.incrementAndGet();
            written.addAll(batch);
        }).build();
        w.append("a");
        w.append("b");
        w.close();
        assertThat(written).containsExactly("a", "b");
        assertThat(calls).hasValue(1);
        w.close();                                        // a second close does nothing
        w.flush();
        assertThat(calls).hasValue(1);
        assertThat(w.writtenCount()).isEqualTo(2);
        assertThatThrownBy(() -> w.append("c")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aListenerThatThrowsIsLoggedAndNeverStopsTheWriter() {
        AtomicInteger heard = new AtomicInteger();
        AsyncLogWriter w = writer(batch -> {
            if (batch.contains("poison")) {
                throw new IllegalStateException("403 forbidden");
            }
            written.addAll(batch);
        }).onWriteFailed(e -> {
            heard.incrementAndGet();
            throw new IllegalArgumentException("a listener bug");
        }).build();
        w.append("poison");
        w.flush();
        w.append("fine");
        w.flush();
        w.append("poison");
        w.append("also fine");
        w.close();
        assertThat(heard).as("the later onWriteFailed replaced the first").hasValue(2);
        assertThat(failures).isEmpty();
        assertThat(written).containsExactly("fine");
        assertThat(w.lostCount()).isEqualTo(3);
    }

    @Test
    void theOperationTimeoutBoundsOneWriteWithItsRetries() {
        AtomicLong nanos = new AtomicLong();
        List<Duration> timeouts = new CopyOnWriteArrayList<>();
        LogSink slow = new LogSink() {
            @Override
            public void appendAll(List<String> entries) {
                throw new AssertionError("the writer passes its timeout");
            }

            @Override
            public void appendAll(List<String> entries, Duration timeout, com.azure.core.util.Context context) {
                timeouts.add(timeout);
                nanos.addAndGet(Duration.ofSeconds(2).toNanos()); // each attempt takes 2 s, then fails
                throw new UncheckedIOException(new IOException("storage too slow"));
            }
        };
        List<WriteFailedEvent> events = new CopyOnWriteArrayList<>();
        AsyncLogWriter w = AsyncLogWriter.builder().sink(slow).executor(executor).flushInterval(Duration.ofHours(1))
                .retryPolicy(RetryPolicy.builder().maxAttempts(10).initialDelay(Duration.ZERO)
                        .maxDelay(Duration.ZERO).build())
                .operationTimeout(Duration.ofSeconds(5)).ticker(nanos::get)
                .onWriteFailed(events::add).build();
        w.append("a");
        w.flush();
        assertThat(timeouts).as("no attempt starts after 5 s; each gets what is left")
                .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(1));
        assertThat(w.failedAttemptCount()).isEqualTo(3);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.isKept()).isTrue();
            assertThat(e.consecutiveFailures()).isEqualTo(3);
            assertThat(e.failingFor()).isEqualTo(Duration.ofSeconds(4)); // from the end of the 1st to the 3rd
        });
        w.close();
    }

    @Test
    void newSettingsAreCheckedAtOnce() {
        assertThatThrownBy(() -> AsyncLogWriter.builder().operationTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'operationTimeout'")
                .hasMessageContaining("was PT0S");
        assertThatThrownBy(() -> AsyncLogWriter.builder().operationTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'operationTimeout'");
        assertThatThrownBy(() -> AsyncLogWriter.builder().onWriteFailed(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'listener'");
        assertThatThrownBy(() -> AsyncLogWriter.builder().warnAfterFailedAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
