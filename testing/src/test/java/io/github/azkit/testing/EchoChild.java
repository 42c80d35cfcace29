package io.github.azkit.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The trivial child main of {@link ChildJvmTest}: prints {@code READY <args>} and whether the environment variable
 * {@value #SECRET_ENV} is set (never its value), then echoes each line of its standard input as {@code ECHO <line>};
 * on {@code EXIT <n>} exits with status n, on {@code HANG} stops reading (and waits to be killed). Ends itself with
 * status 9 after a minute.
 */
public final class EchoChild {

    static final String SECRET_ENV = "AZKIT_ECHO_CHILD_SECRET";

    private EchoChild() {
    }

    /**
     * Runs the echo.
     *
     * @param args printed after {@code READY}
     * @throws Exception if reading standard input fails
     */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitAfter(Duration.ofMinutes(1), 9);
        System.out.println("READY " + String.join(" ", args));
        System.out.println("SECRET " + (System.getenv(SECRET_ENV) != null ? "set, length "
                + System.getenv(SECRET_ENV).length() : "missing"));
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("EXIT ")) {
                System.exit(Integer.parseInt(line.substring(5)));
            }
            if (line.equals("HANG")) {
                Thread.sleep(Long.MAX_VALUE);
            }
            System.out.println("ECHO " + line);
            System.out.flush();
        }
        System.exit(0);
    }
}
