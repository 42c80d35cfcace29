package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.azkit.examples.video.http.RateLimit;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's attacks, replayed against running instances, each refused: a session that outlived its email, a session
 * that outlived its logout, unlimited guessing and load (and login times that told which emails exist), and unsafe
 * defaults (an open outbox, no {@code Secure}, seat links and promo codes without end, formulas in CSV downloads).
 * Then a sweep of every route that needs a session, with no cookie, another user's cookie, an expired cookie and a
 * tampered cookie: each gets 401, 403 or 404 and changes nothing (every entity and blob keeps its ETag).
 */
@AzkitStorageTest
class SecurityIT {

    private static final String VIDEO = "azure-storage-fundamentals-introduction";

    /** A clock the test moves (for session and link expiry). */
    static final class MovableClock extends Clock {
        private final AtomicLong offsetMillis = new AtomicLong();

        void advance(Duration by) {
            offsetMillis.addAndGet(by.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(offsetMillis.get());
        }
    }

    /** A monotonic ticker the test moves (for rate limits and the session re-check). */
    static final class Ticker implements io.github.azkit.storage.Ticker {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        void advance(Duration by) {
            nanos.addAndGet(by.toNanos());
        }

        @Override
        public long read() {
            return nanos.get();
        }
    }

    private static VideoService.Options options(TestStorage storage, String prefix) {
        return GuardedOptions.create().connectionString(storage.connectionString()).prefix(prefix)
                .kdfIterations(1_000);
    }

    /** Options with every limit out of the way, for the attacks that are not about limits. */
    private static VideoService.Options unlimited(TestStorage storage, String prefix) {
        VideoService.Options options = options(storage, prefix);
        for (RateLimit limit : RateLimit.values()) {
            options.rateLimit(limit, 1_000_000, Duration.ofSeconds(1));
        }
        return options;
    }

    @Test
    void aSessionDoesNotOutliveItsEmail(TestStorage storage) {
        try (VideoService service = VideoService.start(unlimited(storage, TestStorage.uniqueName("s")))) {
            String base = service.url();
            // The attacker registers as the victim's address, keeps the cookie, and moves to another address.
            Browser attacker = Browser.registered(base, "victim@corp.example");
            String kept = attacker.session();
            assertThat(attacker.post("/api/me/email", Map.of("email", "attacker@evil.example", "password",
                    Browser.PASSWORD)).status()).isEqualTo(200);
            // The real owner registers the address.
            Browser owner = Browser.registered(base, "victim@corp.example");
            String ownerId = owner.get("/api/me").json().path("userId").asText();

            Browser replay = Browser.withSession(base, kept);
            Browser.Reply me = replay.get("/api/me");
            assertThat(me.status()).as(me.json().toString()).isEqualTo(401);
            assertThat(me.json().path("userId").asText()).isNotEqualTo(ownerId);
            for (String route : List.of("/api/queue", "/api/history", "/api/bookmarks", "/api/library/link")) {
                assertThat(replay.get(route).status()).as(route).isEqualTo(401);
            }
            assertThat(owner.get("/api/me").json().path("userId").asText()).isEqualTo(ownerId);
            assertThat(attacker.get("/api/me").json().path("email").asText()).isEqualTo("attacker@evil.example");
        }
    }

    @Test
    void logoutSignOutEverywhereAndAPasswordChangeEndEarlierSessions(TestStorage storage) {
        try (VideoService service = VideoService.start(unlimited(storage, TestStorage.uniqueName("s")))) {
            String base = service.url();
            Browser alice = Browser.registered(base, "alice@corp.example");
            String kept = alice.session();
            assertThat(alice.post("/api/logout", Map.of()).status()).isEqualTo(204);
            Browser replay = Browser.withSession(base, kept);
            for (String route : List.of("/api/me", "/api/queue", "/api/history", "/api/continue", "/api/bookmarks")) {
                assertThat(replay.get(route).status()).as("after logout: " + route).isEqualTo(401);
            }
            assertThat(replay.post("/api/queue", Map.of("videoId", VIDEO)).status()).isEqualTo(401);

            // Two devices; one signs out everywhere and stays signed in, the other is out.
            Browser laptop = signIn(base, "alice@corp.example", Browser.PASSWORD);
            Browser phone = signIn(base, "alice@corp.example", Browser.PASSWORD);
            assertThat(laptop.post("/api/me/sign-out-everywhere", Map.of()).status()).isEqualTo(200);
            assertThat(phone.get("/api/me").status()).isEqualTo(401);
            assertThat(phone.get("/api/queue").status()).isEqualTo(401);
            assertThat(laptop.get("/api/me").status()).isEqualTo(200);

            // A password change ends the other sessions, keeps this one, and the old password stops working.
            Browser tablet = signIn(base, "alice@corp.example", Browser.PASSWORD);
            assertThat(laptop.post("/api/me/password", Map.of("password", Browser.PASSWORD, "newPassword",
                    "a new passphrase")).status()).isEqualTo(200);
            assertThat(tablet.get("/api/me").status()).isEqualTo(401);
            assertThat(laptop.get("/api/me").status()).isEqualTo(200);
            assertThat(new Browser(base).post("/api/login", Map.of("email", "alice@corp.example", "password",
                    Browser.PASSWORD)).status()).isEqualTo(401);
            signIn(base, "alice@corp.example", "a new passphrase");
        }
    }

    @Test
    void aSessionEndedOnOneInstanceIsRefusedOnAnotherWithinTheStatedRecheck(TestStorage storage) {
        String prefix = TestStorage.uniqueName("s");
        Ticker tickerB = new Ticker();
        try (VideoService a = VideoService.start(unlimited(storage, prefix));
                VideoService b = VideoService.start(unlimited(storage, prefix).ticker(tickerB))) {
            Browser alice = Browser.registered(a.url(), "alice@corp.example");
            String kept = alice.session();
            Browser onB = Browser.withSession(b.url(), kept);
            assertThat(onB.get("/api/queue").status()).isEqualTo(200); // B reads alice's epoch once

            assertThat(alice.post("/api/logout", Map.of()).status()).isEqualTo(204); // on A
            // Routes that read the user refuse at once on every instance.
            Browser other = Browser.withSession(b.url(), kept);
            // The user-id-only routes on B trust the epoch B read for at most sessionRecheck (30 s)...
            assertThat(other.get("/api/history").status()).as("within the 30 s re-check").isEqualTo(200);
            tickerB.advance(Duration.ofSeconds(30));
            // ...and then read it again.
            assertThat(other.get("/api/history").status()).as("after the re-check").isEqualTo(401);
            assertThat(other.get("/api/me").status()).isEqualTo(401);
        }
    }

    @Test
    void theDashboardStillCostsSixStorageTransactionsAView(TestStorage storage) {
        String prefix = TestStorage.uniqueName("s");
        TransactionCounter counter = new TransactionCounter();
        try (VideoService service = VideoService.start(unlimited(storage, prefix).counter(counter))) {
            String base = service.url();
            Browser admin = Browser.registered(base, "admin@corp.example");
            Browser bob = Browser.registered(base, "bob@corp.example");
            String account = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 2, "payment",
                    Browser.CARD)).json().path("id").asText();
            Browser.grantAndAccept(admin, bob, account, "bob@corp.example");
            bob.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 10));
            service.logs().flush();
            for (int view = 0; view < 2; view++) {
                TransactionCounts before = counter.snapshot();
                for (String route : List.of("/api/me", "/api/queue", "/api/history", "/api/continue",
                        "/api/bookmarks")) {
                    assertThat(bob.get(route).status()).as(route).isEqualTo(200);
                }
                assertThat(counter.snapshot().minus(before).total()).as("one dashboard view").isEqualTo(6);
            }
        }
    }

    @Test
    void guessingAndLoadAreLimitedPerAddressAndPerEmailOnEachInstance(TestStorage storage) {
        String prefix = TestStorage.uniqueName("s");
        Ticker ticker = new Ticker();
        try (VideoService a = VideoService.start(options(storage, prefix).ticker(ticker));
                VideoService b = VideoService.start(options(storage, prefix).ticker(ticker))) {
            Browser.registered(a.url(), "victim@corp.example");
            Browser guesser = new Browser(a.url());
            // Per address: 10 attempts that run the password hash, then 429 with Retry-After and a sentence.
            int allowed = 1; // the registration above
            Browser.Reply reply;
            while ((reply = guesser.post("/api/login", Map.of("email", "victim@corp.example", "password",
                    "guess " + allowed))).status() == 401 && allowed < 100) { // bounded: fails, not hangs, unlimited
                allowed++;
            }
            assertThat(allowed).as("attempts from one address on one instance")
                    .isEqualTo(RateLimit.PASSWORD_PER_ADDRESS.defaultRequests());
            assertThat(reply.status()).isEqualTo(429);
            assertThat(reply.headers().firstValue("Retry-After")).hasValue("6");
            assertThat(reply.error()).isEqualTo("Too many sign-in attempts from your address. Please wait 6 seconds"
                    + " and try again.");
            // Each instance counts alone: N instances allow N times the limit, and no more.
            int onB = 0;
            while (guesser.at(b.url()).post("/api/login", Map.of("email", "victim@corp.example", "password",
                    "guess")).status() == 401 && onB < 100) {
                onB++;
            }
            assertThat(allowed + onB).as("2 instances").isEqualTo(2 * RateLimit.PASSWORD_PER_ADDRESS.defaultRequests());
            assertThat(guesser.at(a.url()).post("/api/login", Map.of("email", "x@corp.example", "password",
                    "guess")).status()).isEqualTo(429);
            // A token comes back every minute / 10.
            ticker.advance(Duration.ofSeconds(6));
            assertThat(guesser.post("/api/login", Map.of("email", "x@corp.example", "password", "guess"))
                    .status()).isEqualTo(401);
            assertThat(guesser.post("/api/login", Map.of("email", "x@corp.example", "password", "guess"))
                    .status()).isEqualTo(429);
        }
        // Per email, whatever the address; another email is not affected.
        try (VideoService c = VideoService.start(options(storage, TestStorage.uniqueName("s")).ticker(ticker)
                .rateLimit(RateLimit.PASSWORD_PER_ADDRESS, 1_000, Duration.ofMinutes(1)))) {
            Browser.registered(c.url(), "victim@corp.example");
            Browser.registered(c.url(), "other@corp.example");
            Browser guesser = new Browser(c.url());
            int allowed = 1;
            while (guesser.post("/api/login", Map.of("email", "Victim@Corp.example", "password", "guess"))
                    .status() == 401 && allowed < 100) {
                allowed++;
            }
            assertThat(allowed).isEqualTo(RateLimit.PASSWORD_PER_EMAIL.defaultRequests());
            Browser.Reply limited = guesser.post("/api/login", Map.of("email", "victim@corp.example", "password",
                    Browser.PASSWORD));
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.error()).startsWith("Too many sign-in attempts for this email.");
            assertThat(guesser.post("/api/login", Map.of("email", "other@corp.example", "password",
                    Browser.PASSWORD)).status()).isEqualTo(200);

            // Promo codes: 5 per address per 10 minutes.
            int promoTries = 0;
            while (new Browser(c.url()).post("/api/register", Map.of("email", "p" + promoTries + "@corp.example",
                    "name", "P", "password", Browser.PASSWORD, "promoCode", "GUESS" + promoTries)).status() == 400
                    && promoTries < 100) {
                promoTries++;
            }
            assertThat(promoTries).isEqualTo(RateLimit.PROMO_CODE_PER_ADDRESS.defaultRequests());

            // Seat links: 20 per address per minute (a forged token is refused, and counted).
            int seatTries = 0;
            while (guesser.post("/api/seats/accept", Map.of("token", "forged" + seatTries)).status() == 400
                    && seatTries < 100) {
                seatTries++;
            }
            assertThat(seatTries).isEqualTo(RateLimit.SEAT_ACCEPT_PER_ADDRESS.defaultRequests());

            // Every other request without a session: 120 per address per minute.
            int unsigned = 0;
            Browser anonymous = new Browser(c.url());
            while (anonymous.get("/api/pricing").status() == 200 && unsigned < 500) {
                unsigned++;
            }
            assertThat(unsigned).isBetween(RateLimit.UNSIGNED_PER_ADDRESS.defaultRequests() - 60,
                    RateLimit.UNSIGNED_PER_ADDRESS.defaultRequests()); // the unsigned requests above count too
            assertThat(anonymous.get("/api/library").status()).isEqualTo(429);
        }
    }

    @Test
    void loginTakesAsLongForAnUnknownEmailAsForAWrongPassword(TestStorage storage) {
        // 200,000 iterations: about 100 ms a hash here, against a few ms for a table read alone.
        try (VideoService service = VideoService.start(unlimited(storage, TestStorage.uniqueName("s"))
                .kdfIterations(200_000))) {
            Browser.registered(service.url(), "known@corp.example");
            Browser client = new Browser(service.url());
            List<Long> known = new ArrayList<>();
            List<Long> unknown = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                known.add(timeLogin(client, "known@corp.example"));
                unknown.add(timeLogin(client, "nobody" + i + "@corp.example"));
            }
            // Medians, and a wide margin: without the decoy hash the unknown email answers 20 times faster.
            assertThat((double) median(unknown)).as("unknown %s vs known %s (ns)", unknown, known)
                    .isGreaterThan(0.4 * median(known));
        }
    }

    private static long timeLogin(Browser client, String email) {
        long start = System.nanoTime();
        assertThat(client.post("/api/login", Map.of("email", email, "password", "wrong password")).status())
                .isEqualTo(401);
        return System.nanoTime() - start;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    @Test
    void theOutboxIsOffByDefaultAndOtherwiseOnlyForTheAddresseeAndSiteAdmins(TestStorage storage) {
        String prefix = TestStorage.uniqueName("s");
        try (VideoService production = VideoService.start(new VideoService.Options()
                .connectionString(storage.connectionString()).prefix(prefix).kdfIterations(1_000))) {
            Browser jeff = Browser.registered(production.url(), "jeff@corp.example");
            assertThat(new Browser(production.url()).get("/api/outbox?to=jeff@corp.example").status())
                    .isEqualTo(404);
            assertThat(jeff.get("/api/outbox?to=jeff@corp.example").status()).isEqualTo(404);
        }
        try (VideoService demo = VideoService.start(unlimited(storage, prefix))) {
            String base = demo.url();
            Browser admin = Browser.registered(base, "admin@corp.example");
            Browser jeff = signIn(base, "jeff@corp.example", Browser.PASSWORD);
            Browser mallory = Browser.registered(base, "mallory@evil.example");
            String account = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 2, "payment",
                    Browser.CARD)).json().path("id").asText();
            admin.post("/api/accounts/" + account + "/seats", Map.of("email", "jeff@corp.example"));
            assertThat(new Browser(base).get("/api/outbox?to=jeff@corp.example").status()).isEqualTo(401);
            assertThat(mallory.get("/api/outbox?to=jeff@corp.example").status()).isEqualTo(403);
            assertThat(jeff.outbox("jeff@corp.example")).hasSize(1);
            demo.directory().updateUser("admin@corp.example", u -> java.util.Optional.of(
                    new io.github.azkit.examples.video.accounts.User(u.email(), u.userId(), u.name(),
                            u.passwordHash(), u.adminOf(), u.granteeOf(), true)));
            assertThat(admin.outbox("jeff@corp.example")).hasSize(1);
        }
    }

    @Test
    void theSessionCookieIsSecureOverHttps(TestStorage storage) throws Exception {
        try (VideoService service = VideoService.start(unlimited(storage, TestStorage.uniqueName("s")))) {
            Browser.registered(service.url(), "alice@corp.example");
            HttpClient http = HttpClient.newHttpClient();
            String login = Json.write(Map.of("email", "alice@corp.example", "password", Browser.PASSWORD));
            HttpResponse<String> overHttps = http.send(HttpRequest.newBuilder(URI.create(service.url()
                    + "/api/login")).header("Content-Type", "application/json").header("X-Forwarded-Proto", "https")
                    .POST(HttpRequest.BodyPublishers.ofString(login)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(overHttps.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
                    .contains("Secure").contains("HttpOnly").contains("SameSite=Strict"));
            HttpResponse<String> overHttp = http.send(HttpRequest.newBuilder(URI.create(service.url()
                    + "/api/login")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(login)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(overHttp.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
                    .doesNotContain("Secure"));
        }
    }

    @Test
    void seatLinksExpireAfterFourteenDaysAndAResendRenewsThem(TestStorage storage) {
        MovableClock clock = new MovableClock();
        try (VideoService service = VideoService.start(unlimited(storage, TestStorage.uniqueName("s"))
                .clock(clock))) {
            String base = service.url();
            Browser admin = Browser.registered(base, "admin@corp.example");
            String account = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 2, "payment",
                    Browser.CARD)).json().path("id").asText();
            admin.post("/api/accounts/" + account + "/seats", Map.of("email", "jeff@corp.example"));
            Browser jeff = Browser.registered(base, "jeff@corp.example");
            String oldToken = jeff.lastSeatToken("jeff@corp.example");

            clock.advance(Duration.ofDays(14).plusMinutes(1));
            admin = signIn(base, "admin@corp.example", Browser.PASSWORD); // 12-hour sessions ended meanwhile
            jeff = signIn(base, "jeff@corp.example", Browser.PASSWORD);
            Browser.Reply expired = jeff.post("/api/seats/accept", Map.of("token", oldToken));
            assertThat(expired.status()).isEqualTo(410);
            assertThat(expired.json().path("result").asText()).isEqualTo("EXPIRED");
            assertThat(jeff.get("/api/me").json().path("canWatch").asBoolean()).isFalse();

            assertThat(admin.post("/api/accounts/" + account + "/seats/jeff@corp.example/resend", Map.of())
                    .status()).isEqualTo(204);
            assertThat(jeff.post("/api/seats/accept", Map.of("token", jeff.lastSeatToken("jeff@corp.example")))
                    .json().path("result").asText()).isEqualTo("ACCEPTED");
        }
    }

    @Test
    void aPromoCodesUseLimitHoldsExactlyUnderConcurrentRedemption(TestStorage storage) throws Exception {
        try (VideoService service = VideoService.start(unlimited(storage, TestStorage.uniqueName("s")))) {
            String base = service.url();
            Browser site = Browser.registered(base, "site@corp.example");
            service.directory().updateUser("site@corp.example", u -> java.util.Optional.of(
                    new io.github.azkit.examples.video.accounts.User(u.email(), u.userId(), u.name(),
                            u.passwordHash(), u.adminOf(), u.granteeOf(), true)));
            assertThat(site.post("/api/admin/promo-codes", Map.of("code", "FIRST3", "freeDays", 30, "expires",
                    "2099-12-31", "maxUses", 3)).status()).isEqualTo(201);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Browser.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String email = "fan" + i + "@corp.example";
                replies.add(pool.submit(() -> new Browser(base).post("/api/register", Map.of("email", email, "name",
                        "Fan", "password", Browser.PASSWORD, "promoCode", "first3"))));
            }
            int promoted = 0;
            for (Future<Browser.Reply> reply : replies) {
                Browser.Reply r = reply.get();
                if (r.status() == 201 && !r.json().path("payingAccount").isNull()) {
                    promoted++;
                } else {
                    // 400: used up when checked; 409: the last use went to another registration meanwhile; 503:
                    // storage conflicts outlasted the retries (safe to repeat)
                    assertThat(r.status()).as(r.json().toString()).isIn(400, 409, 503);
                }
            }
            pool.shutdown();
            assertThat(promoted).as("accounts paid by the promotion").isEqualTo(3);
            JsonNode codes = site.get("/api/admin/promo-codes").json();
            assertThat(codes.get(0).path("uses").asInt()).isEqualTo(3);
            long promotionAccounts = service.directory().accounts(1000, null).accounts().stream()
                    .filter(a -> a.payment() instanceof io.github.azkit.examples.video.accounts.Payment.Promotion)
                    .count();
            assertThat(promotionAccounts).isEqualTo(3);
        }
    }

    @Test
    void csvDownloadsNeutraliseFormulas(TestStorage storage) throws Exception {
        try (VideoService service = VideoService.start(unlimited(storage, TestStorage.uniqueName("s")))) {
            String base = service.url();
            Browser admin = Browser.registered(base, "admin@corp.example");
            String email = "=1+2@corp.example";
            Browser formula = Browser.registered(base, email);
            String account = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 2, "payment",
                    Browser.CARD)).json().path("id").asText();
            Browser.grantAndAccept(admin, formula, account, email);
            assertThat(formula.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 10)).status())
                    .isEqualTo(200);
            String url = admin.get("/api/accounts/" + account + "/transcript").json().path("url").asText();
            String csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(csv).contains(",'=1+2@corp.example,").doesNotContain(",=1+2@corp.example,");
            // The service's own reading of the transcript gets the email back as it is.
            assertThat(admin.get("/api/accounts/" + account + "/usage?months=1").json().toString())
                    .contains("\"=1+2@corp.example\"");
        }
    }

    @Test
    void everyRouteRefusesMissingForeignExpiredAndTamperedSessionsAndChangesNothing(TestStorage storage) {
        String prefix = TestStorage.uniqueName("s");
        try (VideoService service = VideoService.start(unlimited(storage, prefix))) {
            String base = service.url();
            Browser alice = Browser.registered(base, "alice@corp.example");
            Browser bob = Browser.registered(base, "bob@corp.example");
            Browser mallory = Browser.registered(base, "mallory@evil.example");
            String account = alice.post("/api/accounts", Map.of("name", "Corp", "seats", 3, "payment",
                    Browser.CARD)).json().path("id").asText();
            Browser.grantAndAccept(alice, bob, account, "bob@corp.example");
            alice.post("/api/accounts/" + account + "/seats", Map.of("email", "carol@corp.example"));
            Browser carol = Browser.registered(base, "carol@corp.example");
            String carolsToken = carol.lastSeatToken("carol@corp.example");
            bob.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 10));
            bob.post("/api/bookmarks/" + VIDEO, Map.of("offset", 10, "note", "n"));
            bob.post("/api/queue", Map.of("videoId", VIDEO));
            service.logs().flush();

            // Bob's session, expired (signed with the service's own secret), and tampered (Alice's id, Bob's MAC).
            io.github.azkit.examples.video.Signer signer = io.github.azkit.examples.video.Signer.shared(
                    storage.blobServiceClient().getBlobContainerClient(prefix + "config")
                            .getBlobClient("signing-secret"));
            String bobsCookie = bob.session();
            String payload = signer.verify(bobsCookie).orElseThrow();
            String[] parts = payload.split("\\|", 5);
            String expired = signer.sign(parts[0] + "|" + parts[1] + "|" + parts[2] + "|"
                    + (Instant.now().getEpochSecond() - 1) + "|" + parts[4]);
            String aliceId = alice.get("/api/me").json().path("userId").asText();
            String tamperedPayload = payload.replace(parts[1], aliceId).replace("bob@corp.example",
                    "alice@corp.example");
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    tamperedPayload.getBytes(StandardCharsets.UTF_8)) + bobsCookie.substring(bobsCookie.indexOf('.'));

            // Every route that needs a session. Routes that act on the caller's own rows (queue, history,
            // bookmarks, stop, me, logout, password) are swept with no, expired and tampered cookies; a foreign
            // cookie there acts on its owner's own rows, as it should. Public routes (register, login, pricing,
            // the library) need no session and are covered by the limits.
            String a = "/api/accounts/" + account;
            Map<String, Object> card = Map.of("payment", Browser.CARD);
            List<Object[]> own = List.of(
                    new Object[] {"GET", "/api/me", null}, new Object[] {"POST", "/api/logout", Map.of()},
                    new Object[] {"POST", "/api/me/sign-out-everywhere", Map.of()},
                    new Object[] {"POST", "/api/me/password", Map.of("password", Browser.PASSWORD, "newPassword",
                            "another passphrase")},
                    new Object[] {"POST", "/api/me/email", Map.of("email", "new@corp.example", "password",
                            Browser.PASSWORD)},
                    new Object[] {"GET", "/api/library/link", null},
                    new Object[] {"POST", "/api/accounts", Map.of("name", "X", "seats", 1, "payment", Browser.CARD)},
                    new Object[] {"POST", "/api/watch/" + VIDEO + "/stop", Map.of("offset", 20)},
                    new Object[] {"GET", "/api/history", null}, new Object[] {"GET", "/api/continue", null},
                    new Object[] {"GET", "/api/bookmarks", null}, new Object[] {"GET", "/api/bookmarks/" + VIDEO, null},
                    new Object[] {"POST", "/api/bookmarks/" + VIDEO, Map.of("offset", 30, "note", "x")},
                    new Object[] {"DELETE", "/api/bookmarks/" + VIDEO + "/0?offset=10", null},
                    new Object[] {"GET", "/api/queue", null},
                    new Object[] {"POST", "/api/queue", Map.of("videoId", "modern-cpp-introduction")},
                    new Object[] {"PUT", "/api/queue", Map.of("order", List.of(VIDEO))},
                    new Object[] {"DELETE", "/api/queue/" + VIDEO, null});
            List<Object[]> others = List.of(
                    new Object[] {"POST", "/api/watch/" + VIDEO + "/progress", Map.of("offset", 400)},
                    new Object[] {"GET", a, null},
                    new Object[] {"POST", a + "/seats", Map.of("email", "m@evil.example")},
                    new Object[] {"DELETE", a + "/seats/bob@corp.example", null},
                    new Object[] {"POST", a + "/seats/bob@corp.example/resend", Map.of()},
                    new Object[] {"POST", "/api/seats/accept", Map.of("token", carolsToken)},
                    new Object[] {"GET", a + "/usage", null}, new Object[] {"GET", a + "/transcript", null},
                    new Object[] {"GET", a + "/log", null}, new Object[] {"PUT", a + "/payment", card},
                    new Object[] {"GET", "/api/admin/promo-codes", null},
                    new Object[] {"POST", "/api/admin/promo-codes", Map.of("code", "FREE", "freeDays", 30,
                            "expires", "2099-01-01")},
                    new Object[] {"GET", "/api/admin/accounts", null},
                    new Object[] {"POST", "/api/admin/accounts/" + account + "/bill", Map.of()},
                    new Object[] {"GET", "/api/admin/royalties/2026-Q1", null},
                    new Object[] {"GET", "/api/outbox?to=bob@corp.example", null});

            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (service.royaltyPeriodsRun().isEmpty() && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            }
            Map<String, String> before = BadInputIT.snapshot(storage, prefix);
            int calls = 0;
            Map<String, Browser> who = new java.util.LinkedHashMap<>();
            who.put("no cookie", new Browser(base));
            who.put("expired cookie", Browser.withSession(base, expired));
            who.put("tampered cookie", Browser.withSession(base, tampered));
            for (Map.Entry<String, Browser> caller : who.entrySet()) {
                List<Object[]> routes = new ArrayList<>(own);
                routes.addAll(others);
                for (Object[] route : routes) {
                    expectRefused(caller.getKey(), caller.getValue(), route);
                    calls++;
                }
            }
            for (Object[] route : others) {
                expectRefused("another user's cookie", mallory, route);
                calls++;
            }
            service.logs().flush();
            assertThat(BadInputIT.snapshot(storage, prefix)).as("every entity and blob, with its ETag")
                    .isEqualTo(before);
            assertThat(calls).isGreaterThan(100);
            // The real sessions still work.
            assertThat(bob.get("/api/queue").json()).hasSize(1);
            assertThat(alice.get(a).status()).isEqualTo(200);
        }
    }

    private static void expectRefused(String caller, Browser browser, Object[] route) {
        String method = (String) route[0];
        String path = (String) route[1];
        Browser.Reply reply = switch (method) {
            case "POST" -> browser.post(path, route[2]);
            case "PUT" -> browser.put(path, route[2]);
            case "DELETE" -> browser.delete(path);
            default -> browser.get(path);
        };
        assertThat(reply.status()).as(caller + ": " + method + " " + path + " -> " + reply.json()).isIn(401, 403, 404);
        assertThat(reply.error()).as(caller + ": " + method + " " + path).isNotBlank();
    }

    private static Browser signIn(String base, String email, String password) {
        Browser browser = new Browser(base);
        Browser.Reply reply = browser.post("/api/login", Map.of("email", email, "password", password));
        assertThat(reply.status()).as(email + " " + reply.json()).isEqualTo(200);
        return browser;
    }
}
