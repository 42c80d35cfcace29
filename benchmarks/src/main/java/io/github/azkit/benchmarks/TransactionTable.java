package io.github.azkit.benchmarks;

import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a Markdown table of benchmark rows: throughput and storage transactions per logical operation, so that a
 * benchmark's output can be pasted into a README as it is.
 */
public final class TransactionTable {

    private final List<String[]> rows = new ArrayList<>();
    private final String operation;

    /**
     * Creates a table.
     *
     * @param operation the name of one logical operation, for the column headers (for example "entry")
     */
    public TransactionTable(String operation) {
        this.operation = operation;
    }

    /**
     * Adds a row.
     *
     * @param name what was measured
     * @param operations how many logical operations were done
     * @param nanos how long they took
     * @param spent the storage transactions they cost
     */
    public void add(String name, long operations, long nanos, TransactionCounts spent) {
        double seconds = nanos / 1e9;
        rows.add(new String[] {
            name,
            String.format(Locale.ROOT, "%,d", operations),
            String.format(Locale.ROOT, "%,.0f", operations / seconds),
            String.format(Locale.ROOT, "%,d", spent.total()),
            String.format(Locale.ROOT, "%.4f", spent.total() / (double) operations),
            String.format(Locale.ROOT, "%.4f", spent.mutations() / (double) operations),
            String.format(Locale.ROOT, "%.4f", spent.get(TransactionKind.READ) / (double) operations),
        });
    }

    /**
     * Prints the table as Markdown.
     *
     * @param out where to print
     */
    public void print(PrintStream out) {
        String plural = operation.endsWith("y") ? operation.substring(0, operation.length() - 1) + "ies"
                : operation + "s";
        out.printf(Locale.ROOT, "| case | %s | %s/s | transactions | per %s | writes per %s | reads per %s |%n",
                plural, plural, operation, operation, operation, operation);
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (String[] row : rows) {
            out.println("| " + String.join(" | ", row) + " |");
        }
    }
}
