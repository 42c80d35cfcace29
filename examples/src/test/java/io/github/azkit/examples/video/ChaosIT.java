package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.User;
import io.github.azkit.examples.video.billing.SimulatedGateway;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.examples.video.library.VideoLibrary;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.AzureLimitsGuard;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The reference service with 20% of all its storage requests faulted (lost responses, timeouts, failures before
 * sending, 503/500/429, latency; seeded), its SDK retries cut to 2 tries so that failures reach the handlers. Each
 * person repeats a request that answered 503 until it succeeds, as the sentence tells them to. Afterwards: every
 * failure was a 503 with one of the service's two sentences, never a 500; video statistics equal the chunks stored,
 * each credited once; no account is charged twice for a month; no seat is granted twice; every promo registration
 * has exactly one personal account.
 */
@AzkitStorageTest
class ChaosIT {

    private static final long SEED = 20261202L;
    private static final String PROMO = "CHAOS2026";
    private static final List<String> SENTENCES = List.of(
            "Storage is not answering right now, so this was not done. Please try again in a few seconds: repeating"
                    + " it is safe, nothing is done twice.",
            "Storage did not confirm this change: it may or may not have been made. Reload the page to see whether"
                    + " it was, and repeat it only if it was not.");

    /** 20% of requests faulted in all, spread over each kind of fault; half of VideoStats reads fail unsent. */
    static FaultInjector faults(long seed, double rate, String statsTable) {
        return FaultInjector.builder().seed(seed)
                // Reads of VideoStats fail more often, so that credits fail between a ping's two writes.
                .rule(FaultRule.failBeforeSending().on(Operation.READ).named(statsTable).withProbability(0.5))
                .rule(FaultRule.loseResponse().withProbability(rate * 0.30))
                .rule(FaultRule.timeout().withProbability(rate * 0.20))
                .rule(FaultRule.failBeforeSending().withProbability(rate * 0.15))
                .rule(FaultRule.status(503).withProbability(rate * 0.125))
                .rule(FaultRule.status(500).withProbability(rate * 0.10))
                .rule(FaultRule.status(429).withProbability(rate * 0.025))
                .rule(FaultRule.latency(Duration.ofMillis(5)).withProbability(rate * 0.10))
                .build();
    }

    private final List<String> wrongAnswers = new ArrayList<>();
    private int failures;
    private int unknown;
    private int unknownPings;

    /** Sends a request until it answers 2xx (or {@code accepted}), as a person repeats after a 503. */
    private Browser.Reply untilDone(String what, Supplier<Browser.Reply> request, int... accepted) {
        for (int attempt = 1; attempt <= 30; attempt++) {
            Browser.Reply reply = request.get();
            if (reply.status() / 100 == 2 || java.util.Arrays.stream(accepted).anyMatch(s -> s == reply.status())) {
                return reply;
            }
            check(what, reply);
        }
        throw new AssertionError(what + " did not succeed in 30 attempts; wrong answers: " + wrongAnswers);
    }

    @Test
    void underTwentyPercentFaultsEveryCounterChargeAndSeatIsExact(TestStorage storage) {
        String prefix = TestStorage.uniqueName("chaos");
        FaultInjector faults = faults(SEED, 0.20, prefix + "VideoStats");
        faults.enabled(false);
        // While billing: half the reads of an account fail, so that billings fail between the charge and its record.
        FaultInjector billingFaults = FaultInjector.builder().seed(SEED + 1)
                .rule(FaultRule.failBeforeSending().on(Operation.READ).named(prefix + "Accounts").withProbability(0.5))
                .build();
        billingFaults.enabled(false);
        // "This month" from a clock the test controls, shared with the service and the gateway: no month's end
        // falls within the run, so a charge and the month the test expects cannot disagree.
        Clock clock = MonthSafeClock.of(Duration.ofMinutes(10));
        SimulatedGateway gateway = new SimulatedGateway(clock);
        try (VideoService service = VideoService.start(GuardedOptions.withoutRateLimits(new VideoService.Options())
                .connectionString(storage.connectionString()).prefix(prefix).kdfIterations(1_000).gateway(gateway)
                .clock(clock)
                .storagePolicies(new AzureLimitsGuard(), faults, billingFaults)
                .storageRetries(2, Duration.ofMillis(5)))) {
            String base = service.url();
            // Set-up without faults: a site admin and the promo code.
            Browser site = Browser.registered(base, "site@chaos.example");
            service.directory().updateUser("site@chaos.example", u -> Optional.of(new User(u.email(), u.userId(),
                    u.name(), u.passwordHash(), u.adminOf(), u.granteeOf(), true)));
            assertThat(site.post("/api/admin/promo-codes", Map.of("code", PROMO, "freeDays", 30,
                    "expires", "2099-12-31")).status()).isEqualTo(201);
            List<String> billed = new ArrayList<>(); // card accounts made without faults, billed under chaos
            for (int a = 0; a < 8; a++) {
                billed.add(site.post("/api/accounts", Map.of("name", "Card " + a, "seats", 1, "payment",
                        Browser.CARD)).json().path("id").asText());
            }
            List<VideoLibrary.Video> videos = service.library().orElseThrow().videos().values().stream()
                    .sorted(java.util.Comparator.comparing(VideoLibrary.Video::id)).limit(2).toList();

            faults.enabled(true);
            // Promo registrations: 6 people.
            List<Browser> promoUsers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Browser b = new Browser(base);
                String email = "promo" + i + "@chaos.example";
                String name = "promo" + i;
                untilDone("register " + email, () -> b.post("/api/register", Map.of("email", email, "name",
                        name, "password", Browser.PASSWORD, "promoCode", PROMO)));
                promoUsers.add(b);
            }
            // Two card accounts, their seats granted twice each (6 seats of 8 on the first), billed twice each.
            Browser admin = new Browser(base);
            untilDone("register admin", () -> admin.post("/api/register", Map.of("email", "admin@chaos.example",
                    "name", "admin", "password", Browser.PASSWORD)));
            List<String> cardAccounts = new ArrayList<>();
            for (int a = 0; a < 2; a++) {
                String name = "Corp " + a;
                // Creating an account is not idempotent (each call makes one): find it before repeating.
                String id = untilDoneCreate(admin, name, service);
                cardAccounts.add(id);
            }
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 6; i++) {
                    String email = "promo" + i + "@chaos.example";
                    untilDone("grant " + email, () -> admin.post("/api/accounts/" + cardAccounts.get(0) + "/seats",
                            Map.of("email", email)));
                }
            }
            billed.addAll(cardAccounts);
            billingFaults.enabled(true);
            for (int round = 0; round < 2; round++) {
                for (String id : billed) {
                    untilDone("bill", () -> site.post("/api/admin/accounts/" + id + "/bill", Map.of()));
                }
            }
            billingFaults.enabled(false);
            // Progress pings: each promo user plays two videos, a ping every 30 s of video, 24 pings each.
            Map<String, Long> claimed = new HashMap<>(); // user id + video -> chunk mask claimed
            int wrote = 0;
            for (int i = 0; i < promoUsers.size(); i++) {
                Browser b = promoUsers.get(i);
                String userId = untilDone("me", () -> b.get("/api/me")).json().path("userId").asText();
                for (int p = 0; p < 24; p++) {
                    VideoLibrary.Video video = videos.get(p / 12);
                    int offset = Math.min(video.durationSeconds(), (p % 12) * 30 + i * 17);
                    Browser.Reply reply = untilDone("ping", () -> b.post("/api/watch/" + video.id() + "/progress",
                            Map.of("offset", offset)));
                    wrote += reply.json().path("wrote").asBoolean() ? 1 : 0;
                    claimed.merge(userId + "/" + video.id(), 1L << Math.min(63, offset / 180), (x, y) -> x | y);
                }
            }
            faults.enabled(false);

            // Every failure a 503 with a sentence
            assertThat(wrongAnswers).as("answers to failed requests other than a 503 with a sentence").isEmpty();
            assertThat(faults.injected()).as("faults injected").isGreaterThan(100);
            // Video statistics: the chunks stored are exactly those claimed, VideoStats counts each once
            TableClient watched = storage.tableServiceClient().getTableClient(prefix + "WatchedVideos");
            TableClient stats = storage.tableServiceClient().getTableClient(prefix + "VideoStats");
            Map<String, Long> stored = new HashMap<>();
            Map<String, Long> minutesByVideo = new HashMap<>();
            for (TableEntity e : watched.listEntities()) {
                long chunks = ((Number) e.getProperty("Chunks")).longValue();
                stored.put(e.getPartitionKey() + "/" + e.getRowKey(), chunks);
                assertThat(((Number) e.getProperty("Minutes")).longValue()).as("minutes of " + e.getRowKey())
                        .isEqualTo(3L * Long.bitCount(chunks));
                minutesByVideo.merge(e.getRowKey(), 3L * Long.bitCount(chunks), Long::sum);
            }
            assertThat(stored).isEqualTo(claimed);
            Map<String, Long> statMinutes = new HashMap<>();
            stats.listEntities().forEach(e -> statMinutes.merge(e.getPartitionKey(),
                    ((Number) e.getProperty("Minutes")).longValue(), Long::sum));
            long chunksStored = stored.values().stream().mapToLong(Long::bitCount).sum();
            if (unknownPings == 0) {
                assertThat(statMinutes).as("VideoStats minutes per video").isEqualTo(minutesByVideo);
                assertThat(wrote).as("pings answered wrote=true (each chunk credited once)").isEqualTo(chunksStored);
            } else {
                minutesByVideo.forEach((video, minutes) -> assertThat(statMinutes.getOrDefault(video, 0L))
                        .isBetween(minutes - 3L * unknownPings, minutes));
            }
            // Charges: one per card account and month, never two
            Map<String, Long> charges = new HashMap<>();
            gateway.charges().forEach(key -> charges.merge(key.substring(0, key.lastIndexOf('/')), 1L, Long::sum));
            String month = YearMonth.now(clock).toString();
            Map<String, Long> once = new HashMap<>();
            billed.forEach(id -> once.put(id + "/" + month, 1L));
            assertThat(charges).as("charges per account and month").isEqualTo(once);
            // Seats: each of the six granted once
            Account corp = service.directory().account(cardAccounts.get(0)).orElseThrow();
            assertThat(corp.grantCount()).as("the account's count of seats given").isEqualTo(6);
            assertThat(service.directory().grants().page(corp.id(), null, 1_000).emails()).hasSize(6)
                    .doesNotHaveDuplicates();
            // Promo codes: each registration made exactly one personal account, which pays for the person
            for (int i = 0; i < 6; i++) {
                User user = service.directory().user("promo" + i + "@chaos.example").orElseThrow();
                assertThat(user.adminOf()).as(user.email() + " administers").hasSize(1);
                assertThat(user.granteeOf()).as(user.email() + " holds seats of").hasSize(1)
                        .isEqualTo(user.adminOf());
            }
            System.out.printf("ChaosIT: %d faults injected (%s), %d requests answered 503 (%d outcome unknown),"
                    + " %d chunks stored, %d charges%n", faults.injected(), faultsByKind(faults), failures, unknown,
                    chunksStored, gateway.charges().size());
            assertThat(failures).as("requests that met a storage failure (else the test proves nothing)")
                    .isGreaterThan(5);
        }
    }

    /** Creating an account makes a new one each call, so a person looks for it before repeating. */
    private String untilDoneCreate(Browser admin, String name, VideoService service) {
        for (int attempt = 1; attempt <= 30; attempt++) {
            Optional<Optional<String>> existing = accountNamed(admin, name);
            if (existing.isEmpty()) {
                continue; // could not look: look again
            }
            if (existing.get().isPresent()) {
                return existing.get().get();
            }
            Browser.Reply reply = admin.post("/api/accounts", Map.of("name", name, "seats", 8, "payment",
                    Browser.CARD));
            if (reply.status() == 201) {
                return reply.json().path("id").asText();
            }
            check("create account", reply);
        }
        throw new AssertionError("could not create " + name);
    }

    /** The id of the admin's account of that name; empty outside if a read failed. */
    private Optional<Optional<String>> accountNamed(Browser admin, String name) {
        Browser.Reply me = admin.get("/api/me");
        if (me.status() != 200) {
            check("me", me);
            return Optional.empty();
        }
        for (com.fasterxml.jackson.databind.JsonNode id : me.json().path("adminOf")) {
            Browser.Reply account = admin.get("/api/accounts/" + id.asText());
            if (account.status() != 200) {
                check("account", account);
                return Optional.empty();
            }
            if (account.json().path("name").asText().equals(name)) {
                return Optional.of(Optional.of(id.asText()));
            }
        }
        return Optional.of(Optional.empty());
    }

    private void check(String what, Browser.Reply reply) {
        failures++;
        if (reply.status() != 503 || !SENTENCES.contains(reply.error())) {
            wrongAnswers.add(what + ": HTTP " + reply.status() + " " + reply.json());
        }
        if (reply.error().equals(SENTENCES.get(1))) {
            unknown++;
            unknownPings += what.equals("ping") ? 1 : 0;
        }
    }

    private static String faultsByKind(FaultInjector faults) {
        StringBuilder text = new StringBuilder();
        for (io.github.azkit.testing.Fault kind : io.github.azkit.testing.Fault.values()) {
            text.append(text.length() == 0 ? "" : ", ").append(kind).append(' ').append(faults.injected(kind));
        }
        return text.toString();
    }
}
