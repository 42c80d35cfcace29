package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every seat-workflow case of the talk, over HTTP, against two instances sharing one storage account. */
@AzkitStorageTest
class SeatWorkflowIT {

    private final TransactionCounter counterA = new TransactionCounter();
    private VideoService a;
    private VideoService b;
    private String prefix;

    @BeforeEach
    void startTwoInstances(TestStorage storage) {
        prefix = TestStorage.uniqueName("v");
        a = VideoService.start(GuardedOptions.create().connectionString(storage.connectionString()).prefix(prefix)
                .kdfIterations(1_000).counter(counterA));
        b = VideoService.start(GuardedOptions.create().connectionString(storage.connectionString()).prefix(prefix)
                .kdfIterations(1_000));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void inviteeWhoIsNotRegisteredRegistersThenAcceptsAndMayWatch(io.github.azkit.testing.TestStorage storage) {
        Browser admin = Browser.registered(a.url(), "admin@corp.example");
        String account = createAccount(admin, 5);

        // Given an admin grants a seat to someone with no user yet (on instance A)
        assertThat(admin.post("/api/accounts/" + account + "/seats", Map.of("email", "Jeff@Corp.example")).status())
                .isEqualTo(200);

        // When that person follows the emailed link (on instance B) before registering
        Browser jeff = new Browser(b.url());
        String token = Browser.seatTokenInStorage(storage, prefix, "jeff@corp.example"); // not signed in: no outbox
        assertThat(jeff.post("/api/seats/accept", Map.of("token", token)).json().path("result").asText())
                .isEqualTo("REGISTER_FIRST");

        // Then they register and accept, and may watch
        assertThat(jeff.post("/api/register", Map.of("email", "jeff@corp.example", "name", "Jeff",
                "password", "correct horse")).status()).isEqualTo(201);
        assertThat(jeff.get("/api/me").json().path("canWatch").asBoolean()).isFalse();
        assertThat(jeff.post("/api/seats/accept", Map.of("token", token)).json().path("result").asText())
                .isEqualTo("ACCEPTED");
        JsonNode me = jeff.at(a.url()).get("/api/me").json();
        assertThat(me.path("canWatch").asBoolean()).isTrue();
        assertThat(me.path("payingAccount").asText()).isEqualTo(account);
    }

    @Test
    void clickingTheLinkManyTimesHasOneEffectAndLaterClicksWriteNothing() {
        Browser admin = Browser.registered(a.url(), "admin@corp.example");
        String account = createAccount(admin, 5);
        Browser jeff = Browser.registered(b.url(), "jeff@corp.example");
        admin.post("/api/accounts/" + account + "/seats", Map.of("email", "jeff@corp.example"));
        String token = jeff.lastSeatToken("jeff@corp.example");
        assertThat(jeff.post("/api/seats/accept", Map.of("token", token)).json().path("result").asText())
                .isEqualTo("ACCEPTED");

        jeff.at(a.url());
        long writesBefore = counterA.snapshot().mutations();
        for (int i = 0; i < 5; i++) {
            assertThat(jeff.post("/api/seats/accept", Map.of("token", token)).json().path("result").asText())
                    .isEqualTo("ACCEPTED");
        }
        assertThat(counterA.snapshot().mutations() - writesBefore).as("replayed clicks write nothing").isZero();
        JsonNode me = jeff.get("/api/me").json();
        assertThat(me.path("granteeOf")).hasSize(1);
        assertThat(admin.get("/api/accounts/" + account).json().path("grantees")).hasSize(1);
    }

    @Test
    void anAdminWhoRevokedBeforeTheClickWins() {
        Browser admin = Browser.registered(a.url(), "admin@corp.example");
        String account = createAccount(admin, 5);
        Browser jeff = Browser.registered(b.url(), "jeff@corp.example");
        admin.post("/api/accounts/" + account + "/seats", Map.of("email", "jeff@corp.example"));
        String token = jeff.lastSeatToken("jeff@corp.example");

        // The admin takes Jeff out of the seat and puts Fred in, before Jeff clicks
        assertThat(admin.delete("/api/accounts/" + account + "/seats/jeff@corp.example").status()).isEqualTo(200);
        admin.post("/api/accounts/" + account + "/seats", Map.of("email", "fred@corp.example"));

        Browser.Reply click = jeff.post("/api/seats/accept", Map.of("token", token));
        assertThat(click.status()).isEqualTo(410);
        assertThat(click.json().path("result").asText()).isEqualTo("REVOKED");
        assertThat(jeff.get("/api/me").json().path("canWatch").asBoolean()).isFalse();
        assertThat(jeff.get("/api/me").json().path("granteeOf")).isEmpty();
    }

    @Test
    void aSeatRevokedAfterAcceptanceStopsWatchingAtOnce() {
        Browser admin = Browser.registered(a.url(), "admin@corp.example");
        String account = createAccount(admin, 5);
        Browser jeff = Browser.registered(b.url(), "jeff@corp.example");
        admin.post("/api/accounts/" + account + "/seats", Map.of("email", "jeff@corp.example"));
        jeff.post("/api/seats/accept", Map.of("token", jeff.lastSeatToken("jeff@corp.example")));
        assertThat(jeff.get("/api/me").json().path("canWatch").asBoolean()).isTrue();

        admin.delete("/api/accounts/" + account + "/seats/jeff@corp.example");

        assertThat(jeff.get("/api/me").json().path("canWatch").asBoolean()).isFalse();
        List<JsonNode> mail = jeff.outbox("jeff@corp.example");
        assertThat(mail.get(mail.size() - 1).path("subject").asText()).contains("was removed");
    }

    @Test
    void tamperedAndForgedLinksAreRefused() {
        Browser admin = Browser.registered(a.url(), "admin@corp.example");
        String account = createAccount(admin, 5);
        Browser jeff = Browser.registered(b.url(), "jeff@corp.example");
        Browser mallory = Browser.registered(b.url(), "mallory@evil.example");
        admin.post("/api/accounts/" + account + "/seats", Map.of("email", "jeff@corp.example"));
        String token = jeff.lastSeatToken("jeff@corp.example");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);

        // A link whose payload names Mallory but keeps Jeff's signature
        String tampered = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("jeff@corp.example", "mallory@evil.example").getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
        Browser.Reply reply = mallory.post("/api/seats/accept", Map.of("token", tampered));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error()).contains("not valid");
        // A forged signature, garbage, and Jeff's real link used by Mallory
        assertThat(mallory.post("/api/seats/accept", Map.of("token", token.substring(0, token.indexOf('.')) + ".AAAA"))
                .status()).isEqualTo(400);
        assertThat(mallory.post("/api/seats/accept", Map.of("token", "not-a-token")).status()).isEqualTo(400);
        assertThat(mallory.post("/api/seats/accept", Map.of("token", token)).status()).isEqualTo(403);
        assertThat(mallory.get("/api/me").json().path("canWatch").asBoolean()).isFalse();
        assertThat(admin.get("/api/accounts/" + account).json().path("grantees").toString())
                .isEqualTo("[\"jeff@corp.example\"]");
    }

    @Test
    void theAdminCanResendTheLink() {
        Browser admin = Browser.registered(a.url(), "admin@corp.example");
        String account = createAccount(admin, 5);
        admin.post("/api/accounts/" + account + "/seats", Map.of("email", "jeff@corp.example"));
        assertThat(admin.post("/api/accounts/" + account + "/seats/jeff@corp.example/resend", Map.of()).status())
                .isEqualTo(204);
        Browser jeff = Browser.registered(b.url(), "jeff@corp.example");
        List<JsonNode> mail = jeff.outbox("jeff@corp.example");
        assertThat(mail).hasSize(2);
        assertThat(jeff.post("/api/seats/accept", Map.of("token", jeff.lastSeatToken("jeff@corp.example")))
                .json().path("result").asText()).isEqualTo("ACCEPTED");
        assertThat(admin.post("/api/accounts/" + account + "/seats/nobody@corp.example/resend", Map.of()).status())
                .isEqualTo(404);
    }

    @Test
    void seatsNeverExceedWhatTheAccountPaysForEvenWithTwoInstancesGrantingAtOnce() throws Exception {
        Browser adminOnA = Browser.registered(a.url(), "admin@corp.example");
        String account = createAccount(adminOnA, 3);
        Browser adminOnB = new Browser(b.url());
        assertThat(adminOnB.post("/api/login", Map.of("email", "admin@corp.example", "password", "correct horse"))
                .status()).isEqualTo(200);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Browser admin = i % 2 == 0 ? adminOnA : adminOnB;
            String email = "user" + i + "@corp.example";
            Callable<Integer> grant = () -> admin.post("/api/accounts/" + account + "/seats", Map.of("email", email))
                    .status();
            results.add(pool.submit(grant));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        pool.shutdown();

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(3);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(9);
        assertThat(adminOnA.get("/api/accounts/" + account).json().path("grantees")).hasSize(3);
    }

    @Test
    void badInputGetsAClearRefusalAndChangesNothing() {
        Browser admin = Browser.registered(a.url(), "admin@corp.example");
        String account = createAccount(admin, 2);
        Browser other = Browser.registered(b.url(), "other@corp.example");
        String otherAccount = createAccount(other, 2);
        String before = admin.get("/api/accounts/" + account).json().toString();

        assertThat(admin.post("/api/accounts/" + account + "/seats", "{not json").status()).isEqualTo(400);
        assertThat(admin.post("/api/accounts/" + account + "/seats", "[1,2]").error()).contains("JSON object");
        assertThat(admin.post("/api/accounts/" + account + "/seats", Map.of("email", "no-at-sign")).error())
                .contains("'no-at-sign' is not an email address");
        assertThat(admin.post("/api/accounts/" + account + "/seats", Map.of("email", 42)).error())
                .contains("'email' is required and must be a string");
        assertThat(admin.post("/api/accounts/" + account + "/seats",
                Map.of("email", "x".repeat(70_000) + "@corp.example")).status()).isEqualTo(413);
        assertThat(admin.post("/api/accounts/00000000-0000-0000-0000-000000000000/seats",
                Map.of("email", "jeff@corp.example")).status()).isEqualTo(404);
        assertThat(admin.post("/api/accounts/'%20or%201%20eq%201/seats", Map.of("email", "j@corp.example")).status())
                .isEqualTo(404);
        assertThat(admin.post("/api/accounts/" + otherAccount + "/seats", Map.of("email", "jeff@corp.example"))
                .status()).isEqualTo(403);
        assertThat(admin.get("/api/accounts/" + otherAccount).status()).isEqualTo(403);
        assertThat(new Browser(a.url()).post("/api/accounts/" + account + "/seats",
                Map.of("email", "jeff@corp.example")).status()).isEqualTo(401);
        assertThat(admin.post("/api/accounts", Map.of("name", "X", "seats", 2, "payment", Map.of("type", "gold")))
                .error()).contains("'payment' must be one of");
        assertThat(admin.get("/api/no/such/thing").status()).isEqualTo(404);

        assertThat(admin.get("/api/accounts/" + account).json().toString()).isEqualTo(before);
        assertThat(admin.get("/api/accounts/" + otherAccount).status()).isEqualTo(403);
    }

    private static String createAccount(Browser admin, int seats) {
        Browser.Reply reply = admin.post("/api/accounts", Map.of("name", "Corp", "seats", seats,
                "payment", Browser.CARD));
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(201);
        return reply.json().path("id").asText();
    }
}
