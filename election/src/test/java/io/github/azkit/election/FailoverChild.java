package io.github.azkit.election;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.testing.ChildJvm;
import java.time.Duration;
import java.time.Instant;

/**
 * The leader process of {@link FailoverIT}: runs a {@link PeriodicElector} whose job never ends, until it is
 * killed. Reads the connection string from the environment (never from the command line, where {@code ps} would
 * show it). Exits by itself after two minutes in case its parent died.
 */
public final class FailoverChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_FAILOVER_CONNECTION_STRING";

    private FailoverChild() {
    }

    /**
     * Runs the elector.
     *
     * @param args the container name, the blob name and the first period's start (ISO-8601)
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 3);
        BlobClient blob = new BlobServiceClientBuilder().connectionString(System.getenv(CONNECTION_STRING_ENV))
                .buildClient().getBlobContainerClient(args[0]).getBlobClient(args[1]);
        PeriodicElector elector = PeriodicElector.builder()
                .blobClient(blob)
                .schedule(Instant.parse(args[2]), Duration.ofDays(1))
                .leaseDuration(Duration.ofSeconds(15))
                .pollInterval(Duration.ofSeconds(2))
                .job(context -> {
                    System.out.println("JOB STARTED period=" + context.period() + " token=" + context.fencingToken());
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE); // a long report; the process is killed while it runs
                })
                .build();
        Thread.sleep(Long.MAX_VALUE); // until killed, or ChildJvm.exitAfter
    }
}
