package io.github.azkit.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the code blocks of Markdown files (GUIDE.md, README.md) identical to regions of compiled source files.
 *
 * <p>A code block is tied to a source region by an HTML comment on the line before its opening fence:
 *
 * <pre>
 * &lt;!-- snippet: storage-helpers/src/test/java/io/github/azkit/storage/TransactionCounterIT.java#count --&gt;
 * ```java
 * ...
 * ```
 * </pre>
 *
 * <p>In the source, the region lies between {@code // @start region="count"} and {@code // @end region="count"}
 * (the markers of Javadoc's {@code {@snippet}}; in an XML file {@code <!-- @start region="count" -->} and
 * {@code <!-- @end region="count" -->}); nested marker lines are dropped and the region is dedented. A region
 * may be ended and started again with the same name, any number of times: its parts are joined in order and the lines
 * between them are left out, so a shown region can step around code the reader need not see (a test's counter
 * snapshot, or a helper method between two parts of a pattern).
 * {@link #check} reports every block that differs from its region, every marker whose file or region is missing,
 * and every {@code java} block that has no marker at all; {@link #sync} rewrites the blocks from their regions.
 *
 * <p>Run {@code mvn -q -pl examples exec:java -Dexec.mainClass=io.github.azkit.examples.docs.MarkdownSnippets
 * -Dexec.args="--sync GUIDE.md README.md"} from the repository root to update the Markdown after editing a source.
 */
public final class MarkdownSnippets {

    private static final Pattern MARKER = Pattern.compile("^<!-- snippet: (\\S+?)#([\\w.-]+) -->\\s*$");
    private static final Pattern FENCE = Pattern.compile("^(```+)(\\w*)\\s*$");
    private static final Pattern REGION_MARK =
            Pattern.compile("^\\s*(?://|<!--) @(start|end)(?: region=\"([\\w.-]+)\")?\\s*(?:-->)?\\s*$");

    private final Path root;

    /**
     * Creates a checker for Markdown files whose snippet paths are relative to {@code root}.
     *
     * @param root the repository root
     */
    public MarkdownSnippets(Path root) {
        this.root = root;
    }

    /**
     * Finds every difference between the code blocks of a Markdown text and their source regions.
     *
     * @param name the Markdown file's name, for messages
     * @param markdown its text
     * @return one message per problem; empty when every block matches
     */
    public List<String> check(String name, String markdown) {
        List<String> problems = new ArrayList<>();
        process(name, markdown, problems);
        return problems;
    }

    /**
     * Rewrites every marked code block of a Markdown text from its source region.
     *
     * @param name the Markdown file's name, for messages
     * @param markdown its text
     * @return the updated text
     * @throws IllegalStateException if a marker names a missing file or region, or a java block has no marker
     */
    public String sync(String name, String markdown) {
        List<String> problems = new ArrayList<>();
        String updated = process(name, markdown, problems);
        List<String> fatal = problems.stream().filter(p -> !p.contains("differs from")).toList();
        if (!fatal.isEmpty()) {
            throw new IllegalStateException(String.join("\n", fatal));
        }
        return updated;
    }

    private String process(String name, String markdown, List<String> problems) {
        String[] lines = markdown.split("\n", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher fence = FENCE.matcher(line);
            if (!fence.matches()) {
                out.add(line);
                continue;
            }
            int close = i + 1;
            while (close < lines.length && !lines[close].equals(fence.group(1))) {
                close++;
            }
            if (close >= lines.length) {
                problems.add(name + ":" + (i + 1) + ": code block is never closed");
                out.add(line);
                continue;
            }
            List<String> body = List.of(lines).subList(i + 1, close);
            Matcher marker = i > 0 ? MARKER.matcher(lines[i - 1]) : null;
            out.add(line);
            if (marker != null && marker.matches()) {
                List<String> region = region(name, i, marker.group(1), marker.group(2), problems);
                if (region != null && !region.equals(body)) {
                    problems.add(name + ":" + (i + 2) + ": code block differs from " + marker.group(1) + "#"
                            + marker.group(2) + firstDifference(region, body));
                }
                out.addAll(region != null ? region : body);
            } else {
                if (fence.group(2).equals("java")) {
                    problems.add(name + ":" + (i + 1) + ": java code block has no '<!-- snippet: path#region -->'"
                            + " marker, so nothing compiles it");
                }
                out.addAll(body);
            }
            out.add(lines[close]);
            i = close;
        }
        return String.join("\n", out);
    }

    private List<String> region(String name, int line, String file, String region, List<String> problems) {
        Path source = root.resolve(file);
        List<String> sourceLines;
        try {
            sourceLines = Files.readAllLines(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(name + ":" + line + ": snippet file " + file + " cannot be read: " + e);
            return null;
        }
        List<String> found = new ArrayList<>();
        java.util.Deque<String> open = new java.util.ArrayDeque<>(); // regions may nest; a bare @end closes the last
        boolean seen = false;
        for (String sourceLine : sourceLines) {
            Matcher mark = REGION_MARK.matcher(sourceLine);
            if (mark.matches()) {
                String marked = mark.group(2);
                if (mark.group(1).equals("start")) {
                    open.push(marked == null ? "" : marked);
                    seen |= region.equals(marked);
                } else if (marked == null) {
                    open.poll();
                } else {
                    open.remove(marked);
                }
                continue; // marker lines never appear in a snippet
            }
            if (open.contains(region)) {
                found.add(sourceLine.stripTrailing());
            }
        }
        if (!seen) {
            problems.add(name + ":" + line + ": region \"" + region + "\" not found in " + file
                    + " (mark it with // @start region=\"" + region + "\" and // @end region=\"" + region + "\")");
            return null;
        }
        return dedent(found);
    }

    private static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    private static String firstDifference(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String want = i < expected.size() ? expected.get(i) : "(end of region)";
            String got = i < actual.size() ? actual.get(i) : "(end of block)";
            if (!want.equals(got)) {
                return " at block line " + (i + 1) + ": source has [" + want + "], Markdown has [" + got
                        + "]; run MarkdownSnippets --sync";
            }
        }
        return "";
    }

    /**
     * Checks (default) or updates ({@code --sync}) Markdown files, relative to the working directory.
     *
     * @param args {@code [--sync] FILE.md...}
     */
    public static void main(String[] args) {
        boolean sync = args.length > 0 && args[0].equals("--sync");
        Path root = Path.of("").toAbsolutePath();
        MarkdownSnippets snippets = new MarkdownSnippets(root);
        int problems = 0;
        for (int i = sync ? 1 : 0; i < args.length; i++) {
            Path file = root.resolve(args[i]);
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (sync) {
                    Files.writeString(file, snippets.sync(args[i], text), StandardCharsets.UTF_8);
                } else {
                    List<String> found = snippets.check(args[i], text);
                    found.forEach(System.err::println);
                    problems += found.size();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (problems > 0) {
            System.exit(1);
        }
    }
}
