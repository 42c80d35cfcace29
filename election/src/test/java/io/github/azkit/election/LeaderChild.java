package io.github.azkit.election;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import io.github.azkit.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One candidate of {@link LeaderElectionProcessesIT}: a {@link LeaderElection} on a shared blob (15 s lease), in a
 * JVM of its own, whose leader keeps writing a report blob with its fencing token.
 *
 * <p>Prints {@code READY}, {@code ELECTED token= pid= at=} and {@code REVOKED ...} from its listener. While it leads,
 * a writer thread loops: prints {@code WRITING token= seq=}, prepares the output for {@value #PREPARE_MILLIS} ms
 * (a stall here leaves a leader about to write with its old token), writes the report with {@link FencedWrite}
 * and prints {@code WROTE ...} or {@code REFUSED ...}. Mode {@code unfenced} (only for checking that the test
 * fails) writes without the fencing check. On {@code STOP} it closes the election and exits 0. Reads the
 * connection string from {@value #CONNECTION_STRING_ENV}; ends itself with status 4 after four minutes.
 */
public final class LeaderChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_LEADER_CHILD_CONNECTION_STRING";
    static final long PREPARE_MILLIS = 300;

    private LeaderChild() {
    }

    /**
     * Runs the candidate.
     *
     * @param args container, election blob name, report blob name, poll interval in ms, {@code fenced} or
     *     {@code unfenced}
     * @throws Exception if the candidate fails unexpectedly
     */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitAfter(Duration.ofMinutes(4), 4);
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(System.getenv(CONNECTION_STRING_ENV)).buildClient()
                .getBlobContainerClient(args[0]);
        BlobClient report = container.getBlobClient(args[2]);
        Duration pollInterval = Duration.ofMillis(Long.parseLong(args[3]));
        boolean fenced = !"unfenced".equals(args[4]);
        long pid = ProcessHandle.current().pid();

        print("READY pid=" + pid);
        LeaderElection election = LeaderElection.builder() // campaigning from here on
                .blobClient(container.getBlobClient(args[1]))
                .leaseDuration(Duration.ofSeconds(15))
                .pollInterval(pollInterval)
                .onElected(term -> print("ELECTED token=" + term.fencingToken() + " pid=" + pid))
                .onRevoked(term -> print("REVOKED token=" + term.fencingToken() + " pid=" + pid))
                .build();
        Thread writer = new Thread(() -> {
            long seq = 0;
            while (true) {
                try {
                    Term term = election.currentTerm();
                    if (term == null) {
                        Thread.sleep(50);
                        continue;
                    }
                    seq++;
                    String write = "token=" + term.fencingToken() + " seq=" + seq + " pid=" + pid;
                    print("WRITING " + write);
                    Thread.sleep(PREPARE_MILLIS); // preparing the output
                    boolean written;
                    if (fenced) {
                        written = FencedWrite.write(report, term.fencingToken(), write);
                    } else {
                        report.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString(write))
                                .setMetadata(Map.of("fencingtoken", Long.toString(term.fencingToken()))),
                                null, Context.NONE);
                        written = true;
                    }
                    print((written ? "WROTE " : "REFUSED ") + write);
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    print("WRITE_FAILED seq=" + seq + " pid=" + pid + " failure=" + e.toString().replace(' ', '_'));
                }
            }
        }, "report-writer");
        writer.setDaemon(true);

        writer.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("STOP")) {
                break;
            }
        }
        writer.interrupt();
        election.close();
        print("STOPPED pid=" + pid);
        System.exit(0);
    }

    private static synchronized void print(String event) {
        System.out.println(event + " at=" + System.nanoTime());
        System.out.flush();
    }
}
