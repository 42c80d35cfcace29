package io.github.azkit.benchmarks.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link VideoServiceLoad}'s command line: {@code [users [threads [warm-up seconds [measured seconds]]]]} for the load
 * run, {@code --chaos RATE [--seed N] [users [threads [seconds of load]]]} for the chaos run. The positional
 * arguments are read only when asked for, so that the run that does not use one never parses it. Not thread-safe.
 */
final class LoadOptions {

    private final List<String> positional = new ArrayList<>();
    private double chaos;
    private long seed = 20261202L;

    private LoadOptions() {
    }

    /** Reads {@code args}; numbers are parsed as {@link Double#parseDouble} and {@link Long#parseLong} do. */
    static LoadOptions parse(String[] args) {
        LoadOptions options = new LoadOptions();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--chaos" -> options.chaos = Double.parseDouble(args[++i]);
                case "--seed" -> options.seed = Long.parseLong(args[++i]);
                default -> options.positional.add(args[i]);
            }
        }
        return options;
    }

    /** Whether {@code --chaos} asked for the chaos run (a rate above 0). */
    boolean isChaos() {
        return chaos > 0;
    }

    /** The share of storage requests the chaos run faults. */
    double chaosRate() {
        return chaos;
    }

    /** The chaos run's seed (default 20261202). */
    long seed() {
        return seed;
    }

    /** Simulated users (default 200). */
    int users() {
        return number(0, 200);
    }

    /** Client threads (default 16). */
    int threads() {
        return number(1, 16);
    }

    /** The load run's warm-up per workload (default 10 s). */
    Duration warmup() {
        return Duration.ofSeconds(number(2, 10));
    }

    /** The load run's measured time per workload (default 30 s). */
    Duration measured() {
        return Duration.ofSeconds(number(3, 30));
    }

    /** The chaos run's seconds of load (default 30 s): the third positional argument. */
    Duration chaosLoad() {
        return Duration.ofSeconds(number(2, 30));
    }

    private int number(int index, int otherwise) {
        return positional.size() > index ? Integer.parseInt(positional.get(index)) : otherwise;
    }
}
