package io.github.azkit.examples.video;

/**
 * Makes text safe as a cell of a CSV file that people open in a spreadsheet. A cell that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a
 * formula ({@code =HYPERLINK(...)} in a user's email, say); as OWASP's "CSV injection" advice says, such a cell is
 * written with a leading apostrophe, which the spreadsheet shows as text and does not display. Stateless;
 * thread-safe.
 */
public final class CsvCells {

    private CsvCells() {
    }

    /**
     * The cell as a spreadsheet should get it.
     *
     * @param text what a person or the library supplied
     * @return {@code text}, or {@code "'" + text} if a spreadsheet would take it for a formula
     */
    public static String safe(String text) {
        return text != null && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    /**
     * Undoes {@link #safe}, for the service's own reading of its CSV files.
     *
     * @param cell a cell as {@link #safe} wrote it
     * @return the original text
     */
    public static String plain(String cell) {
        return cell != null && cell.length() > 1 && cell.charAt(0) == '\'' && "=+-@\t\r".indexOf(cell.charAt(1)) >= 0
                ? cell.substring(1) : cell;
    }
}
