package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.azkit.examples.video.accounts.User;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The site admin pages through every account; nobody else may. */
@AzkitStorageTest
class AdminAccountsIT {

    @Test
    void theSiteAdminPagesThroughEveryAccountExactlyOnce(TestStorage storage) {
        try (VideoService service = VideoService.start(GuardedOptions.create()
                .connectionString(storage.connectionString()).prefix(TestStorage.uniqueName("s")).kdfIterations(1_000))) {
            Browser admin = new Browser(service.url());
            admin.post("/api/register", Map.of("email", "admin@example.org", "name", "A", "password", "correct horse"));
            Set<String> created = new HashSet<>();
            for (int i = 0; i < 7; i++) {
                created.add(admin.post("/api/accounts", Map.of("name", "Corp " + i, "seats", 1,
                        "payment", Browser.CARD)).json().path("id").asText());
            }
            assertThat(admin.get("/api/admin/accounts").status()).as("only site admins").isEqualTo(403);
            service.directory().updateUser("admin@example.org", u -> Optional.of(new User(u.email(), u.userId(),
                    u.name(), u.passwordHash(), u.adminOf(), u.granteeOf(), true)));

            Set<String> seen = new HashSet<>();
            String next = null;
            int pages = 0;
            do {
                JsonNode page = admin.get("/api/admin/accounts?pageSize=3"
                        + (next == null ? "" : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8))).json();
                page.path("accounts").forEach(a -> assertThat(seen.add(a.path("id").asText())).isTrue());
                next = page.path("next").isNull() ? null : page.path("next").asText();
                pages++;
            } while (next != null);

            assertThat(seen).isEqualTo(created);
            assertThat(pages).isEqualTo(3);
            assertThat(admin.get("/api/admin/accounts?pageSize=0").status()).isEqualTo(400);
            assertThat(admin.get("/api/admin/accounts?pageSize=lots").status()).isEqualTo(400);
        }
    }
}
