package io.github.azkit.benchmarks.service;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The load table, as Markdown: one row per workload (the pings also by whether they wrote), then each workload's
 * transactions by kind, the share of pings that wrote against the cost model's, and samples of any errors. Pure
 * printing; not thread-safe.
 */
final class LoadReport {

    private LoadReport() {
    }

    /** Prints the table of the three workloads, measured with {@code users} users and {@code threads} threads. */
    static void print(int users, int threads, Duration warmup, Duration measured, Measured pings, Measured library,
            Measured dashboard) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%d users, %d client threads, %d s warm-up and %d s measured per workload.%n%n",
                users, threads, warmup.toSeconds(), measured.toSeconds());
        System.out.println("| workload | requests | requests/s | p50 ms | p99 ms | max ms | storage transactions per"
                + " request | table per request | blob reads per request | blob writes per request | errors |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.println(pings.row());
        System.out.println(pings.subRow("of which wrote (a new 3-minute chunk)", "wrote"));
        System.out.println(pings.subRow("of which wrote nothing (chunk seen)", "nowrite"));
        System.out.println(library.row());
        System.out.println(dashboard.row());
        System.out.println();
        for (Measured m : List.of(pings, library, dashboard)) {
            System.out.println("- " + m.name() + ": " + m.kinds());
        }
        LoadRecorder pinged = pings.recorder();
        System.out.printf(Locale.ROOT, "- progress pings that wrote: %.1f%% (expected %.1f%%: one ping in %d per"
                + " 3-minute chunk)%n", 100.0 * pinged.wroteCount() / pinged.count(LoadRecorder.ALL),
                100.0 * CostReport.MODEL.writingShare(), StorageCost.CHUNK_SECONDS / LoadUser.PING_INTERVAL_SECONDS);
        for (Measured m : List.of(pings, library, dashboard)) {
            if (m.recorder().errors() > 0) {
                System.out.println("ERRORS in " + m.name() + ": " + m.recorder().errors() + ", for example "
                        + m.recorder().errorSamples());
            }
        }
    }
}
