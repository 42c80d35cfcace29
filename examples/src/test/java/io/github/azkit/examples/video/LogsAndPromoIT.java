package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.azkit.examples.video.accounts.User;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transcripts behind SAS links, promo codes, and the account administration log. */
@AzkitStorageTest
class LogsAndPromoIT {

    private static final String VIDEO = "azure-storage-fundamentals-introduction";
    private final HttpClient plain = HttpClient.newHttpClient();
    private VideoService service;
    private TestStorage storage;
    /** "This month" for the service and the tests: no month's end in the next 5 minutes. */
    private Clock clock;
    private String prefix;

    @BeforeEach
    void start(TestStorage storage) {
        this.storage = storage;
        prefix = TestStorage.uniqueName("l");
        clock = MonthSafeClock.of(Duration.ofMinutes(5));
        service = VideoService.start(GuardedOptions.create().connectionString(storage.connectionString())
                .prefix(prefix).kdfIterations(1_000).clock(clock));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void theTranscriptLinkDownloadsTheCsvWithoutTheServiceAndCanNeitherListNorWrite() throws Exception {
        Browser admin = register(service, "admin@example.org", null);
        String account = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 2,
                "payment", Browser.CARD)).json().path("id").asText();
        Browser student = register(service, "student@example.org", null);
        Browser.grantAndAccept(admin, student, account, "student@example.org");
        student.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 10));
        student.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 400));

        String url = admin.get("/api/accounts/" + account + "/transcript").json().path("url").asText();
        assertThat(student.get("/api/accounts/" + account + "/transcript").status()).isEqualTo(403);
        service.close(); // the link needs no service

        HttpResponse<String> csv = plain.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("time,email,video,minutes,country");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).endsWith(",student@example.org," + VIDEO + ",3,US"); // 127.0.0.1 maps to US

        String sas = url.substring(url.indexOf('?') + 1);
        URI parsed = URI.create(url);
        String[] segments = parsed.getRawPath().split("/"); // "", account, container, blob name
        String containerUrl = parsed.getScheme() + "://" + parsed.getRawAuthority() + "/" + segments[1] + "/"
                + segments[2];
        HttpResponse<String> list = plain.send(HttpRequest.newBuilder(
                URI.create(containerUrl + "?restype=container&comp=list&" + sas)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).as("listing with the link").isEqualTo(403);
        HttpResponse<String> write = plain.send(HttpRequest.newBuilder(URI.create(url))
                .header("x-ms-blob-type", "BlockBlob")
                .PUT(HttpRequest.BodyPublishers.ofString("forged")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(write.statusCode()).as("writing with the link").isEqualTo(403);
        HttpResponse<String> other = plain.send(HttpRequest.newBuilder(
                URI.create(containerUrl + "/registrations.log?" + sas)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).as("another blob with the link").isEqualTo(403);
        service = VideoService.start(GuardedOptions.create().connectionString(storage.connectionString())
                .prefix(prefix).kdfIterations(1_000));
    }

    @Test
    void theAccountPageGetsMinutesPerMemberPerMonthFromTheTranscripts() {
        Browser admin = register(service, "admin@example.org", null);
        String account = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 3,
                "payment", Browser.CARD)).json().path("id").asText();
        Browser ann = register(service, "ann@example.org", null);
        Browser bob = register(service, "bob@example.org", null);
        Browser.grantAndAccept(admin, ann, account, "ann@example.org");
        Browser.grantAndAccept(admin, bob, account, "bob@example.org");
        for (int offset : new int[] {0, 200, 400}) {
            ann.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", offset));
        }
        bob.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 10));
        bob.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 20)); // same chunk: not counted again

        JsonNode usage = admin.get("/api/accounts/" + account + "/usage?months=3").json();
        List<String> months = new ArrayList<>();
        usage.fieldNames().forEachRemaining(months::add);
        java.time.YearMonth now = java.time.YearMonth.now(clock);
        assertThat(months).containsExactly(now.minusMonths(2).toString(), now.minusMonths(1).toString(),
                now.toString());
        assertThat(usage.path(now.toString()).path("ann@example.org").asLong()).isEqualTo(9);
        assertThat(usage.path(now.toString()).path("bob@example.org").asLong()).isEqualTo(3);
        assertThat(usage.path(now.minusMonths(1).toString()).size()).isZero();

        for (String bad : new String[] {"0", "25", "six"}) {
            Browser.Reply reply = admin.get("/api/accounts/" + account + "/usage?months=" + bad);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("'months' must be a whole number from 1 to 24.");
        }
        assertThat(ann.get("/api/accounts/" + account + "/usage").status()).isEqualTo(403);
    }

    @Test
    void anExpiredTranscriptLinkStopsWorking() throws Exception {
        // An instance whose transcript links live one second. The expiry is signed into the link and checked by the
        // storage on its own clock, which the test does not control, so the test waits (30 s at most) for the refusal.
        try (VideoService shortLived = VideoService.start(GuardedOptions.create()
                .connectionString(storage.connectionString()).prefix(prefix).kdfIterations(1_000).clock(clock)
                .transcriptLinkLifetime(Duration.ofSeconds(1)))) {
            Browser admin = register(shortLived, "admin@example.org", null);
            String account = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 2,
                    "payment", Browser.CARD)).json().path("id").asText();
            Browser.grantAndAccept(admin, admin, account, "admin@example.org");
            admin.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 10));
            String expiring = admin.get("/api/accounts/" + account + "/transcript").json().path("url").asText();
            String fresh = admin.at(service.url()).get("/api/accounts/" + account + "/transcript").json().path("url")
                    .asText();

            assertThat(status(fresh)).isEqualTo(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int status = status(expiring);
            while (status == 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = status(expiring);
            }
            assertThat(status).isEqualTo(403);
            assertThat(status(fresh)).isEqualTo(200);
        }
    }

    private int status(String url) throws Exception {
        return plain.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void registeringWithAPromoCodeGivesFreeTimeAndIsLogged() {
        Browser site = register(service, "site@example.org", null);
        service.directory().updateUser("site@example.org", u -> Optional.of(new User(u.email(), u.userId(),
                u.name(), u.passwordHash(), u.adminOf(), u.granteeOf(), true)));
        assertThat(site.post("/api/admin/promo-codes", Map.of("code", "Ignite2016", "freeDays", 30,
                "expires", "2099-12-31")).status()).isEqualTo(201);
        Browser student = register(service, "student@example.org", null);
        assertThat(student.post("/api/admin/promo-codes", Map.of("code", "FREEBIE", "freeDays", 30,
                "expires", "2099-12-31")).status()).as("only site admins create codes").isEqualTo(403);

        Browser promo = register(service, "promo@example.org", "ignite2016");
        JsonNode me = promo.get("/api/me").json();
        assertThat(me.path("canWatch").asBoolean()).isTrue();
        assertThat(promo.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 5)).status()).isEqualTo(200);

        Browser.Reply bad = new Browser(service.url()).post("/api/register", Map.of("email", "late@example.org",
                "name", "Late", "password", "correct horse", "promoCode", "NOPE123"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).contains("'NOPE123' is unknown or has expired");
        assertThat(service.directory().user("late@example.org")).as("nothing created").isEmpty();

        service.logs().flush();
        List<String> uses = new ArrayList<>();
        storage.blobServiceClient().getBlobContainerClient(prefix + "logs").listBlobs().forEach(b -> uses.add(b.getName()));
        assertThat(uses).contains("promo-codes.log", "registrations.log");
        assertThat(storage.blobServiceClient().getBlobContainerClient(prefix + "logs").getBlobClient("promo-codes.log")
                .downloadContent().toString()).contains("IGNITE2016,promo@example.org");
    }

    @Test
    void seatChangesAreInTheAccountsAdministrationLog() {
        Browser admin = register(service, "admin@example.org", null);
        String account = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 2,
                "payment", Browser.CARD)).json().path("id").asText();
        admin.post("/api/accounts/" + account + "/seats", Map.of("email", "jeff@example.org"));
        admin.delete("/api/accounts/" + account + "/seats/jeff@example.org");
        admin.post("/api/accounts/" + account + "/seats", Map.of("email", "fred@example.org"));

        JsonNode log = admin.get("/api/accounts/" + account + "/log").json();
        List<String> entries = new ArrayList<>();
        log.forEach(e -> entries.add(e.asText()));
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0)).endsWith(",admin@example.org,grant,jeff@example.org");
        assertThat(entries.get(1)).endsWith(",admin@example.org,revoke,jeff@example.org");
        assertThat(entries.get(2)).endsWith(",admin@example.org,grant,fred@example.org");
    }

    @Test
    void aFailureToLogNeverFailsTheRequestThatLogged() {
        // Regression: a log built inside a request once turned a logging misconfiguration into HTTP 500
        storage.blobServiceClient().getBlobContainerClient(prefix + "logs").delete();

        Browser admin = register(service, "admin@example.org", null);
        String account = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 2,
                "payment", Browser.CARD)).json().path("id").asText();
        assertThat(admin.post("/api/accounts/" + account + "/seats", Map.of("email", "jeff@example.org")).status())
                .isEqualTo(200);
        service.logs().flush();
    }

    private static Browser register(VideoService service, String email, String promoCode) {
        Browser browser = new Browser(service.url());
        if (promoCode == null) {
            return Browser.registered(service.url(), email);
        }
        Map<String, Object> body = Map.of("email", email, "name", "N", "password", Browser.PASSWORD,
                "promoCode", promoCode);
        Browser.Reply reply = browser.post("/api/register", body);
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(201);
        return browser;
    }

}
