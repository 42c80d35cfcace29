package io.github.azkit.benchmarks.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One load thread's record of its requests: latencies by tag, errors with a few samples, and how many progress pings
 * wrote. Not thread-safe: each load thread has its own, merged at the end with {@link #merge}.
 */
final class LoadRecorder {

    /** The tag every request is recorded under. */
    static final String ALL = "all";

    private final Map<String, long[]> latencies = new LinkedHashMap<>();
    private final Map<String, Integer> sizes = new LinkedHashMap<>();
    private long errors;
    private long wrote;
    private final List<String> errorSamples = new ArrayList<>();

    /** Records one successful request under {@link #ALL} and, if not null, {@code tag}. */
    void record(long nanos, String tag) {
        add(ALL, nanos);
        if (tag != null) {
            add(tag, nanos);
        }
    }

    /** Records a failed request (its latency still counts under {@link #ALL}). */
    void error(long nanos, String what) {
        add(ALL, nanos);
        errors++;
        if (errorSamples.size() < 5) {
            errorSamples.add(what);
        }
    }

    void wrote() {
        wrote++;
    }

    private void add(String tag, long nanos) {
        long[] values = latencies.computeIfAbsent(tag, t -> new long[1024]);
        int size = sizes.getOrDefault(tag, 0);
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            latencies.put(tag, values);
        }
        values[size] = nanos;
        sizes.put(tag, size + 1);
    }

    long count(String tag) {
        return sizes.getOrDefault(tag, 0);
    }

    long errors() {
        return errors;
    }

    long wroteCount() {
        return wrote;
    }

    List<String> errorSamples() {
        return errorSamples;
    }

    /** The latency at quantile {@code q} (0 to 1) of {@code tag}, in milliseconds; NaN if none. */
    double millis(String tag, double q) {
        int size = sizes.getOrDefault(tag, 0);
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(latencies.get(tag), size);
        Arrays.sort(sorted);
        int index = Math.min(size - 1, Math.max(0, (int) Math.ceil(q * size) - 1));
        return sorted[index] / 1e6;
    }

    /** All of {@code recorders} in one. */
    static LoadRecorder merge(List<LoadRecorder> recorders) {
        LoadRecorder all = new LoadRecorder();
        for (LoadRecorder r : recorders) {
            r.sizes.forEach((tag, size) -> {
                long[] values = r.latencies.get(tag);
                for (int i = 0; i < size; i++) {
                    all.add(tag, values[i]);
                }
            });
            all.errors += r.errors;
            all.wrote += r.wrote;
            for (String sample : r.errorSamples) {
                if (all.errorSamples.size() < 5) {
                    all.errorSamples.add(sample);
                }
            }
        }
        return all;
    }
}
