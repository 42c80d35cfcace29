package io.github.azkit.benchmarks.service;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Grants;
import io.github.azkit.examples.video.accounts.User;
import io.github.azkit.examples.video.billing.SimulatedGateway;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.examples.video.library.VideoLibrary;
import io.github.azkit.testing.Azurite;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos run of the reference service ({@code VideoServiceLoad --chaos RATE --seed N}): the load benchmark's
 * users and workloads (progress pings, library browsing, the dashboard), plus seat grants and billing runs, against a
 * service whose every storage client carries a seeded {@link FaultInjector} that faults {@code RATE} of all storage
 * requests, spread over every kind of fault. Each request that fails is sent once more after the chaos, faults off,
 * as the 503 sentence tells a person to. Then it checks, from its own record of the answers: every failed request
 * got a 503 with one of the service's sentences; each watched row holds exactly the chunks its pings claimed and 3
 * minutes per chunk; VideoStats holds exactly 3 minutes per chunk stored, and the pings that answered
 * {@code wrote: true} number exactly the chunks stored; the gateway charged each card account once for the month;
 * each seat was granted once. Prints a table; exits 1 if a check fails.
 */
final class VideoServiceChaos {

    private static final String PROMO = "CHAOS2026";
    private static final String PASSWORD = "chaos-test-password";
    private static final int PING_SECONDS = VideoServiceLoad.PING_INTERVAL_SECONDS;

    private final ServiceClient api;
    private final VideoService service;
    private final List<VideoLibrary.Video> videos;
    private final ChaosLedger ledger = new ChaosLedger();
    private final AtomicLong wrote = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, AtomicLong> byWorkload = new ConcurrentHashMap<>();
    /** Requests that failed, to send once more after the chaos. */
    private final List<Runnable> repeats = new ArrayList<>();

    /** One simulated person. */
    private static final class Person {
        final String email;
        final String userId;
        final String cookie;
        int video;
        int offset;
        /** Per video, the chunks this person's pings claimed. */
        final Map<String, Long> claimed = new HashMap<>();

        Person(String email, String userId, String cookie, int video) {
            this.email = email;
            this.userId = userId;
            this.cookie = cookie;
            this.video = video;
        }
    }

    private VideoServiceChaos(ServiceClient api, VideoService service) {
        this.api = api;
        this.service = service;
        this.videos = service.library().orElseThrow().videos().values().stream()
                .sorted(Comparator.comparing(VideoLibrary.Video::id)).toList();
    }

    /** The fault mix: {@code rate} of all requests in all, over each kind of fault. */
    static FaultInjector faults(long seed, double rate) {
        return FaultInjector.builder().seed(seed)
                .rule(FaultRule.loseResponse().withProbability(rate * 0.30))
                .rule(FaultRule.timeout().withProbability(rate * 0.20))
                .rule(FaultRule.failBeforeSending().withProbability(rate * 0.15))
                .rule(FaultRule.status(503).withProbability(rate * 0.125))
                .rule(FaultRule.status(500).withProbability(rate * 0.10))
                .rule(FaultRule.status(429).withProbability(rate * 0.025))
                .rule(FaultRule.latency(Duration.ofMillis(20)).withProbability(rate * 0.10))
                .build();
    }

    /**
     * Runs the chaos run.
     *
     * @return the process exit status: 0 if every check passed
     */
    static int run(double rate, long seed, int users, int threads, Duration duration) throws Exception {
        FaultInjector faults = faults(seed, rate);
        faults.enabled(false);
        SimulatedGateway gateway = new SimulatedGateway(Clock.systemUTC());
        try (Azurite azurite = Azurite.start()) {
            VideoService service = VideoService.start(new VideoService.Options()
                    .connectionString(azurite.connectionString()).kdfIterations(1_000).gateway(gateway)
                    .storagePolicies(faults).storageRetries(3, Duration.ofMillis(20)));
            try {
                VideoServiceChaos chaos = new VideoServiceChaos(new ServiceClient(service.url()), service);
                chaos.rate = rate;
                return chaos.run(azurite, faults, gateway, users, threads, duration);
            } finally {
                service.close();
            }
        }
    }

    private int run(Azurite azurite, FaultInjector faults, SimulatedGateway gateway, int userCount, int threads,
            Duration duration) throws Exception {
        long setupStart = System.nanoTime();
        // Set-up, faults off: a site admin, the promo code, people registered with it, 20 card accounts, and one
        // company account whose seats are granted under chaos.
        String site = register("site@chaos.example", null).cookie();
        service.directory().updateUser("site@chaos.example", u -> Optional.of(new User(u.email(), u.userId(),
                u.name(), u.passwordHash(), u.adminOf(), u.granteeOf(), true)));
        expect(api.post("/api/admin/promo-codes", site, Map.of("code", PROMO, "freeDays", 366, "expires",
                "2099-12-31")));
        String admin = register("admin@chaos.example", null).cookie();
        List<String> cardAccounts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            cardAccounts.add(expect(api.post("/api/accounts", admin, Map.of("name", "Card " + i, "seats", 1,
                    "payment", Map.of("type", "creditCard", "gatewayToken", "tok_" + i, "expires", "2099-12-01"))))
                    .json().path("id").asText());
        }
        int seatCount = Math.max(1, userCount / 4);
        String corp = expect(api.post("/api/accounts", admin, Map.of("name", "Chaos Corp", "seats", seatCount,
                "payment", Map.of("type", "creditCard", "gatewayToken", "tok_corp", "expires", "2099-12-01"))))
                .json().path("id").asText();
        List<Person> people = new ArrayList<>();
        for (int n = 0; n < userCount; n++) {
            String email = String.format(Locale.ROOT, "user%04d@chaos.example", n);
            ServiceClient.Reply reply = register(email, PROMO);
            people.add(new Person(email, reply.json().path("userId").asText(), reply.cookie(), n % videos.size()));
        }
        System.out.printf(Locale.ROOT, "Set-up (faults off): %d people registered with a promo code, 20 card"
                + " accounts, a company account of %d seats, in %.1f s.%n", people.size(), seatCount,
                (System.nanoTime() - setupStart) / 1e9);

        faults.enabled(true);
        long start = System.nanoTime();
        // Seats granted twice each, and every card account billed twice, from several threads at once.
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (int n = 0; n < seatCount; n++) {
                    String email = people.get(n).email;
                    work.add(pool.submit(() -> send("seat grant", () -> api.post("/api/accounts/" + corp + "/seats",
                            admin, Map.of("email", email)))));
                }
                for (String id : cardAccounts) {
                    work.add(pool.submit(() -> send("billing", () -> api.post("/api/admin/accounts/" + id + "/bill",
                            site, Map.of()))));
                }
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // The load: pings, library, dashboard, in the proportions 4:1:1, for the duration.
        AtomicInteger next = new AtomicInteger();
        long end = System.nanoTime() + duration.toNanos();
        pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                loops.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        int turn = next.getAndIncrement();
                        Person person = people.get(Math.floorMod(turn, people.size()));
                        synchronized (person) { // one browser per person: its requests one at a time
                            switch (Math.floorMod(turn / people.size(), 6)) {
                                case 4 -> send("library", () -> api.get("/api/library?q=tables", person.cookie));
                                case 5 -> {
                                    for (String path : List.of("/api/me", "/api/queue", "/api/history",
                                            "/api/bookmarks")) {
                                        send("dashboard", () -> api.get(path, person.cookie));
                                    }
                                }
                                default -> ping(person);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : loops) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        faults.enabled(false);
        long underChaos = requests.get();
        long failedUnderChaos = failed.get();
        List<Runnable> again;
        synchronized (repeats) {
            again = List.copyOf(repeats);
        }
        again.forEach(Runnable::run);

        // The checks
        TableServiceClient tables = new TableServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient();
        TableClient watchedTable = tables.getTableClient("WatchedVideos");
        TableClient statsTable = tables.getTableClient("VideoStats");
        Map<String, Long> stored = new HashMap<>();
        long badMinutes = 0;
        Map<String, Long> minutesByVideo = new HashMap<>();
        for (TableEntity e : watchedTable.listEntities()) {
            long chunks = ((Number) e.getProperty("Chunks")).longValue();
            stored.put(e.getPartitionKey() + "/" + e.getRowKey(), chunks);
            if (((Number) e.getProperty("Minutes")).longValue() != 3L * Long.bitCount(chunks)) {
                badMinutes++;
            }
            minutesByVideo.merge(e.getRowKey(), 3L * Long.bitCount(chunks), Long::sum);
        }
        Map<String, Long> claimed = new HashMap<>();
        for (Person p : people) {
            p.claimed.forEach((video, mask) -> claimed.put(p.userId + "/" + video, mask));
        }
        long rowsDiffering = 0;
        for (String key : union(claimed.keySet(), stored.keySet())) {
            if (!claimed.getOrDefault(key, 0L).equals(stored.getOrDefault(key, 0L))) {
                rowsDiffering++;
            }
        }
        Map<String, Long> statMinutes = new HashMap<>();
        statsTable.listEntities().forEach(e -> statMinutes.merge(e.getPartitionKey(),
                ((Number) e.getProperty("Minutes")).longValue(), Long::sum));
        long videosDiffering = 0;
        long minutesMissing = 0;
        long minutesExtra = 0;
        for (String video : union(minutesByVideo.keySet(), statMinutes.keySet())) {
            long expected = minutesByVideo.getOrDefault(video, 0L);
            long actual = statMinutes.getOrDefault(video, 0L);
            if (expected != actual) {
                videosDiffering++;
                minutesMissing += Math.max(0, expected - actual);
                minutesExtra += Math.max(0, actual - expected);
            }
        }
        long chunksStored = stored.values().stream().mapToLong(Long::bitCount).sum();
        Map<String, Long> charges = new HashMap<>();
        gateway.charges().forEach(key -> charges.merge(key.substring(0, key.lastIndexOf('/')), 1L, Long::sum));
        String month = YearMonth.now(Clock.systemUTC()).toString();
        long doubleCharges = charges.values().stream().filter(c -> c > 1).count();
        long accountsUncharged = cardAccounts.stream().filter(id -> !charges.containsKey(id + "/" + month)).count();
        Account corpAfter = service.directory().account(corp).orElseThrow();
        List<String> granted = new ArrayList<>();
        for (String after = ""; after != null; ) {
            Grants.GranteePage page = service.directory().grants().page(corp, after, Grants.MAX_PAGE);
            granted.addAll(page.emails());
            after = page.next();
        }
        long duplicateSeats = granted.size() - granted.stream().distinct().count();
        long unknown = ledger.unknown();

        List<String[]> rows = new ArrayList<>();
        rows.add(row("every failed request answered 503 with a sentence", ledger.wrong() == 0,
                ledger.unavailable() + " \"not done, try again\", " + unknown + " \"may or may not\", "
                        + ledger.wrong() + " other" + (ledger.wrong() == 0 ? "" : " " + ledger.wrongSamples())));
        rows.add(row("watched rows hold exactly the chunks their pings claimed", rowsDiffering == 0,
                claimed.size() + " rows, " + rowsDiffering + " differ"));
        rows.add(row("watched rows: 3 minutes per chunk", badMinutes == 0, badMinutes + " rows wrong"));
        rows.add(row("VideoStats minutes = 3 x chunks stored, per video", videosDiffering == 0 || minutesExtra == 0
                && minutesMissing <= 3 * unknown, videosDiffering + " videos differ (" + minutesMissing
                        + " minutes missing, " + minutesExtra + " extra; " + unknown + " outcomes unknown)"));
        rows.add(row("pings answered wrote=true = chunks stored (each credited once)", wrote.get() == chunksStored
                || unknown > 0 && wrote.get() <= chunksStored && chunksStored - wrote.get() <= unknown,
                wrote.get() + " vs " + chunksStored));
        rows.add(row("no account charged twice for the month", doubleCharges == 0,
                gateway.charges().size() + " charges, " + doubleCharges + " accounts charged twice"));
        rows.add(row("every card account charged once", accountsUncharged == 0, (cardAccounts.size()
                - accountsUncharged) + " of " + cardAccounts.size()));
        rows.add(row("no seat granted twice, every seat granted", duplicateSeats == 0
                && granted.size() == seatCount && corpAfter.grantCount() == seatCount, granted.size()
                        + " grantees (count " + corpAfter.grantCount() + ") of " + seatCount + " seats, "
                        + duplicateSeats + " duplicates"));

        System.out.println();
        System.out.printf(Locale.ROOT, "Chaos: %.0f%% of storage requests faulted (seed %d), %d people, %d client"
                + " threads, %.1f s; %,d requests (%s), %,d failed and were sent once more, faults off; %,d faults"
                + " injected (%s) among %,d storage requests.%n%n", 100 * rateOf(faults), faults.seed(), people.size(),
                threads, seconds, underChaos, byWorkload, failedUnderChaos, faults.injected(), byKind(faults),
                faults.seen());
        System.out.println("| check | result | measured |");
        System.out.println("|---|---|---|");
        boolean ok = true;
        for (String[] r : rows) {
            System.out.println("| " + r[0] + " | " + r[1] + " | " + r[2] + " |");
            ok &= r[1].equals("pass");
        }
        return ok ? 0 : 1;
    }

    private double rate;

    private double rateOf(FaultInjector faults) {
        return rate;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String[] row(String check, boolean pass, String measured) {
        return new String[] {check, pass ? "pass" : "**FAIL**", measured};
    }

    private static String byKind(FaultInjector faults) {
        StringBuilder text = new StringBuilder();
        for (Fault kind : Fault.values()) {
            text.append(text.length() == 0 ? "" : ", ").append(kind.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(' ').append(faults.injected(kind));
        }
        return text.toString();
    }

    private void ping(Person person) {
        VideoLibrary.Video video = videos.get(person.video);
        person.offset += PING_SECONDS;
        if (person.offset > video.durationSeconds()) {
            person.video = (person.video + 1) % videos.size();
            person.offset = 0;
            video = videos.get(person.video);
        }
        String videoId = video.id();
        int offset = person.offset;
        person.claimed.merge(videoId, 1L << Math.min(63, offset / 180), (x, y) -> x | y);
        send("ping", () -> {
            ServiceClient.Reply reply = api.post("/api/watch/" + videoId + "/progress", person.cookie,
                    Map.of("offset", offset));
            if (reply.ok() && reply.json().path("wrote").asBoolean()) {
                wrote.incrementAndGet();
            }
            return reply;
        });
    }

    /** Sends a request; a failure is recorded, checked, and kept to be sent once more after the chaos. */
    private void send(String workload, java.util.function.Supplier<ServiceClient.Reply> request) {
        requests.incrementAndGet();
        byWorkload.computeIfAbsent(workload, w -> new AtomicLong()).incrementAndGet();
        ServiceClient.Reply reply;
        try {
            reply = request.get();
        } catch (RuntimeException e) {
            ledger.wrong(workload + ": " + e);
            return;
        }
        if (reply.ok()) {
            return;
        }
        failed.incrementAndGet();
        ledger.failed(workload, reply);
        synchronized (repeats) {
            repeats.add(() -> {
                ServiceClient.Reply again = request.get();
                if (!again.ok()) {
                    ledger.wrong(workload + " sent again, faults off: HTTP " + again.status() + " "
                            + new String(again.body(), StandardCharsets.UTF_8));
                }
            });
        }
    }

    private ServiceClient.Reply register(String email, String promo) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("name", email.substring(0, email.indexOf('@')));
        body.put("password", PASSWORD);
        if (promo != null) {
            body.put("promoCode", promo);
        }
        return expect(api.post("/api/register", null, body));
    }

    private static ServiceClient.Reply expect(ServiceClient.Reply reply) {
        if (!reply.ok()) {
            throw new IllegalStateException("Set-up failed: HTTP " + reply.status() + " "
                    + new String(reply.body(), StandardCharsets.UTF_8));
        }
        return reply;
    }
}
