package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.azkit.testing.Azurite;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.UserLogging;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link CounterAndQuery} in a JVM of its own against a local Azurite, with slf4j-simple's defaults (this project
 * has no logging configuration), and fails if it logs any WARN or ERROR line.
 */
class ConsumerCheckTest {

    @Test
    void theProgramLogsNoWarnOrError() throws Exception {
        try (Azurite azurite = Azurite.start();
                ChildJvm child = ChildJvm.builder(CounterAndQuery.class).name("consumer")
                        .args("counters", "people")
                        .env("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString())
                        .jvmOptions(UserLogging.jvmOptions()).start()) {
            int exit = child.waitFor(Duration.ofSeconds(60));
            System.out.println(child.output());
            assertEquals(0, exit, "exit status");
            assertTrue(child.outputLines().contains("DONE"), "the program ran to its end");
            List<String> warnings = UserLogging.warnAndErrorLines(child);
            assertTrue(warnings.isEmpty(), "WARN and ERROR lines:\n" + String.join("\n", warnings));
        }
    }
}
