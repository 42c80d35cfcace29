package io.github.azkit.benchmarks.appender;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.logback.AzureBlobAppender;
import io.github.azkit.logging.OngoingLog;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.testing.Azurite;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * The appender benchmark, in one run against one Azurite it starts: N threads log through a logger for a fixed time,
 * (a) into azkit-logback's {@link AzureBlobAppender} (default settings: queue of 100,000, batches of up to 10,000, a
 * flush every second, DROP when full), unthrottled (every thread logs as fast as it can: more than it can write, so
 * most events are dropped, and the dropping threads take the CPU its writer needs) and paced at 200,000 and 400,000
 * events/s in all; (b) into azkit-log4j2's appender (defaults) on a private Log4j 2 {@code LoggerContext}, same
 * pattern, paced at 200,000 events/s ({@link Log4jCase}); and (c) into an appender that does what the community
 * Log4j 2 Azure blob appender does per event (Get Blob Properties, then Append Block, on the logging thread).
 * Reports events that were both accepted and durably written by the end (each azkit appender is stopped, which
 * writes its queue, before the clock stops; dropped events do not count), storage transactions per written event,
 * and the latency of the logging call ({@code logger.info}) at p50, p99 and max.
 *
 * <p>Logback and Log4j run on private logger contexts, not as SLF4J's provider (the benchmarks' SLF4J provider stays
 * slf4j-simple).
 */
public final class AppenderBenchmark {

    private static final String PATTERN = "%d{ISO8601} %-5level [%thread] %logger - %msg%n";

    private AppenderBenchmark() {
    }

    /**
     * Runs the cases and prints a Markdown table.
     *
     * @param args optional: seconds per case (default 10), logging threads (default 4), seconds of the baseline
     *     (default: the same)
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int baselineSeconds = args.length > 2 ? Integer.parseInt(args[2]) : seconds;
        PrintStream out = System.out;
        try (Azurite azurite = Azurite.start()) {
            TransactionCounter counter = new TransactionCounter();
            BlobContainerClient container = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                    .addPolicy(counter).buildClient().getBlobContainerClient("bench");
            container.create();

            // Warm-up: every appender, briefly, so that the JVM and the connections are warm for each.
            run("warm", container, counter, threads, 2, true, 0);
            run("warm", container, counter, threads, 2, false, 0);
            Log4jCase log4j = new Log4jCase(container);
            log4j.run("warm-log4j2", counter, threads, 2, 0);

            Result azkit = run("azkit", container, counter, threads, seconds, true, 0);
            Result paced200 = run("azkit-200k", container, counter, threads, seconds, true, 200_000);
            Result paced400 = run("azkit-400k", container, counter, threads, seconds, true, 400_000);
            Result log4j200 = log4j.run("log4j2-200k", counter, threads, seconds, 200_000);
            Result perEvent = run("per-event", container, counter, threads, baselineSeconds, false, 0);

            out.printf(Locale.ROOT, "%nAppender benchmark: %d logging threads, %s, Azurite %s%n%n", threads,
                    Runtime.version(), Azurite.VERSION);
            out.println("| appender | seconds | events logged | events written | dropped | events/s written "
                    + "| transactions | tx per event | call p50 | call p99 | call max |");
            out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            azkit.print(out, "azkit-logback AzureBlobAppender (defaults), unthrottled");
            paced200.print(out, "azkit-logback AzureBlobAppender (defaults), paced at 200,000 events/s");
            paced400.print(out, "azkit-logback AzureBlobAppender (defaults), paced at 400,000 events/s");
            log4j200.print(out, "azkit-log4j2 AzureBlobAppender (defaults), paced at 200,000 events/s");
            perEvent.print(out, "per event: Get Blob Properties + Append Block (community Log4j 2 appender)");
            out.printf(Locale.ROOT, "%nazkit / per event: %.0fx events/s, %.5f vs %.3f transactions per event%n",
                    azkit.rate() / perEvent.rate(), azkit.perEvent(), perEvent.perEvent());
            for (String log : List.of("azkit", "azkit-200k", "azkit-400k", "log4j2-200k")) {
                out.printf(Locale.ROOT, "Read back: %,d events in the %s blob%n",
                        OngoingLog.builder().containerClient(container).logId(log).build().readEntries().size(), log);
            }
        }
    }

    private static Result run(String name, BlobContainerClient container, TransactionCounter counter, int threads,
            int seconds, boolean azkit, int ratePerSecond) throws InterruptedException {
        LoggerContext context = new LoggerContext();
        context.setName(name);
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(PATTERN);
        layout.start();
        Appender<ILoggingEvent> appender;
        AzureBlobAppender blobAppender = null;
        if (azkit) {
            blobAppender = new AzureBlobAppender();
            blobAppender.setContext(context);
            blobAppender.setName("azkit");
            blobAppender.setContainerClient(container);
            blobAppender.setLogName(name);
            blobAppender.setLayout(layout);
            appender = blobAppender;
        } else {
            appender = new AppendBlockPerEventAppender(container, name + "-per-event.log", layout);
            appender.setContext(context);
            appender.setName("per-event");
        }
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("not started: " + context.getStatusManager().getCopyOfStatusList());
        }
        Logger logger = context.getLogger("bench.Orders");
        logger.setAdditive(false);
        logger.addAppender(appender);

        Load load = Load.run(threads, seconds, ratePerSecond, (n, index) -> logger.info("order {} placed by user-{}", n,
                index), appender::stop, counter); // the azkit appender writes its queue in stop(): inside the time
        long written = blobAppender != null ? blobAppender.writtenCount() : load.logged();
        long dropped = blobAppender != null ? blobAppender.droppedCount() + blobAppender.lostCount() : 0;
        return load.result(written, dropped);
    }

    /** One logging call of a load thread: its {@code n}th event, on thread {@code index}. */
    @FunctionalInterface
    interface LogCall {
        void log(int n, int index);
    }

    /**
     * N threads calling {@link LogCall} for a fixed time (paced or not), then {@code stop} (which writes what the
     * appender still queues) inside the timed window; the latency of each call is kept.
     */
    record Load(long nanos, long logged, long[] sortedLatencies, long transactions) {

        static Load run(int threads, int seconds, int ratePerSecond, LogCall call, Runnable stop,
                TransactionCounter counter) throws InterruptedException {
            TransactionCounts before = counter.snapshot();
            long[][] latencies = new long[threads][];
            int[] counts = new int[threads];
            CountDownLatch go = new CountDownLatch(1);
            Thread[] workers = new Thread[threads];
            long[] window = new long[2];
            for (int t = 0; t < threads; t++) {
                int index = t;
                workers[t] = new Thread(() -> {
                    long[] mine = new long[1 << 16];
                    int n = 0;
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long start = window[0];
                    long deadline = start + seconds * 1_000_000_000L;
                    long every = ratePerSecond == 0 ? 0 : 1_000_000_000L * threads / ratePerSecond;
                    long now = System.nanoTime();
                    while (now < deadline) {
                        if (every > 0) {
                            long due = start + n * every; // this thread's share of the rate, caught up in bursts
                            if (due > now) {
                                LockSupport.parkNanos(due - now);
                                now = System.nanoTime();
                            }
                        }
                        call.log(n, index);
                        long after = System.nanoTime();
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, mine.length * 2);
                        }
                        mine[n++] = after - now;
                        now = after;
                    }
                    latencies[index] = mine;
                    counts[index] = n;
                }, "logging-" + t);
                workers[t].start();
            }
            window[0] = System.nanoTime();
            go.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            stop.run();
            long nanos = System.nanoTime() - window[0];
            TransactionCounts cost = counter.snapshot().minus(before);

            long logged = 0;
            for (int count : counts) {
                logged += count;
            }
            long[] all = new long[(int) logged];
            int at = 0;
            for (int t = 0; t < threads; t++) {
                System.arraycopy(latencies[t], 0, all, at, counts[t]);
                at += counts[t];
            }
            Arrays.sort(all);
            return new Load(nanos, logged, all, cost.total());
        }

        Result result(long written, long dropped) {
            long[] all = sortedLatencies;
            return new Result(nanos, logged, written, dropped, transactions, percentile(all, 0.50),
                    percentile(all, 0.99), all.length == 0 ? 0 : all[all.length - 1]);
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    record Result(long nanos, long logged, long written, long dropped, long transactions, long p50, long p99,
            long max) {

        double rate() {
            return written / (nanos / 1e9);
        }

        double perEvent() {
            return written == 0 ? 0 : (double) transactions / written;
        }

        void print(PrintStream out, String name) {
            out.printf(Locale.ROOT, "| %s | %.1f | %,d | %,d | %,d | %,.0f | %,d | %.5f | %s | %s | %s |%n", name,
                    nanos / 1e9, logged, written, dropped, rate(), transactions, perEvent(), time(p50), time(p99),
                    time(max));
        }

        private static String time(long nanos) {
            if (nanos < 10_000) {
                return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
            }
            if (nanos < 10_000_000) {
                return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
            }
            return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
        }
    }
}
