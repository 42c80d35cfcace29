package io.github.azkit.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The CSV log type: a fixed list of columns, a header line, and entries formatted as RFC 4180 rows (a field with a
 * comma, quote, carriage return or line feed is quoted, quotes doubled), so that a log blob downloads as a CSV file
 * that opens in a spreadsheet. Give {@link #header()} to {@link OngoingLog.Builder#header(String)} or
 * {@link PeriodicLog.Builder#header(String)}, append {@link #format(Object...)}, read back with
 * {@link #parse(String)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CsvLog {

    private final List<String> columns;

    private CsvLog(List<String> columns) {
        this.columns = columns;
    }

    /**
     * A CSV log type with these columns.
     *
     * @param columns the column names, at least one
     * @return the log type
     * @throws NullPointerException if {@code columns} or a column is null
     * @throws IllegalArgumentException if there are no columns
     */
    public static CsvLog withColumns(String... columns) {
        Objects.requireNonNull(columns, "'columns' must not be null");
        if (columns.length == 0) {
            throw new IllegalArgumentException("a CSV log needs at least one column");
        }
        List<String> copy = new ArrayList<>(columns.length);
        for (String column : columns) {
            copy.add(Objects.requireNonNull(column, "a column name must not be null"));
        }
        return new CsvLog(List.copyOf(copy));
    }

    /**
     * The column names.
     *
     * @return the columns, in order
     */
    public List<String> columns() {
        return columns;
    }

    /**
     * The header line: the column names as a CSV row.
     *
     * @return the header
     */
    public String header() {
        return row(columns.toArray());
    }

    /**
     * Formats one row. Nulls become empty fields; other values are written with {@code String.valueOf}.
     *
     * @param values one value per column
     * @return the row, without a line break at the end
     * @throws NullPointerException if {@code values} is null
     * @throws IllegalArgumentException if the number of values is not the number of columns
     */
    public String format(@Nullable Object... values) {
        Objects.requireNonNull(values, "'values' must not be null");
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " values for the columns " + columns
                    + ", got " + values.length);
        }
        return row(values);
    }

    private static String row(@Nullable Object[] values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String field = values[i] == null ? "" : String.valueOf(values[i]);
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                    || field.indexOf('\r') >= 0) {
                out.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                out.append(field);
            }
        }
        return out.toString();
    }

    /**
     * Parses one row written by {@link #format(Object...)} (or any RFC 4180 row) into its fields.
     *
     * @param row the row
     * @return the fields; empty fields are empty strings
     * @throws NullPointerException if {@code row} is null
     * @throws IllegalArgumentException if a quoted field is not closed
     */
    public List<String> parse(String row) {
        Objects.requireNonNull(row, "'row' must not be null");
        List<String> fields = new ArrayList<>(columns.size());
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            field.setLength(0);
            if (i < row.length() && row.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= row.length()) {
                        throw new IllegalArgumentException("unclosed quoted field in CSV row: " + row);
                    }
                    char c = row.charAt(i++);
                    if (c == '"') {
                        if (i < row.length() && row.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                while (i < row.length() && row.charAt(i) != ',') {
                    field.append(row.charAt(i++));
                }
            } else {
                while (i < row.length() && row.charAt(i) != ',') {
                    field.append(row.charAt(i++));
                }
            }
            fields.add(field.toString());
            if (i >= row.length()) {
                return fields;
            }
            i++; // the comma
        }
    }
}
