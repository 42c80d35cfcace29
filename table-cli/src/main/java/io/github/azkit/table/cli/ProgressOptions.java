package io.github.azkit.table.cli;

import io.github.azkit.storage.Ticker;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Whether to show progress, and how. */
final class ProgressOptions {

    @Option(names = "--quiet", description = "Print no progress, only the result.")
    boolean quiet;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between progress lines when the output is not a terminal (default: ${DEFAULT-VALUE}).")
    int intervalSeconds;

    Progress start(PrintWriter out, long total) {
        if (intervalSeconds < 1) {
            throw new IllegalArgumentException("'--progress-interval' must be at least 1 second, was " + intervalSeconds);
        }
        return new Progress(out, System.console() != null, total, Ticker.systemTicker(),
                Duration.ofSeconds(intervalSeconds));
    }
}
