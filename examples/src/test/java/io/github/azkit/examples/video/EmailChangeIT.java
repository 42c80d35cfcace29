package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Changing the login email keeps the user id and everything keyed by it, and is safe to replay. */
@AzkitStorageTest
class EmailChangeIT {

    private static final String VIDEO = "azure-storage-fundamentals-introduction";

    @Test
    void anEmailChangeKeepsTheUserIdHistoryAndSeat(TestStorage storage) {
        try (VideoService service = VideoService.start(GuardedOptions.create()
                .connectionString(storage.connectionString()).prefix(TestStorage.uniqueName("e")).kdfIterations(1_000))) {
            Browser admin = new Browser(service.url());
            admin.post("/api/register", Map.of("email", "admin@example.org", "name", "A", "password", "correct horse"));
            String account = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 2,
                    "payment", Browser.CARD)).json().path("id").asText();
            Browser jeff = new Browser(service.url());
            String userId = jeff.post("/api/register", Map.of("email", "jeff@old.example", "name", "Jeff",
                    "password", "correct horse")).json().path("userId").asText();
            Browser.grantAndAccept(admin, jeff, account, "jeff@old.example");
            jeff.post("/api/watch/" + VIDEO + "/stop", Map.of("offset", 321));

            assertThat(jeff.post("/api/me/email", Map.of("email", "jeff@new.example", "password", "wrong one"))
                    .status()).isEqualTo(401);
            assertThat(jeff.post("/api/me/email", Map.of("email", "admin@example.org", "password", "correct horse"))
                    .status()).as("someone else's email").isEqualTo(409);
            JsonNode me = jeff.post("/api/me/email", Map.of("email", "jeff@new.example", "password", "correct horse"))
                    .json();

            assertThat(me.path("email").asText()).isEqualTo("jeff@new.example");
            assertThat(me.path("userId").asText()).isEqualTo(userId);
            assertThat(me.path("canWatch").asBoolean()).as("the account now lists the new email").isTrue();
            assertThat(jeff.get("/api/continue").json().path("offsetSeconds").asInt()).isEqualTo(321);
            assertThat(admin.get("/api/accounts/" + account).json().path("grantees").toString())
                    .isEqualTo("[\"jeff@new.example\"]");
            Browser again = new Browser(service.url());
            assertThat(again.post("/api/login", Map.of("email", "jeff@old.example", "password", "correct horse"))
                    .status()).isEqualTo(401);
            assertThat(again.post("/api/login", Map.of("email", "jeff@new.example", "password", "correct horse"))
                    .status()).isEqualTo(200);

            // Replaying the change (a retry after a crash) changes nothing more
            assertThat(service.directory().changeEmail("jeff@old.example", "jeff@new.example", "correct horse")
                    .userId()).isEqualTo(userId);
            assertThat(admin.get("/api/accounts/" + account).json().path("grantees")).hasSize(1);
        }
    }
}
