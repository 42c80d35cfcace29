package io.github.azkit.table.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code azkit-tables --version} prints the version of the jar it runs from: the Implementation-Version of its
 * manifest, read at run time (classes in a folder, as here under Failsafe, have none).
 */
class VersionIT {

    private static final String VERSION = System.getProperty("azkit.version");

    @Test
    void theExecutableJarPrintsItsVersion() throws Exception {
        Path jar = Path.of(System.getProperty("azkit.cli.jar"));
        assertThat(jar).as("the executable jar, built in the package phase").isRegularFile();
        assertThat(VERSION).isNotBlank();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--version")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.strip()).isEqualTo("azkit-tables " + VERSION);
    }
}
