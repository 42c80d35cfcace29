package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM that dies by kill -9 must not leave its Azurite behind. */
class OrphanIT {

    @Test
    void azuriteStopsWhenItsJvmIsKilledHard() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dazkit.azurite.dir=" + Azurite.installDir(), ChildMain.class.getName())
                .redirectErrorStream(true)
                .start();
        int port;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
                assertThat(line).as("child JVM output ended before Azurite started").isNotNull();
            } while (!line.startsWith("PORT "));
            port = Integer.parseInt(line.substring(5).trim());
            assertThat(NpmRouteIT.accepts(port)).isTrue();

            // When the JVM is killed with SIGKILL (no shutdown hooks run)
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        // Then the watchdog stops Azurite within a few seconds
        // (One look decides: probing again after the port closed could meet another Azurite that took the port.)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean listening;
        while ((listening = NpmRouteIT.accepts(port)) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(listening).as("Azurite on port %d outlived its JVM", port).isFalse();
    }

    /** Starts Azurite, prints its port, and waits to be killed. */
    public static final class ChildMain {
        private ChildMain() {
        }

        public static void main(String[] args) throws InterruptedException {
            Azurite azurite = Azurite.start();
            System.out.println("PORT " + azurite.blobPort());
            System.out.flush();
            new java.util.concurrent.CountDownLatch(1).await(2, TimeUnit.MINUTES);
        }
    }
}
