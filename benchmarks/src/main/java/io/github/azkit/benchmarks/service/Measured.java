package io.github.azkit.benchmarks.service;

import static io.github.azkit.benchmarks.service.TransactionSplit.KINDS;

import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import java.util.Locale;

/**
 * A measured workload: its requests, time and storage transactions (blob counted apart), and its rows of the load
 * table. Not thread-safe: made once the workload's threads have finished.
 */
final class Measured {

    private final String name;
    private final LoadRecorder recorder;
    private final double seconds;
    private final TransactionCounts spent;
    private final long[] blob;

    /**
     * A workload's measured window: {@code spent} from the service's counter, {@code blob} from the blob counter.
     *
     * @throws IllegalStateException if the blob counter saw more than the service's counter
     */
    Measured(String name, LoadRecorder recorder, double seconds, TransactionCounts spent, long[] blob) {
        this.name = name;
        this.recorder = recorder;
        this.seconds = seconds;
        this.spent = spent;
        this.blob = blob;
        TransactionSplit.check(name, spent, blob);
    }

    String name() {
        return name;
    }

    LoadRecorder recorder() {
        return recorder;
    }

    private long table(TransactionKind kind) {
        return spent.get(kind) - blob[kind.ordinal()];
    }

    /** The workload's row of the load table. */
    String row() {
        long n = recorder.count(LoadRecorder.ALL);
        long tableTotal = 0;
        for (TransactionKind kind : KINDS) {
            tableTotal += table(kind);
        }
        return String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.1f | %.1f | %.1f | %.3f | %.3f | %.4f | %.4f | %d |",
                name, n, n / seconds, recorder.millis(LoadRecorder.ALL, 0.5), recorder.millis(LoadRecorder.ALL, 0.99),
                recorder.millis(LoadRecorder.ALL, 1.0), spent.total() / (double) n, tableTotal / (double) n,
                TransactionSplit.blobReads(blob) / (double) n, TransactionSplit.blobWrites(blob) / (double) n,
                recorder.errors());
    }

    /** A row of the requests recorded under {@code tag}: counts and latencies only. */
    String subRow(String label, String tag) {
        long n = recorder.count(tag);
        return String.format(Locale.ROOT, "| &nbsp;&nbsp;%s | %,d | %,.0f | %.1f | %.1f | %.1f | | | | | |", label, n,
                n / seconds, recorder.millis(tag, 0.5), recorder.millis(tag, 0.99), recorder.millis(tag, 1.0));
    }

    /** Transactions per request by kind, table and blob apart, and the failed storage requests. */
    String kinds() {
        long n = recorder.count(LoadRecorder.ALL);
        StringBuilder text = new StringBuilder("per request, table:");
        for (TransactionKind kind : KINDS) {
            if (table(kind) != 0) {
                text.append(String.format(Locale.ROOT, " %s %.3f", kind.name().toLowerCase(Locale.ROOT),
                        table(kind) / (double) n));
            }
        }
        text.append("; blob:");
        for (TransactionKind kind : KINDS) {
            if (blob[kind.ordinal()] != 0) {
                text.append(String.format(Locale.ROOT, " %s %.4f", kind.name().toLowerCase(Locale.ROOT),
                        blob[kind.ordinal()] / (double) n));
            }
        }
        return text.append(String.format(Locale.ROOT, "; failed storage requests %d", spent.failed())).toString();
    }
}
