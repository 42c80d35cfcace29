package io.github.azkit.benchmarks.service;

import io.github.azkit.storage.TransactionCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator: a fixed pool of client threads, each taking the next user in turn and running one step of a
 * workload for it, as fast as the service answers, for a fixed time. Measures a workload after a warm-up, with the
 * service's logs flushed before and after the measured window. Not thread-safe: one workload at a time.
 */
final class LoadRunner {

    /** One workload step for one user: sends its requests and records them. */
    interface Step {
        void run(LoadUser user, LoadRecorder recorder);
    }

    private final LoadTarget target;

    LoadRunner(LoadTarget target) {
        this.target = target;
    }

    /**
     * Runs {@code step} for {@code warmup}, then measures it for {@code duration}, and prints one line of what it
     * saw.
     *
     * @throws Exception if a client thread is interrupted or fails
     */
    Measured measure(String name, List<LoadUser> users, int threads, Duration warmup, Duration duration, Step step)
            throws Exception {
        run(users, threads, warmup, step);
        target.service().logs().flush();
        TransactionCounts before = target.counter().snapshot();
        long[] blobBefore = target.blobs().snapshot();
        long start = System.nanoTime();
        LoadRecorder recorder = run(users, threads, duration, step);
        double seconds = (System.nanoTime() - start) / 1e9;
        target.service().logs().flush(); // the transcript lines the pings queued are part of their cost
        TransactionCounts spent = target.counter().snapshot().minus(before);
        long[] blob = target.blobs().snapshot();
        for (int i = 0; i < blob.length; i++) {
            blob[i] -= blobBefore[i];
        }
        System.out.printf(Locale.ROOT, "%s: %,d requests in %.1f s, %s%n", name, recorder.count(LoadRecorder.ALL),
                seconds, spent);
        return new Measured(name, recorder, seconds, spent, blob);
    }

    private static LoadRecorder run(List<LoadUser> users, int threads, Duration duration, Step step) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<LoadRecorder>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    LoadRecorder recorder = new LoadRecorder();
                    while (System.nanoTime() < end) {
                        step.run(users.get(Math.floorMod(next.getAndIncrement(), users.size())), recorder);
                    }
                    return recorder;
                }));
            }
            List<LoadRecorder> recorders = new ArrayList<>();
            for (Future<LoadRecorder> future : futures) {
                recorders.add(future.get());
            }
            return LoadRecorder.merge(recorders);
        } finally {
            pool.shutdownNow();
        }
    }
}
