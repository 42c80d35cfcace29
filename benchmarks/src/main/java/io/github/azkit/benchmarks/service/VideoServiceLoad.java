package io.github.azkit.benchmarks.service;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.azkit.examples.video.accounts.User;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.examples.video.library.VideoLibrary;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.Azurite;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 */
public final class VideoServiceLoad {

    /** Seconds between the simulated player's progress pings, as the service's own player page (video.js) sends. */
    static final int PING_INTERVAL_SECONDS = 30;
    private static final String PROMO = "LOAD2026";
    private static final String PASSWORD = "load-test-password";
    private static final TransactionKind[] KINDS = TransactionKind.values();

    static {
        // The SDK's JDK HTTP client warns on every request that it drops the restricted Content-Length header.
        System.setProperty("org.slf4j.simpleLogger.log.com.azure.core.http.jdk.httpclient", "error");
    }

    /** The cost model's usage: 10,000 active users, each of whom watches 10 hours a month, with 30 dashboard views
     *  and 60 library requests. */
    static final StorageCost.UsageModel MODEL = new StorageCost.UsageModel(10_000, 10, PING_INTERVAL_SECONDS, 30, 60,
            io.github.azkit.examples.video.logs.ServiceLogs.TRANSCRIPT_FLUSH_INTERVAL.toSeconds());
    /** Service instances in production, each polling the library blob every 5 minutes. */
    static final int INSTANCES = 2;
    /** Months of transcripts kept (ServiceLogs keeps 24 monthly transcripts). */
    static final int RETENTION_MONTHS = 24;

    private final AtomicLong chunksLogged = new AtomicLong();
    private final ServiceClient api;
    private final VideoService service;
    private final TransactionCounter counter;
    private final BlobRequestCounter blobs;
    private final List<VideoLibrary.Video> videos;

    /** One simulated person: session cookie and where the player is. */
    static final class LoadUser {
        final String email;
        final String cookie;
        private int video;
        private int offset;

        LoadUser(String email, String cookie, int video, int offset) {
            this.email = email;
            this.cookie = cookie;
            this.video = video;
            this.offset = offset;
        }

        /** The next ping: the player moved on {@link #PING_INTERVAL_SECONDS}; at the end, the next video. */
        synchronized Map.Entry<String, Integer> nextPing(List<VideoLibrary.Video> videos) {
            offset += PING_INTERVAL_SECONDS;
            if (offset > videos.get(video).durationSeconds()) {
                video = (video + 1) % videos.size();
                offset = 0;
            }
            return Map.entry(videos.get(video).id(), offset);
        }
    }

    /** One workload step for one user: sends its requests and records them. */
    interface Step {
        void run(LoadUser user, LoadRecorder recorder);
    }

    private VideoServiceLoad(ServiceClient api, VideoService service, TransactionCounter counter,
            BlobRequestCounter blobs) {
        this.api = api;
        this.service = service;
        this.counter = counter;
        this.blobs = blobs;
        this.videos = service.library().orElseThrow().videos().values().stream()
                .sorted(Comparator.comparing(VideoLibrary.Video::id)).toList();
    }

    /**
     * Runs the benchmark.
     *
     * @param args users, client threads, warm-up seconds, measured seconds (all optional)
     * @throws Exception if set-up fails
     */
    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        double chaos = 0;
        long seed = 20261202L;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--chaos" -> chaos = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> positional.add(args[i]);
            }
        }
        if (chaos > 0) {
            // Chaos: users (200), client threads (16), seconds of load (30); see VideoServiceChaos.
            System.exit(VideoServiceChaos.run(chaos, seed,
                    positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 200,
                    positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 16,
                    Duration.ofSeconds(positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 30)));
        }
        args = positional.toArray(new String[0]);
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Duration warmup = Duration.ofSeconds(args.length > 2 ? Integer.parseInt(args[2]) : 10);
        Duration measured = Duration.ofSeconds(args.length > 3 ? Integer.parseInt(args[3]) : 30);
        long failures;
        try (Azurite azurite = Azurite.start();
                BlobRequestCounter blobs = BlobRequestCounter.start(azurite.blobPort())) {
            String counted = azurite.connectionString().replace("127.0.0.1:" + azurite.blobPort() + "/",
                    "127.0.0.1:" + blobs.port() + "/");
            if (counted.equals(azurite.connectionString())) {
                throw new IllegalStateException("Could not point the blob endpoint at the counter: "
                        + "the connection string has no 127.0.0.1:" + azurite.blobPort() + "/");
            }
            TransactionCounter counter = new TransactionCounter();
            VideoService service = VideoService.start(new VideoService.Options().connectionString(counted)
                    .counter(counter).kdfIterations(1_000));
            try {
                VideoServiceLoad load = new VideoServiceLoad(new ServiceClient(service.url()), service, counter, blobs);
                failures = load.benchmark(azurite, users, threads, warmup, measured);
            } finally {
                service.close();
            }
        }
        if (failures > 0) {
            System.err.println("FAILED: " + failures + " requests failed (see above); the figures are not valid.");
            System.exit(1);
        }
    }

    private long benchmark(Azurite azurite, int userCount, int threads, Duration warmup, Duration measured)
            throws Exception {
        long setupStart = System.nanoTime();
        List<LoadUser> users = createUsers(userCount, threads);
        System.out.printf(Locale.ROOT, "Set-up: %d users signed in, each with a queue of 3, a bookmark and a history,"
                + " in %.1f s; %d videos in the library.%n", users.size(), (System.nanoTime() - setupStart) / 1e9,
                videos.size());

        List<String> rows = new ArrayList<>();
        long failures = 0;
        Measured pings = measure("progress pings (POST /api/watch/{video}/progress, player pings every "
                + PING_INTERVAL_SECONDS + " s)", users, threads, warmup, measured, this::ping);
        rows.add(pings.row());
        rows.add(pings.subRow("of which wrote (a new 3-minute chunk)", "wrote"));
        rows.add(pings.subRow("of which wrote nothing (chunk seen)", "nowrite"));
        failures += pings.recorder.errors();
        Measured library = measure("library browsing (GET /api/library, 4 filter mixes, /api/library/videos/{id})",
                users, threads, warmup, measured, this::browse);
        rows.add(library.row());
        failures += library.recorder.errors();
        Measured dashboard = measure("dashboard (GET /api/me, /api/queue, /api/history, /api/continue, "
                + "/api/bookmarks)", users, threads, warmup, measured, this::dashboard);
        rows.add(dashboard.row());
        failures += dashboard.recorder.errors();

        System.out.println();
        System.out.printf(Locale.ROOT, "%d users, %d client threads, %d s warm-up and %d s measured per workload.%n%n",
                users.size(), threads, warmup.toSeconds(), measured.toSeconds());
        System.out.println("| workload | requests | requests/s | p50 ms | p99 ms | max ms | storage transactions per"
                + " request | table per request | blob reads per request | blob writes per request | errors |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.println();
        for (Measured m : List.of(pings, library, dashboard)) {
            System.out.println("- " + m.name + ": " + m.kinds());
        }
        System.out.printf(Locale.ROOT, "- progress pings that wrote: %.1f%% (expected %.1f%%: one ping in %d per"
                + " 3-minute chunk)%n", 100.0 * pings.recorder.wroteCount() / pings.recorder.count(LoadRecorder.ALL),
                100.0 * MODEL.writingShare(), StorageCost.CHUNK_SECONDS / PING_INTERVAL_SECONDS);
        for (Measured m : List.of(pings, library, dashboard)) {
            if (m.recorder.errors() > 0) {
                System.out.println("ERRORS in " + m.name + ": " + m.recorder.errors() + ", for example "
                        + m.recorder.errorSamples());
            }
        }

        Map<String, StorageCost.PerRequest> exact = calibrate(users);
        Idle idle = idle(Duration.ofSeconds(10));
        System.out.printf(Locale.ROOT, "%nIdle service for %.0f s: %d storage transactions (%s).%n", idle.seconds,
                idle.spent.total(), idle.spent);
        failures += calibrationErrors;
        cost(exact, storage(azurite, users.size()));
        return failures;
    }

    // ---------------------------------------------------------------------------------------------- set-up

    private List<LoadUser> createUsers(int count, int threads) throws Exception {
        ServiceClient.Reply site = register("site@load.example", null);
        service.directory().updateUser("site@load.example", u -> Optional.of(new User(u.email(), u.userId(),
                u.name(), u.passwordHash(), u.adminOf(), u.granteeOf(), true)));
        expect(api.post("/api/admin/promo-codes", site.cookie(), Map.of("code", PROMO, "freeDays", 366,
                "expires", "2099-12-31")), "create the promo code");
        int seatUsers = count / 4;
        ServiceClient.Reply admin = register("admin@load.example", null);
        String account = expect(api.post("/api/accounts", admin.cookie(), Map.of("name", "Load Corp", "seats",
                seatUsers, "payment", Map.of("type", "creditCard", "gatewayToken", "tok_load", "expires", "2099-12-01"))), "create the company account").json().path("id")
                .asText();

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<LoadUser>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    String email = String.format(Locale.ROOT, "user%04d@load.example", n);
                    boolean seat = n < seatUsers;
                    ServiceClient.Reply reply = register(email, seat ? null : PROMO);
                    if (seat) {
                        synchronized (this) { // grants change one account entity: one at a time
                            expect(api.post("/api/accounts/" + account + "/seats", admin.cookie(),
                                    Map.of("email", email)), "grant a seat");
                        }
                        JsonNode mail = expect(api.get("/api/outbox?to=" + email, null), "read the outbox").json();
                        String link = mail.get(mail.size() - 1).path("link").asText();
                        String token = URLDecoder.decode(link.substring(link.indexOf("token=") + 6),
                                StandardCharsets.UTF_8);
                        expect(api.post("/api/seats/accept", reply.cookie(), Map.of("token", token)),
                                "accept the seat");
                    }
                    int video = n % videos.size();
                    int offset = (n * 7 % 30) * PING_INTERVAL_SECONDS % Math.max(1,
                            videos.get(video).durationSeconds() - PING_INTERVAL_SECONDS);
                    LoadUser user = new LoadUser(email, reply.cookie(), video, offset);
                    for (int q = 0; q < 3; q++) {
                        expect(api.post("/api/queue", user.cookie, Map.of("videoId",
                                videos.get((n + q) % videos.size()).id())), "queue a video");
                    }
                    expect(api.post("/api/bookmarks/" + videos.get(video).id(), user.cookie, Map.of("offset", 30,
                            "note", "intro")), "bookmark");
                    ping(user, new LoadRecorder()); // a history, so that /api/continue has something
                    return user;
                }));
            }
            List<LoadUser> users = new ArrayList<>();
            for (Future<LoadUser> future : futures) {
                users.add(future.get());
            }
            return users;
        } finally {
            pool.shutdownNow();
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
        ServiceClient.Reply reply = expect(api.post("/api/register", null, body), "register " + email);
        if (reply.cookie() == null) {
            throw new IllegalStateException("Registering " + email + " set no session cookie");
        }
        return reply;
    }

    private static ServiceClient.Reply expect(ServiceClient.Reply reply, String what) {
        if (!reply.ok()) {
            throw new IllegalStateException("Set-up failed to " + what + ": HTTP " + reply.status() + " "
                    + new String(reply.body(), StandardCharsets.UTF_8));
        }
        return reply;
    }

    // ---------------------------------------------------------------------------------------------- workloads

    private void ping(LoadUser user, LoadRecorder recorder) {
        Map.Entry<String, Integer> next = user.nextPing(videos);
        long start = System.nanoTime();
        ServiceClient.Reply reply;
        try {
            reply = api.post("/api/watch/" + next.getKey() + "/progress", user.cookie, Map.of("offset", next.getValue()));
        } catch (RuntimeException e) {
            recorder.error(System.nanoTime() - start, "ping: " + e);
            return;
        }
        long nanos = System.nanoTime() - start;
        if (!reply.ok()) {
            recorder.error(nanos, "ping: HTTP " + reply.status() + " " + new String(reply.body(), StandardCharsets.UTF_8));
            return;
        }
        boolean wrote = reply.json().path("wrote").asBoolean();
        if (wrote) {
            recorder.wrote();
            chunksLogged.incrementAndGet();
        }
        recorder.record(nanos, wrote ? "wrote" : "nowrite");
    }

    private final AtomicInteger browseTurn = new AtomicInteger();

    private void browse(LoadUser user, LoadRecorder recorder) {
        int turn = browseTurn.getAndIncrement();
        VideoLibrary.Video video = videos.get(Math.floorMod(turn, videos.size()));
        String path = switch (Math.floorMod(turn, 5)) {
            case 0 -> "/api/library";
            case 1 -> "/api/library?author=" + video.instructorId();
            case 2 -> "/api/library?q=tables";
            case 3 -> "/api/library?author=" + video.instructorId() + "&q=introduction";
            default -> "/api/library/videos/" + video.id();
        };
        get(user, path, recorder);
    }

    private static final List<String> DASHBOARD = List.of("/api/me", "/api/queue", "/api/history", "/api/continue",
            "/api/bookmarks");

    private void dashboard(LoadUser user, LoadRecorder recorder) {
        for (String path : DASHBOARD) {
            get(user, path, recorder);
        }
    }

    private void get(LoadUser user, String path, LoadRecorder recorder) {
        long start = System.nanoTime();
        try {
            ServiceClient.Reply reply = api.get(path, user.cookie);
            long nanos = System.nanoTime() - start;
            if (reply.ok()) {
                recorder.record(nanos, null);
            } else {
                recorder.error(nanos, path + ": HTTP " + reply.status() + " "
                        + new String(reply.body(), StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            recorder.error(System.nanoTime() - start, path + ": " + e);
        }
    }

    // ---------------------------------------------------------------------------------------------- measuring

    /** A measured workload: its requests, time and transactions (blob counted apart). */
    private static final class Measured {
        final String name;
        final LoadRecorder recorder;
        final double seconds;
        final TransactionCounts spent;
        final long[] blob;

        Measured(String name, LoadRecorder recorder, double seconds, TransactionCounts spent, long[] blob) {
            this.name = name;
            this.recorder = recorder;
            this.seconds = seconds;
            this.spent = spent;
            this.blob = blob;
            checkSplit(name, spent, blob);
        }

        long table(TransactionKind kind) {
            return spent.get(kind) - blob[kind.ordinal()];
        }

        String row() {
            long n = recorder.count(LoadRecorder.ALL);
            long tableTotal = 0;
            for (TransactionKind kind : KINDS) {
                tableTotal += table(kind);
            }
            return String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.1f | %.1f | %.1f | %.3f | %.3f | %.4f | %.4f | %d |",
                    name, n, n / seconds, recorder.millis(LoadRecorder.ALL, 0.5), recorder.millis(LoadRecorder.ALL, 0.99),
                    recorder.millis(LoadRecorder.ALL, 1.0), spent.total() / (double) n, tableTotal / (double) n,
                    blobReads(blob) / (double) n, blobWrites(blob) / (double) n, recorder.errors());
        }

        String subRow(String label, String tag) {
            long n = recorder.count(tag);
            return String.format(Locale.ROOT, "| &nbsp;&nbsp;%s | %,d | %,.0f | %.1f | %.1f | %.1f | | | | | |", label, n,
                    n / seconds, recorder.millis(tag, 0.5), recorder.millis(tag, 0.99), recorder.millis(tag, 1.0));
        }

        String kinds() {
            long n = recorder.count(LoadRecorder.ALL);
            StringBuilder text = new StringBuilder("per request, table:");
            for (TransactionKind kind : KINDS) {
                if (table(kind) != 0) {
                    text.append(String.format(Locale.ROOT, " %s %.3f", kind.name().toLowerCase(Locale.ROOT),
                            table(kind) / (double) n));
                }
            }
            text.append("; blob:");
            for (TransactionKind kind : KINDS) {
                if (blob[kind.ordinal()] != 0) {
                    text.append(String.format(Locale.ROOT, " %s %.4f", kind.name().toLowerCase(Locale.ROOT),
                            blob[kind.ordinal()] / (double) n));
                }
            }
            return text.append(String.format(Locale.ROOT, "; failed storage requests %d", spent.failed())).toString();
        }
    }

    /** The blob counter can only see a subset of what the service's counter sees; anything else is a bug. */
    private static void checkSplit(String what, TransactionCounts all, long[] blob) {
        for (TransactionKind kind : KINDS) {
            if (blob[kind.ordinal()] > all.get(kind)) {
                throw new IllegalStateException(what + ": the blob counter saw " + blob[kind.ordinal()] + " "
                        + kind + " requests, the service's counter only " + all.get(kind) + " in all");
            }
        }
    }

    private static long blobReads(long[] blob) {
        return blob[TransactionKind.READ.ordinal()] + blob[TransactionKind.LEASE.ordinal()]
                + blob[TransactionKind.OTHER.ordinal()];
    }

    private static long blobWrites(long[] blob) {
        return blob[TransactionKind.WRITE.ordinal()] + blob[TransactionKind.LIST.ordinal()]
                + blob[TransactionKind.BATCH.ordinal()];
    }

    private Measured measure(String name, List<LoadUser> users, int threads, Duration warmup, Duration duration,
            Step step) throws Exception {
        run(users, threads, warmup, step);
        service.logs().flush();
        TransactionCounts before = counter.snapshot();
        long[] blobBefore = blobs.snapshot();
        long start = System.nanoTime();
        LoadRecorder recorder = run(users, threads, duration, step);
        double seconds = (System.nanoTime() - start) / 1e9;
        service.logs().flush(); // the transcript lines the pings queued are part of their cost
        TransactionCounts spent = counter.snapshot().minus(before);
        long[] blob = blobs.snapshot();
        for (int i = 0; i < blob.length; i++) {
            blob[i] -= blobBefore[i];
        }
        System.out.printf(Locale.ROOT, "%s: %,d requests in %.1f s, %s%n", name, recorder.count(LoadRecorder.ALL),
                seconds, spent);
        return new Measured(name, recorder, seconds, spent, blob);
    }

    private static LoadRecorder run(List<LoadUser> users, int threads, Duration duration, Step step) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<LoadRecorder>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    LoadRecorder recorder = new LoadRecorder();
                    while (System.nanoTime() < end) {
                        step.run(users.get(Math.floorMod(next.getAndIncrement(), users.size())), recorder);
                    }
                    return recorder;
                }));
            }
            List<LoadRecorder> recorders = new ArrayList<>();
            for (Future<LoadRecorder> future : futures) {
                recorders.add(future.get());
            }
            return LoadRecorder.merge(recorders);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------- calibration

    private long calibrationErrors;

    /**
     * Each request's exact transactions, one request at a time, the logs flushed after each (as if a second passed
     * between them, so that no two transcript lines share a flush: the real-time cost of a ping).
     */
    private Map<String, StorageCost.PerRequest> calibrate(List<LoadUser> users) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        int samples = Math.min(20, users.size());
        for (int i = 0; i < samples; i++) {
            LoadUser user = users.get(i);
            // Pings 30 s apart in 3-minute chunks: one in six writes.
            for (int p = 0; p < StorageCost.CHUNK_SECONDS / PING_INTERVAL_SECONDS; p++) {
                Map.Entry<String, Integer> next = user.nextPing(videos);
                long[] spent = exact(() -> api.post("/api/watch/" + next.getKey() + "/progress", user.cookie,
                        Map.of("offset", next.getValue())));
                String key = lastReply.json().path("wrote").asBoolean() ? "progress ping that writes"
                        : "progress ping that writes nothing";
                add(sums, counts, key, spent);
            }
            for (String path : List.of("/api/library", "/api/library?author=jeffrey-richter&q=tables",
                    "/api/library/videos/" + videos.get(i % videos.size()).id())) {
                add(sums, counts, "library: GET " + path.replaceAll("/videos/.*", "/videos/{id}"),
                        exact(() -> api.get(path, user.cookie)));
            }
            for (String path : DASHBOARD) {
                add(sums, counts, "dashboard: GET " + path, exact(() -> api.get(path, user.cookie)));
            }
        }
        System.out.println();
        System.out.println("Exact transactions per request, one request at a time, logs flushed after each ("
                + samples + " users):");
        System.out.println();
        System.out.println("| request | samples | table transactions | blob reads | blob writes | by kind |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        Map<String, StorageCost.PerRequest> result = new LinkedHashMap<>();
        sums.forEach((key, sum) -> {
            int n = counts.get(key);
            int half = KINDS.length;
            long table = 0;
            StringBuilder kinds = new StringBuilder();
            long[] blob = new long[half];
            for (int k = 0; k < half; k++) {
                table += sum[k];
                blob[k] = sum[half + k];
                if (sum[k] != 0) {
                    kinds.append(String.format(Locale.ROOT, "table %s %.2f; ", KINDS[k].name().toLowerCase(Locale.ROOT),
                            sum[k] / (double) n));
                }
                if (blob[k] != 0) {
                    kinds.append(String.format(Locale.ROOT, "blob %s %.2f; ", KINDS[k].name().toLowerCase(Locale.ROOT),
                            blob[k] / (double) n));
                }
            }
            if (sum[2 * half] != 0) {
                kinds.append(String.format(Locale.ROOT, "of which failed (404, 409, 412) %.2f; ", sum[2 * half] / (double) n));
            }
            StorageCost.PerRequest each = new StorageCost.PerRequest(table / (double) n, blobWrites(blob) / (double) n,
                    blobReads(blob) / (double) n);
            result.put(key, each);
            System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %s |%n", key, n, each.table(),
                    each.blobReads(), each.blobWrites(), kinds.toString().replaceAll("; $", ""));
        });
        return result;
    }

    private ServiceClient.Reply lastReply;

    /** The transactions of one request and the log flush after it: table by kind, then blob by kind. */
    private long[] exact(java.util.function.Supplier<ServiceClient.Reply> request) {
        service.logs().flush();
        TransactionCounts before = counter.snapshot();
        long[] blobBefore = blobs.snapshot();
        lastReply = request.get();
        if (!lastReply.ok()) {
            calibrationErrors++;
            System.out.println("ERROR in calibration: HTTP " + lastReply.status() + " "
                    + new String(lastReply.body(), StandardCharsets.UTF_8));
        }
        if (lastReply.json().path("wrote").asBoolean()) {
            chunksLogged.incrementAndGet();
        }
        service.logs().flush();
        TransactionCounts spent = counter.snapshot().minus(before);
        long[] blob = blobs.snapshot();
        for (int k = 0; k < blob.length; k++) {
            blob[k] -= blobBefore[k];
        }
        checkSplit("calibration", spent, blob);
        long[] result = new long[KINDS.length * 2 + 1];
        result[KINDS.length * 2] = spent.failed();
        for (int k = 0; k < KINDS.length; k++) {
            long b = blob[k];
            result[k] = spent.get(KINDS[k]) - b;
            result[KINDS.length + k] = b;
        }
        return result;
    }

    private static void add(Map<String, long[]> sums, Map<String, Integer> counts, String key, long[] spent) {
        long[] sum = sums.computeIfAbsent(key, k -> new long[spent.length]);
        for (int i = 0; i < spent.length; i++) {
            sum[i] += spent[i];
        }
        counts.merge(key, 1, Integer::sum);
    }

    private record Idle(double seconds, TransactionCounts spent) {
    }

    private Idle idle(Duration duration) throws InterruptedException {
        TransactionCounts before = counter.snapshot();
        long start = System.nanoTime();
        Thread.sleep(duration.toMillis()); // a benchmark observing a real service at rest, not a test
        return new Idle((System.nanoTime() - start) / 1e9, counter.snapshot().minus(before));
    }

    // ---------------------------------------------------------------------------------------------- storage held

    /** Bytes the service keeps, measured after the run. */
    record Footprint(int users, long fixedTableBytes, long fixedBlobBytes, long watchedRows, long watchedBytes,
            long transcriptBytes, long chunks) {
    }

    private Footprint storage(Azurite azurite, int users) {
        TableServiceClient tables = new TableServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient();
        BlobServiceClient blobClient = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient();
        Map<String, long[]> byTable = new TreeMap<>();
        tables.listTables().forEach(item -> {
            TableClient table = tables.getTableClient(item.getName());
            long[] sizes = new long[2];
            table.listEntities().forEach(entity -> {
                sizes[0]++;
                sizes[1] += entityBytes(entity);
            });
            byTable.put(item.getName(), sizes);
        });
        Map<String, Long> byContainer = new TreeMap<>();
        long transcripts = 0;
        for (var container : blobClient.listBlobContainers()) {
            long bytes = 0;
            for (BlobItem blob : blobClient.getBlobContainerClient(container.getName()).listBlobs()) {
                long size = blob.getProperties().getContentLength();
                if (blob.getName().startsWith("transcripts/")) {
                    transcripts += size;
                } else {
                    bytes += size;
                }
            }
            byContainer.put(container.getName(), bytes);
        }
        long[] watched = byTable.getOrDefault("WatchedVideos", new long[2]);
        long fixedTable = byTable.values().stream().mapToLong(s -> s[1]).sum() - watched[1];
        long fixedBlob = byContainer.entrySet().stream().filter(e -> !e.getKey().equals("library"))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.println();
        System.out.println("Storage held after the run (table sizes by Azure's entity-size formula):");
        byTable.forEach((name, s) -> System.out.printf(Locale.ROOT, "- table %s: %,d entities, %,d bytes%n", name, s[0],
                s[1]));
        byContainer.forEach((name, bytes) -> System.out.printf(Locale.ROOT, "- container %s: %,d bytes%s%n", name,
                bytes, name.equals("logs") ? " (without transcripts)" : ""));
        System.out.printf(Locale.ROOT, "- transcripts: %,d bytes for %,d chunks logged%n", transcripts,
                chunksLogged.get());
        return new Footprint(users, fixedTable, fixedBlob, watched[0], watched[1], transcripts, chunksLogged.get());
    }

    /**
     * Azure's documented billable size of an entity: 4 bytes + 2 per key character + per property 8 bytes + 2 per
     * name character + the value (string 4 + 2 per character, binary 4 + length, bool 1, int 4, long/double/date 8,
     * GUID 16).
     */
    static long entityBytes(TableEntity entity) {
        long bytes = 4 + 2L * (entity.getPartitionKey().length() + entity.getRowKey().length());
        for (Map.Entry<String, Object> property : entity.getProperties().entrySet()) {
            String name = property.getKey();
            if (name.equals("PartitionKey") || name.equals("RowKey") || name.startsWith("odata.")
                    || name.endsWith("@odata.type")) {
                continue;
            }
            Object value = property.getValue();
            long size;
            if (value instanceof String s) {
                size = 4 + 2L * s.length();
            } else if (value instanceof byte[] b) {
                size = 4 + b.length;
            } else if (value instanceof Boolean) {
                size = 1;
            } else if (value instanceof Integer) {
                size = 4;
            } else if (value instanceof java.util.UUID) {
                size = 16;
            } else {
                size = 8;
            }
            bytes += 8 + 2L * name.length() + size;
        }
        return bytes;
    }

    // ---------------------------------------------------------------------------------------------- cost

    private void cost(Map<String, StorageCost.PerRequest> exact, Footprint footprint) {
        StorageCost.UsageModel model = MODEL;
        StorageCost.PerRequest writes = exact.get("progress ping that writes");
        StorageCost.PerRequest nothing = exact.get("progress ping that writes nothing");
        if (writes == null || nothing == null) {
            throw new IllegalStateException("The calibration saw no ping of one kind: " + exact.keySet());
        }
        // Measured alone, a writing ping's transcript line is flushed by itself: 2 blob writes. In service, one
        // flush (still 2 writes) carries every line of the flush interval, so a line's share is 2 / lines per flush.
        writes = new StorageCost.PerRequest(writes.table(), writes.blobWrites() / model.transcriptLinesPerFlush(),
                writes.blobReads());
        StorageCost.PerRequest ping = nothing.mix(writes, model.writingShare());
        StorageCost.PerRequest view = new StorageCost.PerRequest(0, 0, 0);
        for (String path : DASHBOARD) {
            StorageCost.PerRequest each = exact.get("dashboard: GET " + path);
            view = new StorageCost.PerRequest(view.table() + each.table(), view.blobWrites() + each.blobWrites(),
                    view.blobReads() + each.blobReads());
        }
        List<StorageCost.PerRequest> libraryRequests = exact.entrySet().stream()
                .filter(e -> e.getKey().startsWith("library:")).map(Map.Entry::getValue).toList();
        StorageCost.PerRequest browse = new StorageCost.PerRequest(
                libraryRequests.stream().mapToDouble(StorageCost.PerRequest::table).average().orElse(0),
                libraryRequests.stream().mapToDouble(StorageCost.PerRequest::blobWrites).average().orElse(0),
                libraryRequests.stream().mapToDouble(StorageCost.PerRequest::blobReads).average().orElse(0));
        // Background, by design: each instance polls the library blob every 5 minutes (one read when unchanged)
        // and the IP-to-country blob daily.
        double backgroundReads = INSTANCES * (30.0 * 24 * 12 + 30);
        StorageCost.PerRequest background = new StorageCost.PerRequest(0, 0, 1);

        double avgDuration = videos.stream().mapToInt(VideoLibrary.Video::durationSeconds).average().orElse(3600);
        double videosKept = Math.min(videos.size(), model.hoursWatched() * 3600 / avgDuration * RETENTION_MONTHS);
        double chunksKept = model.hoursWatched() * 3600 / StorageCost.CHUNK_SECONDS * RETENTION_MONTHS;
        double gib = 1024.0 * 1024 * 1024;
        double tableBytesPerUser = footprint.fixedTableBytes() / (double) footprint.users()
                + videosKept * footprint.watchedBytes() / Math.max(1, footprint.watchedRows());
        double blobBytesPerUser = footprint.fixedBlobBytes() / (double) footprint.users()
                + chunksKept * footprint.transcriptBytes() / Math.max(1, footprint.chunks());
        double tableGb = model.users() * tableBytesPerUser / gib;
        double blobGb = model.users() * blobBytesPerUser / gib;

        System.out.println();
        System.out.printf(Locale.ROOT, "Monthly storage cost for %,d active users: %.0f hours watched each, a progress"
                + " ping every %d s (%.0f%% of pings write), %.0f dashboard views and %.0f library requests each, %d"
                + " service instances, transcript lines flushed every %d s (%.1f lines a flush); prices per"
                + " StorageCost (USD, LRS, hot blobs).%n%n", model.users(),
                model.hoursWatched(), model.pingIntervalSeconds(), 100 * model.writingShare(), model.dashboardViews(),
                model.libraryRequests(), INSTANCES, model.transcriptFlushSeconds(), model.transcriptLinesPerFlush());
        System.out.println("| item | count per month | table transactions | blob reads | blob writes | USD per month |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        double total = 0;
        total += costRow("progress pings", model.pings(), ping);
        total += costRow("dashboard views (5 requests each)", model.users() * model.dashboardViews(), view);
        total += costRow("library requests", model.users() * model.libraryRequests(), browse);
        total += costRow("background: library polls by " + INSTANCES + " instances", backgroundReads, background);
        double tableCapacity = StorageCost.capacity(tableGb, 0);
        double blobCapacity = StorageCost.capacity(0, blobGb);
        System.out.printf(Locale.ROOT, "| table capacity: %.2f GiB (%,.0f bytes per user: user, account, "
                + "bookmarks, %.0f watched-video rows) | | | | | %.2f |%n", tableGb, tableBytesPerUser, videosKept,
                tableCapacity);
        System.out.printf(Locale.ROOT, "| blob capacity: %.2f GiB (%,.0f bytes per user: queue, logs, %d months of"
                + " transcript lines) | | | | | %.2f |%n", blobGb, blobBytesPerUser, RETENTION_MONTHS, blobCapacity);
        total += tableCapacity + blobCapacity;
        System.out.printf(Locale.ROOT, "| **total** | | | | | **%.2f** |%n", total);
        System.out.printf(Locale.ROOT, "%nPer user per month: $%.5f. Per ping: %.3f table transactions, %.3f blob"
                + " writes, %.3f blob reads.%n", total / model.users(), ping.table(), ping.blobWrites(),
                ping.blobReads());
    }

    private static double costRow(String item, double count, StorageCost.PerRequest each) {
        double dollars = StorageCost.transactions(count, each);
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %,.0f | %.2f |%n", item, count,
                count * each.table(), count * each.blobReads(), count * each.blobWrites(), dollars);
        return dollars;
    }
}
