package io.github.azkit.table.cli;

import io.github.azkit.storage.Ticker;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a backup or restore: on a terminal a bar redrawn in place with entities/s and the ETA; otherwise a
 * plain line at most every {@code interval}. Elapsed time is measured on a monotonic {@link Ticker}. Thread-safe:
 * {@link #update(long)} is synchronized.
 */
final class Progress {

    private final PrintWriter out;
    private final boolean terminal;
    private final long total;
    private final Ticker ticker;
    private final long startMillis;
    private final Duration interval;
    private long lastPrint;
    private long done;

    Progress(PrintWriter out, boolean terminal, long total, Ticker ticker, Duration interval) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.ticker = ticker;
        this.startMillis = millis();
        this.lastPrint = startMillis;
        this.interval = interval;
    }

    synchronized void update(long entities) {
        done = entities;
        long now = millis();
        if (terminal ? now - lastPrint >= 100 : now - lastPrint >= interval.toMillis()) {
            lastPrint = now;
            print(now, false);
        }
    }

    synchronized void finish() {
        print(millis(), true);
    }

    private long millis() {
        return ticker.read() / 1_000_000;
    }

    String line(long now) {
        double seconds = Math.max(0.001, (now - startMillis) / 1000.0);
        double rate = done / seconds;
        StringBuilder s = new StringBuilder();
        if (total > 0) {
            int width = 30;
            int filled = (int) Math.min(width, width * done / total);
            s.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
            s.append(String.format(Locale.ROOT, "%,d/%,d entities", done, total));
        } else {
            s.append(String.format(Locale.ROOT, "%,d entities", done));
        }
        s.append(String.format(Locale.ROOT, "  %,.0f entities/s", rate));
        if (total > 0 && rate > 0 && done < total) {
            long eta = (long) Math.ceil((total - done) / rate);
            s.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
        }
        return s.toString();
    }

    private void print(long now, boolean last) {
        if (terminal) {
            out.print("\r" + line(now) + (last ? System.lineSeparator() : ""));
        } else {
            out.println(line(now));
        }
        out.flush();
    }
}
