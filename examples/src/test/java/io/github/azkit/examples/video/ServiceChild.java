package io.github.azkit.examples.video;

import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.testing.AzureLimitsGuard;
import io.github.azkit.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One instance of the video service in a JVM of its own, for {@link TwoProcessesIT}: the connection string comes
 * from the environment ({@value #CONNECTION_STRING_ENV}, never the command line), the table and container prefix is
 * the first argument. Prints {@code URL <base url>} when it serves, stops on a {@code STOP} line or when its input
 * ends, and ends itself after two minutes in any case.
 */
public final class ServiceChild {

    /** The environment variable holding the storage connection string. */
    public static final String CONNECTION_STRING_ENV = "AZKIT_CHILD_CONNECTION_STRING";

    private ServiceChild() {
    }

    /**
     * Runs the service.
     *
     * @param args the storage prefix
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 3);
        String connectionString = System.getenv(CONNECTION_STRING_ENV);
        if (connectionString == null || connectionString.isEmpty()) {
            System.out.println("FAILED: set " + CONNECTION_STRING_ENV);
            System.exit(2);
        }
        try (VideoService service = VideoService.start(new VideoService.Options().connectionString(connectionString)
                .prefix(args[0]).kdfIterations(1_000).storagePolicies(new AzureLimitsGuard()).demoOutbox(true))) {
            System.out.println("URL " + service.url());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("STOP"); line = in.readLine()) {
                // nothing else to do
            }
        }
        System.out.println("STOPPED");
        System.out.flush();
        System.exit(0);
    }
}
