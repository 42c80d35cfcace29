package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import io.github.azkit.testing.UserLogging;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A short normal session of the reference service logs no WARN or ERROR: the service in a JVM of its own
 * ({@link ServiceChild}) with slf4j-simple's defaults ({@link UserLogging}; its own {@code simplelogger.properties}
 * turns no SDK logger off there), while two people register, sign in, open an account, grant and accept a seat and
 * watch a video, and read bookmarks they never set.
 */
@AzkitStorageTest
class NoWarningsIT {

    private static final String VIDEO = "azure-storage-fundamentals-introduction";

    @Test
    void aNormalSessionLogsNoWarnOrError(TestStorage storage) throws Exception {
        String prefix = TestStorage.uniqueName("p");
        try (ChildJvm service = ChildJvm.builder(ServiceChild.class).name("service-normal-session").args(prefix)
                .env(ServiceChild.CONNECTION_STRING_ENV, storage.connectionString()).jvmOptions("-Xmx256m")
                .jvmOptions(UserLogging.jvmOptions()).outputDirectory(Path.of("target", "child-jvms", prefix))
                .start()) {
            String line = service.awaitLine(l -> l.startsWith("URL ") || l.startsWith("FAILED"),
                    Duration.ofSeconds(45));
            assertThat(line).as(service.output()).startsWith("URL ");
            String url = line.substring(4).trim();

            Browser admin = Browser.registered(url, "admin@corp.example");
            Browser jeff = Browser.registered(url, "jeff@corp.example");
            assertThat(new Browser(url).post("/api/login", Map.of("email", "jeff@corp.example",
                    "password", Browser.PASSWORD)).status()).isEqualTo(200);
            Browser.Reply created = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 5,
                    "payment", Browser.CARD));
            assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
            String account = created.json().path("id").asText();
            assertThat(admin.post("/api/accounts/" + account + "/seats", Map.of("email", "jeff@corp.example"))
                    .status()).isEqualTo(200);
            assertThat(jeff.post("/api/seats/accept", Map.of("token", jeff.lastSeatToken("jeff@corp.example")))
                    .status()).isEqualTo(200);
            assertThat(jeff.get("/api/me").json().path("canWatch").asBoolean()).isTrue();
            for (int offset : new int[] {30, 60, 200, 210}) {
                assertThat(jeff.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", offset)).status())
                        .isEqualTo(200);
            }
            assertThat(admin.get("/api/accounts/" + account).status()).isEqualTo(200);
            // reads of things not there yet: bookmarks never set
            assertThat(jeff.get("/api/bookmarks/" + VIDEO).status()).isEqualTo(200);
            assertThat(admin.get("/api/bookmarks/" + VIDEO).status()).isEqualTo(200);

            service.send("STOP");
            assertThat(service.waitFor(Duration.ofSeconds(20))).as(service.output()).isZero();
            assertThat(UserLogging.warnAndErrorLines(service)).as("WARN and ERROR lines of %s",
                    service.outputFile()).isEmpty();
        }
    }
}
