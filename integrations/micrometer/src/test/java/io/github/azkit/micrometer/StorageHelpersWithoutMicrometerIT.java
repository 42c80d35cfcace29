package io.github.azkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * "No cost when Micrometer is absent": an application with azkit-storage-helpers and no Micrometer counts its
 * transactions as before. {@link CounterWithoutMicrometerChild} runs in a JVM whose class path is this test's without
 * Micrometer (micrometer-core, -commons, -observation and their HdrHistogram and LatencyUtils) and without this
 * module's own classes (its jar under Failsafe); it checks that no Micrometer class can be loaded, then counts real blob requests with a
 * {@code TransactionCounter}. (azkit-storage-helpers' POM also bans {@code io.micrometer} from its dependencies with
 * the enforcer plugin, so a dependency brought in by accident fails its build.)
 */
@AzkitStorageTest
class StorageHelpersWithoutMicrometerIT {

    @Test
    void theTransactionCounterWorksWithNoMicrometerOnTheClassPath(TestStorage storage) throws Exception {
        String ownClasses = Path.of("target", "classes").toAbsolutePath().toString();
        List<String> full = Arrays.asList(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator));
        List<String> withoutMicrometer = full.stream()
                .filter(entry -> !isMicrometer(Path.of(entry).getFileName().toString()))
                .filter(entry -> !Path.of(entry).toAbsolutePath().toString().equals(ownClasses))
                .collect(Collectors.toList());
        assertThat(full).anyMatch(entry -> entry.contains("micrometer-core"));
        assertThat(withoutMicrometer).noneMatch(entry -> entry.contains("micrometer-"))
                .anyMatch(entry -> entry.contains("storage-helpers") || entry.contains("azkit-storage-helpers"));

        try (ChildJvm child = ChildJvm.builder(CounterWithoutMicrometerChild.class).name("without-micrometer")
                .args(TestStorage.uniqueName("nomicrometer"))
                .env(CounterWithoutMicrometerChild.CONNECTION_STRING_ENV, storage.connectionString())
                .jvmOptions("-Xmx256m", "-cp", String.join(File.pathSeparator, withoutMicrometer)).start()) {
            assertThat(child.waitFor(Duration.ofSeconds(60))).as("exit status; output:%n%s", child.output()).isZero();
            assertThat(child.outputLines()).contains("micrometer absent", "total=3 read=1 write=2 failed=0", "DONE");
        }
    }

    private static boolean isMicrometer(String fileName) {
        return fileName.startsWith("micrometer-") || fileName.startsWith("azkit-micrometer-") || fileName.startsWith("HdrHistogram-")
                || fileName.startsWith("LatencyUtils-");
    }
}
