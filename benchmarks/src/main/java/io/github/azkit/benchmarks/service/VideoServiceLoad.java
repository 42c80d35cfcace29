package io.github.azkit.benchmarks.service;

import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.testing.Azurite;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Load and cost benchmark of the reference video service: one Azurite and one {@link VideoService} on loopback,
 * N signed-in users who can watch (promo-code registrations and seats of a company account), driven over real HTTP
 * by a fixed pool of client threads for three workloads (progress pings, library browsing, the dashboard), each for
 * a fixed time after a warm-up. Prints requests/s, latency percentiles and storage transactions per request (table
 * and blob apart: blob requests are counted by {@link BlobRequestCounter} in front of Azurite's blob port), then an
 * exact sequential calibration of each request's transactions in real-time spacing, then a monthly cost estimate for
 * 10,000 users at Azure's list prices ({@link StorageCost}).
 *
 * <p>Arguments (optional): users (200), client threads (16), warm-up seconds (10), measured seconds (30).
 * Exits with status 1 if any request failed. With {@code --chaos RATE [--seed N]} it runs the chaos run instead
 * ({@link VideoServiceChaos}: RATE of all storage requests faulted; arguments users, threads, seconds of load), and
 * exits with status 1 if any of its checks fails.
 *
 * <p>The parts, in the order they run: {@link LoadOptions} (the command line), {@link LoadUsers} (set-up),
 * {@link LoadRunner} driving {@link Workloads} into {@link Measured} results, {@link LoadReport} (the load table),
 * {@link Calibration} and {@link Idle} (exact transactions), {@link Footprint} (storage held) and {@link CostReport}.
 */
public final class VideoServiceLoad {

    private VideoServiceLoad() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args users, client threads, warm-up seconds, measured seconds (all optional)
     * @throws Exception if set-up fails
     */
    public static void main(String[] args) throws Exception {
        LoadOptions options = LoadOptions.parse(args);
        if (options.isChaos()) {
            // Chaos: users (200), client threads (16), seconds of load (30); see VideoServiceChaos.
            System.exit(VideoServiceChaos.run(options.chaosRate(), options.seed(), options.users(), options.threads(),
                    options.chaosLoad()));
        }
        int users = options.users();
        int threads = options.threads();
        Duration warmup = options.warmup();
        Duration measured = options.measured();
        long failures;
        try (Azurite azurite = Azurite.start();
                BlobRequestCounter blobs = BlobRequestCounter.start(azurite.blobPort())) {
            String counted = LoadTarget.countedConnectionString(azurite, blobs);
            TransactionCounter counter = new TransactionCounter();
            VideoService service = VideoService.start(LoadLimits.lifted(new VideoService.Options()
                    .connectionString(counted).counter(counter).kdfIterations(1_000).demoOutbox(true)));
            try {
                LoadTarget target = new LoadTarget(new ServiceClient(service.url()), service, counter, blobs);
                failures = benchmark(target, azurite, users, threads, warmup, measured);
            } finally {
                service.close();
            }
        }
        if (failures > 0) {
            System.err.println("FAILED: " + failures + " requests failed (see above); the figures are not valid.");
            System.exit(1);
        }
    }

    private static long benchmark(LoadTarget target, Azurite azurite, int userCount, int threads, Duration warmup,
            Duration measured) throws Exception {
        Workloads workloads = new Workloads(target);
        long setupStart = System.nanoTime();
        List<LoadUser> users = LoadUsers.create(target, workloads, userCount, threads);
        System.out.printf(Locale.ROOT, "Set-up: %d users signed in, each with a queue of 3, a bookmark and a history,"
                + " in %.1f s; %d videos in the library.%n", users.size(), (System.nanoTime() - setupStart) / 1e9,
                target.videos().size());

        LoadRunner runner = new LoadRunner(target);
        Measured pings = runner.measure("progress pings (POST /api/watch/{video}/progress, player pings every "
                + LoadUser.PING_INTERVAL_SECONDS + " s)", users, threads, warmup, measured, workloads::ping);
        Measured library = runner.measure("library browsing (GET /api/library, 4 filter mixes,"
                + " /api/library/videos/{id})", users, threads, warmup, measured, workloads::browse);
        Measured dashboard = runner.measure("dashboard (GET /api/me, /api/queue, /api/history, /api/continue, "
                + "/api/bookmarks)", users, threads, warmup, measured, workloads::dashboard);
        long failures = pings.recorder().errors() + library.recorder().errors() + dashboard.recorder().errors();
        LoadReport.print(users.size(), threads, warmup, measured, pings, library, dashboard);

        Calibration calibration = new Calibration(target);
        Map<String, StorageCost.PerRequest> exact = calibration.calibrate(users);
        Idle idle = Idle.measure(target.counter(), Duration.ofSeconds(10));
        System.out.printf(Locale.ROOT, "%nIdle service for %.0f s: %d storage transactions (%s).%n", idle.seconds(),
                idle.spent().total(), idle.spent());
        failures += calibration.errors();
        CostReport.print(exact, Footprint.measure(azurite, users.size(), target.chunksLogged()), target.videos());
        return failures;
    }
}
