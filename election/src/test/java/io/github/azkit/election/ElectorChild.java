package io.github.azkit.election;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import io.github.azkit.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * One instance of {@link PeriodicElectorProcessesIT}: a {@link PeriodicElector} on a shared blob with one-second
 * periods (15 s lease), in a JVM of its own.
 *
 * <p>Prints {@code READY}, then waits for {@code GO <first period start, epoch ms>} on its standard input, so that
 * every instance gets the same schedule. Each run of the job prints {@code START period= pid= token= at=}, works for
 * {@code jobMillis}, creates the record blob {@code runs/<period>} with If-None-Match:* holding its pid and token
 * (prints {@code RECORD_EXISTS ...} if an earlier run made it), and prints {@code END ...}; the listener prints
 * {@code COMPLETED ...} and {@code REVOKED ...}. On {@code STOP} it closes the elector and exits 0. Reads the
 * connection string from {@value #CONNECTION_STRING_ENV}; ends itself with status 4 after four minutes.
 */
public final class ElectorChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_ELECTOR_CHILD_CONNECTION_STRING";

    private ElectorChild() {
    }

    /**
     * Runs the instance.
     *
     * @param args container, election blob name, job duration in ms, poll interval in ms, missed-period policy
     * @throws Exception if the instance fails unexpectedly
     */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitAfter(Duration.ofMinutes(4), 4);
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(System.getenv(CONNECTION_STRING_ENV)).buildClient()
                .getBlobContainerClient(args[0]);
        String blobName = args[1];
        long jobMillis = Long.parseLong(args[2]);
        Duration pollInterval = Duration.ofMillis(Long.parseLong(args[3]));
        MissedPeriodPolicy policy = MissedPeriodPolicy.valueOf(args[4]);
        long pid = ProcessHandle.current().pid();
        container.getBlobClient(blobName).exists(); // warm the connection before the race

        System.out.println("READY pid=" + pid);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String go = in.readLine();
        if (go == null || !go.startsWith("GO ")) {
            System.out.println("NO_GO line=" + go);
            System.exit(3);
        }
        Instant firstStart = Instant.ofEpochMilli(Long.parseLong(go.substring(3)));

        PeriodicElector elector = PeriodicElector.builder()
                .blobClient(container.getBlobClient(blobName))
                .schedule(firstStart, Duration.ofSeconds(1))
                .leaseDuration(Duration.ofSeconds(15))
                .pollInterval(pollInterval)
                .missedPeriods(policy)
                .job(context -> {
                    String run = "period=" + context.period() + " pid=" + pid + " token=" + context.fencingToken();
                    print("START " + run);
                    Thread.sleep(jobMillis); // the work
                    try {
                        container.getBlobClient("runs/" + context.period()).uploadWithResponse(
                                new BlobParallelUploadOptions(BinaryData.fromString(run))
                                        .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")),
                                null, Context.NONE);
                    } catch (BlobStorageException e) {
                        if (e.getStatusCode() != 409) {
                            throw e;
                        }
                        print("RECORD_EXISTS " + run);
                    }
                    print("END " + run);
                })
                .onPeriodCompleted(context -> print("COMPLETED period=" + context.period() + " pid=" + pid
                        + " token=" + context.fencingToken()))
                .onJobFailed(event -> print("JOB_FAILED period=" + event.context().period() + " pid=" + pid
                        + " token=" + event.context().fencingToken() + " failure="
                        + event.failure().toString().replace(' ', '_')))
                .onRevoked(context -> print("REVOKED period=" + context.period() + " pid=" + pid + " token="
                        + context.fencingToken()))
                .build();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("STOP")) {
                break;
            }
        }
        elector.close();
        print("STOPPED pid=" + pid);
        System.exit(0);
    }

    private static synchronized void print(String event) {
        System.out.println(event + " at=" + System.nanoTime());
        System.out.flush();
    }
}
