package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Four writer processes, four JVMs as on four machines, append to one {@link OngoingLog} while more than a fifth
 * of their Put Block List responses are lost (every fifth attempt's, and a tenth of the others', seeded) (the SDK's retry of an applied commit then gets 412, which looks like a lost
 * race). Two write batches directly, two through an {@link AsyncLogWriter}. Every entry must be in the log exactly
 * once, each writer's in its own order.
 */
@AzkitStorageTest
class MultiProcessWritersIT {

    private static final int WRITERS = 4;
    private static final int ENTRIES = 120;
    private static final int BATCH = 6;
    /** Besides every fifth commit attempt's: about 28% in all. */
    private static final double MORE_LOST_COMMIT_RESPONSES = 0.1;
    private static final Pattern DONE = Pattern.compile(
            "DONE (\\S+) commits=(\\d+) lostResponses=(\\d+) appliedDespiteFailure=(\\d+) conflicts=(\\d+) .*");

    @Test
    void fourWriterJvmsLosingOverAFifthOfCommitResponsesWriteEachEntryOnceInOrder(TestStorage storage)
            throws Exception {
        BlobContainerClient container = storage.createContainer();
        Path outputDir = Path.of("target", "child-jvms", container.getBlobContainerName());
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int k = 0; k < WRITERS; k++) {
                children.add(ChildJvm.builder(LogWriterChild.class).name("writer-" + k)
                        .args(container.getBlobContainerName(), "shared", "w" + k, Integer.toString(ENTRIES),
                                Integer.toString(BATCH), Long.toString(4200L + k),
                                Double.toString(MORE_LOST_COMMIT_RESPONSES), k % 2 == 0 ? "direct" : "async")
                        .env(LogWriterChild.CONNECTION_STRING_ENV, storage.connectionString())
                        .jvmOptions("-Xmx128m").outputDirectory(outputDir).start());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos(); // for the whole test: 15 s here
            for (ChildJvm child : children) {
                child.awaitLine(line -> line.startsWith("READY"), left(deadline));
            }
            for (ChildJvm child : children) {
                child.send("GO"); // all four start appending together
            }
            long lostResponses = 0;
            long applied = 0;
            long conflicts = 0;
            long commits = 0;
            for (ChildJvm child : children) {
                int exit = child.waitFor(left(deadline));
                assertThat(exit).as("exit code of %s; its output:%n%s", child.name(), child.output()).isZero();
                String done = child.awaitLine(line -> line.startsWith("DONE"), Duration.ofSeconds(1));
                Matcher m = DONE.matcher(done);
                assertThat(m.matches()).as(done).isTrue();
                commits += Long.parseLong(m.group(2));
                lostResponses += Long.parseLong(m.group(3));
                applied += Long.parseLong(m.group(4));
                conflicts += Long.parseLong(m.group(5));
                System.out.println("MultiProcessWritersIT " + child.name() + ": " + done);
            }

            List<String> entries = OngoingLog.builder().containerClient(container).logId("shared").build()
                    .readEntries();
            for (int k = 0; k < WRITERS; k++) {
                String prefix = "w" + k + "-";
                List<String> mine = entries.stream().filter(e -> e.startsWith(prefix)).toList();
                assertThat(mine).as("writer %d's entries: each once, in its order", k).containsExactlyElementsOf(
                        IntStream.range(0, ENTRIES).mapToObj(i -> prefix + i).toList());
            }
            assertThat(entries).as("nothing but the writers' entries").hasSize(WRITERS * ENTRIES);
            assertThat((double) lostResponses / commits).as("share of commit attempts whose response was lost")
                    .isGreaterThanOrEqualTo(0.2);
            assertThat(applied).as("commits applied although their response was lost, recognized").isPositive();
            assertThat(conflicts).as("the writers really raced").isPositive();
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }

    /** The time left until {@code deadline} (a {@link System#nanoTime()}), at least a second. */
    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(Duration.ofSeconds(1).toNanos(), deadline - System.nanoTime()));
    }
}
