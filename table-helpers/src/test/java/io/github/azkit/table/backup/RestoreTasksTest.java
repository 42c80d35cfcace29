package io.github.azkit.table.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RestoreTasksTest {

    @Test
    void eachChunkSucceedsOnceAfterAllItsParts() throws Exception {
        List<Integer> succeeded = new CopyOnWriteArrayList<>();
        try (RestoreTasks tasks = new RestoreTasks(3)) {
            for (int i = 0; i < 20; i++) {
                int chunk = i;
                AtomicInteger parts = new AtomicInteger();
                tasks.admit(c -> {
                    for (int p = 0; p < 5; p++) {
                        c.fork(parts::incrementAndGet);
                    }
                }, () -> succeeded.add(chunk * 100 + parts.get()));
            }
            tasks.awaitAll();
        }
        assertThat(succeeded).hasSize(20).allMatch(v -> v % 100 == 5);
    }

    @Test
    void atMostTwiceTheParallelismOfChunksAreAdmitted() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        try (RestoreTasks tasks = new RestoreTasks(3)) {
            Thread reader = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    tasks.admit(c -> c.fork(() -> await(gate)), () -> { });
                    admitted.incrementAndGet();
                }
            });
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reader.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }

            assertThat(admitted).hasValue(6);
            gate.countDown();
            reader.join(10_000);
            tasks.awaitAll();
        }
        assertThat(admitted).hasValue(10);
    }

    @Test
    void theFirstFailureIsThrownAndItsChunkNeverSucceeds() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicInteger succeeded = new AtomicInteger();
        try (RestoreTasks tasks = new RestoreTasks(2)) {
            tasks.admit(c -> c.fork(() -> {
                throw boom;
            }), succeeded::incrementAndGet);

            assertThatThrownBy(tasks::awaitAll).isSameAs(boom);
            assertThatThrownBy(() -> tasks.admit(c -> { }, succeeded::incrementAndGet)).isSameAs(boom);
        }
        assertThat(succeeded).hasValue(0);
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
