package io.github.azkit.benchmarks.serializer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.azkit.storage.CollectionSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * azkit's {@link CollectionSerializer} against Jackson JSON for a list of {@value #RECORDS} bookmarks (an int offset
 * and a short note): bytes per record, and records per second for encoding and decoding (one JMH operation is one
 * record). Run it, with any JMH options, from the repository root:
 *
 * <pre>
 * flock /tmp/azkit-mvn.lock mvn -B -q -pl benchmarks -am compile exec:exec -Dmaven.javadoc.skip \
 *     -Dexec.executable=java \
 *     -Dexec.args="-cp %classpath io.github.azkit.benchmarks.serializer.SerializerBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s"
 * </pre>
 *
 * It prints a Markdown table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SerializerBenchmark {

    /** Records per list: a learner's bookmarks across a course. */
    static final int RECORDS = 1_000;

    // start:serializer
    static final CollectionSerializer<Bookmark> BOOKMARKS = CollectionSerializer.<Bookmark>builder()
            .version(1)
            .encoder((b, out) -> out.writeInt(b.offset()).writeString(b.note()))
            .decoder(in -> new Bookmark(in.readInt(), in.readString()))
            .overflow(CollectionSerializer.Overflow.KEEP_NEWEST)
            .build();
    // end:serializer

    static final ObjectMapper JSON = new ObjectMapper();
    static final TypeReference<List<Bookmark>> LIST_OF_BOOKMARKS = new TypeReference<>() { };

    List<Bookmark> bookmarks;
    byte[] azkitBytes;
    byte[] jsonBytes;

    /** Creates the benchmark state; JMH calls {@link #setUp()}. */
    public SerializerBenchmark() {
    }

    /**
     * Makes the bookmarks and their encodings.
     *
     * @throws IOException never (Jackson's signature)
     */
    @Setup
    public void setUp() throws IOException {
        bookmarks = sample();
        azkitBytes = BOOKMARKS.serialize(bookmarks);
        jsonBytes = JSON.writeValueAsBytes(bookmarks);
    }

    static List<Bookmark> sample() {
        String[] words = {"intro", "key", "slide", "demo", "review", "ETag", "retry", "lease", "see", "again", "todo",
            "important", "q&a", "blob", "table", "cost", "élan", "naïve"};
        Random random = new Random(42);
        List<Bookmark> list = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            int offset = random.nextInt(2 * 60 * 60); // within a two-hour video, in seconds
            StringBuilder note = new StringBuilder();
            int n = random.nextInt(4); // 0 to 3 words
            for (int w = 0; w < n; w++) {
                if (w > 0) {
                    note.append(' ');
                }
                note.append(words[random.nextInt(words.length)]);
            }
            list.add(new Bookmark(offset, note.toString()));
        }
        return list;
    }

    /**
     * Encodes the list with azkit.
     *
     * @return the bytes
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public byte[] azkitEncode() {
        return BOOKMARKS.serialize(bookmarks);
    }

    /**
     * Decodes the list with azkit.
     *
     * @return the records
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public List<Bookmark> azkitDecode() {
        return BOOKMARKS.deserialize(azkitBytes);
    }

    /**
     * Encodes the list with Jackson.
     *
     * @return the bytes
     * @throws IOException never
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public byte[] jsonEncode() throws IOException {
        return JSON.writeValueAsBytes(bookmarks);
    }

    /**
     * Decodes the list with Jackson.
     *
     * @return the records
     * @throws IOException never
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public List<Bookmark> jsonDecode() throws IOException {
        return JSON.readValue(jsonBytes, LIST_OF_BOOKMARKS);
    }

    /**
     * Checks both encodings round-trip, runs JMH with the given options, and prints a Markdown table.
     *
     * @param args JMH command-line options, for example {@code -f 1 -wi 2 -i 3 -w 1s -r 1s}
     * @throws IOException if Jackson fails
     * @throws RunnerException if JMH fails
     * @throws CommandLineOptionException if the options are not JMH's
     */
    public static void main(String[] args) throws IOException, RunnerException, CommandLineOptionException {
        SerializerBenchmark state = new SerializerBenchmark();
        state.setUp();
        if (!state.azkitDecode().equals(state.bookmarks) || !state.jsonDecode().equals(state.bookmarks)) {
            throw new IllegalStateException("a round trip lost data");
        }
        CommandLineOptions cli = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(new OptionsBuilder().parent(cli)
                .include(SerializerBenchmark.class.getName() + "\\.").build()).run();
        double azkitEncode = score(results, "azkitEncode");
        double azkitDecode = score(results, "azkitDecode");
        double jsonEncode = score(results, "jsonEncode");
        double jsonDecode = score(results, "jsonDecode");
        double azkitBytes = (double) state.azkitBytes.length / RECORDS;
        double jsonBytes = (double) state.jsonBytes.length / RECORDS;

        System.out.println();
        System.out.println("| format | bytes per record | encode records/s | decode records/s |");
        System.out.println("|---|---:|---:|---:|");
        System.out.println(row("azkit CollectionSerializer", azkitBytes, azkitEncode, azkitDecode));
        System.out.println(row("Jackson JSON (ObjectMapper, record)", jsonBytes, jsonEncode, jsonDecode));
        System.out.printf(Locale.ROOT, "%nazkit / JSON: %.2fx the bytes, %.2fx encode speed, %.2fx decode speed"
                + " (%d records of %d bytes in one list; %d bytes as JSON)%n", azkitBytes / jsonBytes,
                azkitEncode / jsonEncode, azkitDecode / jsonDecode, RECORDS, state.azkitBytes.length,
                state.jsonBytes.length);
    }

    private static String row(String name, double bytes, double encode, double decode) {
        return String.format(Locale.ROOT, "| %s | %.1f | %,.0f | %,.0f |", name, bytes, encode, decode);
    }

    private static double score(Collection<RunResult> results, String method) {
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("." + method)) {
                return r.getPrimaryResult().getScore();
            }
        }
        throw new IllegalStateException("no result for " + method + "; was it excluded by the options?");
    }
}
