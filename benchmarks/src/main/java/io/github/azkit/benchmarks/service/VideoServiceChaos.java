package io.github.azkit.benchmarks.service;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

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
 *
 * <p>The parts: {@link ChaosSetUp} (made with faults off), this class (the chaos: grants, billings and the load, and
 * the record of every answer in a {@link ChaosLedger}), {@link ChaosChecks} (the checks and their table).
 */
final class VideoServiceChaos {

    private static final int PING_SECONDS = LoadUser.PING_INTERVAL_SECONDS;

    private final ServiceClient api;
    private final VideoService service;
    private final double rate;
    private final List<VideoLibrary.Video> videos;
    private final ChaosLedger ledger = new ChaosLedger();
    private final AtomicLong wrote = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, AtomicLong> byWorkload = new ConcurrentHashMap<>();
    /** Requests that failed, to send once more after the chaos. */
    private final List<Runnable> repeats = new ArrayList<>();

    private VideoServiceChaos(ServiceClient api, VideoService service, double rate) {
        this.api = api;
        this.service = service;
        this.rate = rate;
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
            VideoService service = VideoService.start(LoadLimits.lifted(new VideoService.Options()
                    .connectionString(azurite.connectionString()).kdfIterations(1_000).gateway(gateway)
                    .storagePolicies(faults).storageRetries(3, Duration.ofMillis(20))));
            try {
                VideoServiceChaos chaos = new VideoServiceChaos(new ServiceClient(service.url()), service, rate);
                return chaos.run(azurite, faults, gateway, users, threads, duration);
            } finally {
                service.close();
            }
        }
    }

    private int run(Azurite azurite, FaultInjector faults, SimulatedGateway gateway, int userCount, int threads,
            Duration duration) throws Exception {
        ChaosSetUp setUp = ChaosSetUp.create(api, service, videos.size(), userCount);
        List<ChaosPerson> people = setUp.people();

        faults.enabled(true);
        long start = System.nanoTime();
        // Seats granted twice each, and every card account billed twice, from several threads at once.
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (int n = 0; n < setUp.seatCount(); n++) {
                    String email = people.get(n).email;
                    work.add(pool.submit(() -> send("seat grant", () -> api.post("/api/accounts/" + setUp.corp()
                            + "/seats", setUp.admin(), Map.of("email", email)))));
                }
                for (String id : setUp.cardAccounts()) {
                    work.add(pool.submit(() -> send("billing", () -> api.post("/api/admin/accounts/" + id + "/bill",
                            setUp.site(), Map.of()))));
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
                        ChaosPerson person = people.get(Math.floorMod(turn, people.size()));
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

        List<String[]> rows = ChaosChecks.run(azurite, service, gateway, ledger, setUp, wrote.get());
        System.out.println();
        System.out.printf(Locale.ROOT, "Chaos: %.0f%% of storage requests faulted (seed %d), %d people, %d client"
                + " threads, %.1f s; %,d requests (%s), %,d failed and were sent once more, faults off; %,d faults"
                + " injected (%s) among %,d storage requests.%n%n", 100 * rate, faults.seed(), people.size(),
                threads, seconds, underChaos, byWorkload, failedUnderChaos, faults.injected(), byKind(faults),
                faults.seen());
        return ChaosChecks.print(rows) ? 0 : 1;
    }

    private static String byKind(FaultInjector faults) {
        StringBuilder text = new StringBuilder();
        for (Fault kind : Fault.values()) {
            text.append(text.length() == 0 ? "" : ", ").append(kind.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(' ').append(faults.injected(kind));
        }
        return text.toString();
    }

    private void ping(ChaosPerson person) {
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
    private void send(String workload, Supplier<ServiceClient.Reply> request) {
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
}
