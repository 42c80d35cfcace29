package io.github.azkit.examples.video.http;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.azkit.examples.video.Json;
import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.examples.video.Signer;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.accounts.PasswordHasher;
import io.github.azkit.examples.video.accounts.Payment;
import io.github.azkit.examples.video.accounts.SeatWorkflow;
import io.github.azkit.examples.video.accounts.User;
import io.github.azkit.examples.video.geo.IpCountries;
import io.github.azkit.examples.video.library.VideoLibrary;
import io.github.azkit.examples.video.billing.Billing;
import io.github.azkit.examples.video.billing.PaymentGateway;
import io.github.azkit.examples.video.billing.SimulatedGateway;
import io.github.azkit.examples.video.logs.ServiceLogs;
import io.github.azkit.examples.video.royalties.Royalties;
import io.github.azkit.election.PeriodicElector;
import io.github.azkit.logging.LogPeriod;
import io.github.azkit.examples.video.accounts.PromoCodes;
import io.github.azkit.examples.video.mail.BlobOutbox;
import io.github.azkit.examples.video.watch.Bookmarks;
import io.github.azkit.examples.video.watch.VideoQueue;
import io.github.azkit.examples.video.watch.Watching;
import io.github.azkit.storage.AttemptTracker;
import io.github.azkit.storage.BlobReadLinks;
import io.github.azkit.storage.CachedBlob;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.core.util.BinaryData;
import java.util.List;
import io.github.azkit.storage.TransactionCounter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpResponseException;
import io.javalin.http.SameSite;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference service's HTTP API (JSON), on Javalin. Sessions are signed cookies, so any instance can serve any
 * request: several instances may run against the same storage at once.
 *
 * <p><b>Under storage faults</b> every route is safe to repeat: each write is applied exactly once (ETag
 * read-modify-writes through {@code OptimisticUpdate}; an insert's 409 after a lost response is recognised as its
 * own; a charge reuses the idempotency key recorded on the account). A storage failure that reaches a handler is
 * answered {@code 503} with a sentence that says to try again (storage errors 5xx, 408, 429, I/O errors and
 * timeouts, once the SDK's retries are spent), never a 500; the ambiguous case, a write storage could not confirm
 * ({@code OutcomeUnknownException}), gets a 503 whose sentence says the change may have been made and to reload
 * before repeating it. A request that failed may have done some of its steps (a seat granted but its email not
 * sent); repeating it completes it without doing any step twice.
 *
 * <p>Thread-safe. {@link #close()} stops the server.
 */
public final class VideoService implements AutoCloseable {

    /** The largest request body accepted. */
    public static final long MAX_BODY_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(VideoService.class);
    private static final String SESSION = "session";
    private static final Duration SESSION_LIFETIME = Duration.ofHours(12);

    private final Javalin app;
    private final Directory directory;
    private final SeatWorkflow seats;
    private final BlobOutbox outbox;
    private final Signer signer;
    private final Clock clock;
    private final TransactionCounter counter;
    private final boolean demoOutbox;
    private final CachedBlob<VideoLibrary> library;
    private final CachedBlob<IpCountries> countries;
    private final BlobClient libraryBlob;
    private final Watching watching;
    private final Bookmarks bookmarks;
    private final VideoQueue queue;
    private final ServiceLogs logs;
    private final PromoCodes promos;
    private final Duration transcriptLinkLifetime;
    private final Billing billing;
    private final Royalties royalties;
    private final PeriodicElector royaltiesElector;
    private final List<Long> royaltyPeriodsRun = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final PeriodicElector billingElector;
    private final List<Billing.Run> billingRuns = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Long> billingPeriodsRun = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The library blob's name in the {@code library} container. */
    public static final String LIBRARY_BLOB = "video-library.xml";
    /** The IP-to-country blob's name in the {@code library} container. */
    public static final String COUNTRIES_BLOB = "ip-to-country.csv";

    private VideoService(Options options) {
        this.clock = options.clock;
        this.counter = options.counter;
        this.demoOutbox = options.demoOutbox;
        // The tracker tells OptimisticUpdate which 412s follow a lost response; it costs no transaction.
        AttemptTracker tracker = new AttemptTracker();
        // The tracker sits before any extra policy (a fault injector, say), so that it sees an injected lost
        // response as lost, as it would a real transport failure.
        BlobServiceClientBuilder blobBuilder = new BlobServiceClientBuilder()
                .connectionString(options.connectionString).addPolicy(counter).addPolicy(tracker);
        TableServiceClientBuilder tableBuilder = new TableServiceClientBuilder()
                .connectionString(options.connectionString).addPolicy(counter).addPolicy(tracker);
        for (com.azure.core.http.policy.HttpPipelinePolicy policy : options.storagePolicies) {
            blobBuilder.addPolicy(policy);
            tableBuilder.addPolicy(policy);
        }
        if (options.storageTries > 0) {
            blobBuilder.retryOptions(new com.azure.storage.common.policy.RequestRetryOptions(
                    com.azure.storage.common.policy.RetryPolicyType.EXPONENTIAL, options.storageTries, (Duration) null,
                    options.storageRetryDelay, options.storageRetryDelay.multipliedBy(20), null));
            tableBuilder.retryOptions(new com.azure.core.http.policy.RetryOptions(
                    new com.azure.core.http.policy.ExponentialBackoffOptions().setMaxRetries(options.storageTries - 1)
                            .setBaseDelay(options.storageRetryDelay)
                            .setMaxDelay(options.storageRetryDelay.multipliedBy(20))));
        }
        BlobServiceClient blobs = blobBuilder.buildClient();
        TableServiceClient tables = tableBuilder.buildClient();
        this.signer = Signer.shared(blobs.createBlobContainerIfNotExists(options.prefix + "config")
                .getBlobClient("signing-secret"));
        this.outbox = new BlobOutbox(blobs.getBlobContainerClient(options.prefix + "outbox"));
        this.directory = new Directory(tables.createTableIfNotExists(options.prefix + User.TABLE),
                tables.createTableIfNotExists(options.prefix + Account.TABLE), new PasswordHasher(options.kdfIterations));
        BlobContainerClient libraryContainer = blobs.createBlobContainerIfNotExists(options.prefix + "library");
        this.libraryBlob = libraryContainer.getBlobClient(LIBRARY_BLOB);
        if (options.sampleData) {
            uploadIfAbsent(libraryBlob, "video-library.xml");
            uploadIfAbsent(libraryContainer.getBlobClient(COUNTRIES_BLOB), "ip-to-country.csv");
        }
        this.library = CachedBlob.<VideoLibrary>builder().blobClient(libraryBlob)
                .parser(data -> VideoLibrary.parse(data.toBytes())).pollInterval(options.libraryPoll).build();
        this.countries = CachedBlob.<IpCountries>builder().blobClient(libraryContainer.getBlobClient(COUNTRIES_BLOB))
                .parser(data -> IpCountries.parse(data.toBytes())).pollInterval(Duration.ofDays(1)).build();
        library.refresh();
        countries.refresh();
        com.azure.data.tables.TableClient statsTable = tables.createTableIfNotExists(options.prefix + "VideoStats");
        this.watching = new Watching(tables.createTableIfNotExists(options.prefix + "WatchedVideos"), statsTable,
                clock, options.maxPlaybackSpeed);
        this.royalties = new Royalties(statsTable, blobs.getBlobContainerClient(options.prefix + "reports"),
                library::get);
        // One instance of however many run makes each period's report; the job reports the quarter before the
        // period's start, and is idempotent, so a take-over after a crash is harmless.
        BlobContainerClient elections = blobs.createBlobContainerIfNotExists(options.prefix + "elections");
        this.royaltiesElector = elector(elections, "royalties", options.royaltiesStart, options.royaltiesPeriod,
                context -> {
                    Instant quarterAgo = LogPeriod.QUARTERLY.shift(context.periodStart(), -1);
                    royalties.produce(LogPeriod.QUARTERLY.label(quarterAgo));
                    royaltyPeriodsRun.add(context.period());
                });
        this.bookmarks = new Bookmarks(tables.createTableIfNotExists(options.prefix + "Bookmarks"));
        this.queue = new VideoQueue(blobs.getBlobContainerClient(options.prefix + "queues"));
        this.logs = new ServiceLogs(blobs.getBlobContainerClient(options.prefix + "logs"), clock);
        this.promos = new PromoCodes(tables.createTableIfNotExists(options.prefix + "PromoCodes"), clock);
        this.transcriptLinkLifetime = options.transcriptLinkLifetime;
        this.billing = new Billing(directory, options.gateway == null ? new SimulatedGateway(clock) : options.gateway,
                clock);
        // Billing: every day one instance bills every account for the month. Accounts paid for the month are
        // skipped, accounts in their grace period are retried, and each charge carries an idempotency key, so a
        // run replayed after a crash, or by another instance, never charges twice.
        this.billingElector = options.billingStart == null ? null : elector(elections, "billing",
                options.billingStart, options.billingPeriod, context -> {
                    Billing.Run run = billing.billAll(java.time.YearMonth.from(
                            context.periodStart().atOffset(java.time.ZoneOffset.UTC)));
                    LOG.info("Billing run of period {}: {}", context.period(), run);
                    billingRuns.add(run);
                    billingPeriodsRun.add(context.period());
                });
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            // The pages: plain HTML, CSS and JavaScript from the class path, no build chain. They only call /api.
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/io/github/azkit/examples/video/web";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
        });
        this.seats = new SeatWorkflow(directory, outbox, signer, this::url, clock);
        routes();
        app.start("127.0.0.1", options.port);
        royaltiesElector.start();
        if (billingElector != null) {
            billingElector.start();
        }
    }

    /** One of N instances runs each period's job; the lease blob is named after the job. */
    private PeriodicElector elector(BlobContainerClient elections, String name, Instant start, Duration period,
            io.github.azkit.election.PeriodicJob job) {
        return PeriodicElector.builder().blobClient(elections.getBlobClient(name)).schedule(start, period)
                .leaseDuration(Duration.ofSeconds(15)).clock(clock).job(job).build();
    }

    /**
     * Starts an instance.
     *
     * @param options where the storage is and how to run
     * @return the running service
     */
    public static VideoService start(Options options) {
        return new VideoService(options);
    }

    /**
     * The service's base URL.
     *
     * @return for example {@code http://127.0.0.1:8080}
     */
    public String url() {
        return "http://127.0.0.1:" + app.port();
    }

    /**
     * The directory of users and accounts, for set-up code such as demo data.
     *
     * @return the directory
     */
    public Directory directory() {
        return directory;
    }

    /**
     * The periods of the royalties schedule whose job this instance ran.
     *
     * @return the period indexes, in the order run
     */
    public List<Long> royaltyPeriodsRun() {
        return List.copyOf(royaltyPeriodsRun);
    }

    /**
     * The service's logs, for set-up code and tests.
     *
     * @return the logs
     */
    public ServiceLogs logs() {
        return logs;
    }

    /**
     * The library this instance serves now.
     *
     * @return the library, or empty if the blob is missing or has never parsed
     */
    public java.util.Optional<VideoLibrary> library() {
        return library.get();
    }

    /**
     * The billing runs this instance made, as the billing elector chose it.
     *
     * @return the runs, in order
     */
    public List<Billing.Run> billingRuns() {
        return List.copyOf(billingRuns);
    }

    /**
     * The periods of the billing schedule whose run this instance made.
     *
     * @return the period indexes, in the order run
     */
    public List<Long> billingPeriodsRun() {
        return List.copyOf(billingPeriodsRun);
    }

    @Override
    public void close() {
        if (billingElector != null) {
            billingElector.close();
        }
        royaltiesElector.close();
        app.stop();
        logs.close();
        library.close();
        countries.close();
    }

    private static void uploadIfAbsent(BlobClient blob, String resource) {
        try (java.io.InputStream in = VideoService.class.getResourceAsStream("/io/github/azkit/examples/video/"
                + resource)) {
            if (!blob.exists()) {
                blob.upload(BinaryData.fromBytes(java.util.Objects.requireNonNull(in, resource).readAllBytes()), true);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The country of the request's address, from the in-memory IP-to-country table; "ZZ" if unknown. */
    private String country(Context ctx) {
        return countries.get().flatMap(c -> c.country(ctx.ip())).orElse("ZZ");
    }

    private VideoLibrary currentLibrary() {
        return library.get().orElseThrow(() -> new ServiceException(503,
                "The video library is not available right now. Please try again in a few minutes."));
    }

    private VideoLibrary.Video video(Context ctx) {
        return currentLibrary().video(ctx.pathParam("video"))
                .orElseThrow(() -> new ServiceException(404, "There is no video '" + ctx.pathParam("video") + "'."));
    }

    private Account payingAccount(User user) {
        return seats.payingAccount(user).orElseThrow(() -> new ServiceException(403, "No account pays for your"
                + " watching right now: ask your account administrator for a seat, or check the account's payment."));
    }

    private User siteAdmin(Context ctx) {
        User user = signedIn(ctx);
        if (!user.siteAdmin()) {
            throw new ServiceException(403, "Only site administrators can do that.");
        }
        return user;
    }

    private static int offset(Map<String, Object> body, VideoLibrary.Video video) {
        int offset = integer(body, "offset");
        if (offset < 0 || offset > video.durationSeconds()) {
            throw new ServiceException(400, "'offset' must be between 0 and " + video.durationSeconds()
                    + " seconds for this video, was " + offset + ".");
        }
        return offset;
    }

    private void routes() {
        app.before(ctx -> {
            // Scripts only from this origin (the pages have no inline script), no framing, no MIME sniffing.
            ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "same-origin");
        });
        app.exception(ServiceException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 404) {
                notFound(ctx);
            } else {
                error(ctx, e.getStatus(), e.getStatus() == 413 ? "The request is larger than " + MAX_BODY_BYTES / 1024
                        + " KiB." : e.getMessage());
            }
        });
        app.exception(Exception.class, (e, ctx) -> {
            Optional<StorageFailures.Answer> storage = StorageFailures.answer(e);
            if (storage.isPresent()) {
                LOG.warn("Storage failed on {} {}: answered 503: {}", ctx.method(), ctx.path(), e.toString());
                error(ctx, 503, storage.get().sentence());
                return;
            }
            LOG.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
            logs.error(ctx.method() + " " + ctx.path(), e);
            error(ctx, 500, "Something went wrong on our side. Please try again in a minute.");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                notFound(ctx);
            }
        });

        app.post("/api/register", ctx -> {
            Map<String, Object> body = body(ctx);
            Object code = body.get("promoCode");
            Optional<PromoCodes.PromoCode> promo = Optional.empty();
            if (code != null && !code.toString().isBlank()) {
                promo = promos.usable(code.toString());
                if (promo.isEmpty()) {
                    throw new ServiceException(400, "The promo code '" + code + "' is unknown or has expired.");
                }
            }
            User registered;
            boolean resumed = false;
            try {
                registered = directory.register(text(body, "email"), text(body, "name"), text(body, "password"));
            } catch (ServiceException e) {
                // A registration with a promo code is several writes; if storage failed between them (or could not
                // confirm the last), the person repeats it: the same password, and no seat yet or only the seat of
                // their own personal account, finishes it (or finds it finished) instead of answering 409.
                Optional<User> unfinished = e.status() != 409 || promo.isEmpty() ? Optional.empty()
                        : directory.login(text(body, "email"), text(body, "password"))
                                .filter(u -> u.granteeOf().isEmpty() || u.granteeOf().equals(u.adminOf()));
                registered = unfinished.orElseThrow(() -> e);
                resumed = true;
            }
            User user = registered;
            String registeredEmail = registered.email();
            boolean resumedWithSeat = !registered.granteeOf().isEmpty();
            String country = country(ctx);
            if (!resumed) {
                logs.registration(user.email(), country, promo.map(PromoCodes.PromoCode::code).orElse(""));
            }
            if (promo.isPresent()) {
                PromoCodes.PromoCode used = promo.get();
                String name = user.name() + " (" + used.code() + ")";
                // The personal account an interrupted registration already made, if any (none on a first try).
                Account personal = user.adminOf().stream().map(directory::account).flatMap(Optional::stream)
                        .filter(a -> a.name().equals(name) && a.payment() instanceof Payment.Promotion p
                                && p.code().equals(used.code()))
                        .findFirst().orElseGet(() -> {
                            if (resumedWithSeat) {
                                throw new ServiceException(409, registeredEmail + " is already registered: sign in"
                                        + " instead.");
                            }
                            return directory.createAccount(name, registeredEmail, 1,
                                new Payment.Promotion(used.code(),
                                        java.time.LocalDate.now(clock).plusDays(used.freeDays())));
                        });
                directory.grants().grant(personal.id(), registeredEmail); // already granted: no write
                user = directory.updateUser(registeredEmail, u -> u.granteeOf().equals(List.of(personal.id()))
                        ? Optional.empty() : Optional.of(new User(u.email(), u.userId(), u.name(),
                        u.passwordHash(), u.adminOf(), List.of(personal.id()), u.siteAdmin()))).orElseThrow();
                logs.promoUse(used.code(), user.email());
            }
            signIn(ctx, user);
            ctx.status(201).json(me(user));
        });
        app.post("/api/login", ctx -> {
            Map<String, Object> body = body(ctx);
            User user = directory.login(text(body, "email"), text(body, "password"))
                    .orElseThrow(() -> new ServiceException(401, "That email and password do not match."));
            signIn(ctx, user);
            ctx.json(me(user));
        });
        app.post("/api/logout", ctx -> {
            ctx.removeCookie(SESSION, "/");
            ctx.status(204);
        });
        app.get("/api/me", ctx -> ctx.json(me(signedIn(ctx))));
        app.post("/api/me/email", ctx -> {
            User user = signedIn(ctx);
            Map<String, Object> body = body(ctx);
            User moved = directory.changeEmail(user.email(), text(body, "email"), text(body, "password"));
            signIn(ctx, moved);
            ctx.json(me(moved));
        });

        app.post("/api/accounts", ctx -> {
            User user = signedIn(ctx);
            Map<String, Object> body = body(ctx);
            Payment payment = chosenPayment(user, body.get("payment"));
            Account account = directory.createAccount(text(body, "name"), user.email(), integer(body, "seats"), payment);
            ctx.status(201).json(account);
        });
        app.get("/api/accounts/{id}", ctx -> ctx.json(accountView(adminAccount(ctx), ctx.queryParam("after"))));
        app.post("/api/accounts/{id}/seats", ctx -> {
            User user = signedIn(ctx);
            String grantee = text(body(ctx), "email");
            Account account = seats.grant(user.email(), ctx.pathParam("id"), grantee);
            logs.accountAdmin(account.id(), user.email(), "grant", Directory.email(grantee));
            ctx.json(accountView(account, null));
        });
        app.delete("/api/accounts/{id}/seats/{email}", ctx -> {
            User user = signedIn(ctx);
            Account account = seats.revoke(user.email(), ctx.pathParam("id"), ctx.pathParam("email"));
            logs.accountAdmin(account.id(), user.email(), "revoke", Directory.email(ctx.pathParam("email")));
            ctx.json(accountView(account, null));
        });
        app.post("/api/accounts/{id}/seats/{email}/resend", ctx -> {
            User user = signedIn(ctx);
            seats.resend(user.email(), ctx.pathParam("id"), ctx.pathParam("email"));
            ctx.status(204);
        });
        app.post("/api/seats/accept", ctx -> {
            String token = text(body(ctx), "token");
            Optional<User> user = session(ctx);
            SeatWorkflow.Acceptance result = seats.accept(token, user.map(User::email).orElse(null));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("result", result);
            ctx.status(result == SeatWorkflow.Acceptance.REVOKED ? 410 : 200).json(answer);
        });
        app.get("/api/library", ctx -> {
            VideoLibrary current = currentLibrary();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("instructors", current.instructors().values());
            answer.put("videos", current.search(ctx.queryParam("author"), ctx.queryParam("q")));
            ctx.json(answer);
        });
        app.get("/api/library/videos/{video}", ctx -> ctx.json(video(ctx)));
        // @start region="guide-library-link"
        app.get("/api/library/link", ctx -> {
            signedIn(ctx);
            ctx.json(Map.of("url", BlobReadLinks.create(libraryBlob, Duration.ofMinutes(15), clock)));
        });
        // @end region="guide-library-link"
        app.get("/api/pricing", ctx -> {
            String country = country(ctx);
            ctx.json(Map.of("country", country, "monthlyPriceUsd", Pricing.monthlyPrice(country)));
        });
        app.post("/api/watch/{video}/progress", ctx -> {
            VideoLibrary.Video video = video(ctx);
            User user = signedIn(ctx);
            Account paying = payingAccount(user);
            boolean wrote = watching.progress(user.userId(), video.id(), offset(body(ctx), video));
            if (wrote) {
                // The country of this request, not of registration: regional prices follow where people watch.
                logs.watched(paying.id(), user.email(), video.id(), Watching.CHUNK_SECONDS / 60, country(ctx));
            }
            ctx.json(Map.of("wrote", wrote));
        });
        app.post("/api/watch/{video}/stop", ctx -> {
            VideoLibrary.Video video = video(ctx);
            String userId = signedInId(ctx);
            watching.stop(userId, video.id(), offset(body(ctx), video));
            ctx.status(204);
        });
        app.get("/api/history", ctx -> ctx.json(watching.history(signedInId(ctx))));
        app.get("/api/continue", ctx -> {
            List<Watching.Watched> history = watching.history(signedInId(ctx));
            if (history.isEmpty()) {
                throw new ServiceException(404, "Nothing to continue yet: start a video.");
            }
            ctx.json(history.get(0));
        });
        app.get("/api/bookmarks", ctx -> ctx.json(bookmarks.all(signedInId(ctx))));
        app.get("/api/bookmarks/{video}", ctx -> ctx.json(bookmarks.list(signedInId(ctx), video(ctx).id())));
        app.post("/api/bookmarks/{video}", ctx -> {
            VideoLibrary.Video video = video(ctx);
            String userId = signedInId(ctx);
            Map<String, Object> body = body(ctx);
            ctx.json(bookmarks.add(userId, video.id(),
                    new Bookmarks.Bookmark(offset(body, video), text(body, "note"))));
        });
        app.delete("/api/bookmarks/{video}/{index}", ctx -> {
            VideoLibrary.Video video = video(ctx);
            int index;
            try {
                index = Integer.parseInt(ctx.pathParam("index"));
            } catch (NumberFormatException e) {
                throw new ServiceException(400, "The bookmark index must be a whole number.");
            }
            Integer expected;
            try {
                expected = ctx.queryParam("offset") == null ? null : Integer.valueOf(ctx.queryParam("offset"));
            } catch (NumberFormatException e) {
                throw new ServiceException(400, "'offset' must be the bookmark's offset in whole seconds.");
            }
            ctx.json(bookmarks.remove(signedInId(ctx), video.id(), index, expected));
        });
        app.get("/api/queue", ctx -> ctx.json(queue.get(signedInId(ctx))));
        app.post("/api/queue", ctx -> {
            String userId = signedInId(ctx);
            String videoId = text(body(ctx), "videoId");
            if (currentLibrary().video(videoId).isEmpty()) {
                throw new ServiceException(404, "There is no video '" + videoId + "'.");
            }
            ctx.json(queue.add(userId, videoId));
        });
        app.delete("/api/queue/{video}", ctx -> ctx.json(queue.remove(signedInId(ctx), ctx.pathParam("video"))));
        app.put("/api/queue", ctx -> {
            String userId = signedInId(ctx);
            Object order = body(ctx).get("order");
            if (!(order instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                throw new ServiceException(400, "'order' must be a list of video ids.");
            }
            ctx.json(queue.reorder(userId, list.stream().map(String.class::cast).toList()));
        });
        // @start region="guide-transcript-route"
        app.get("/api/accounts/{id}/transcript", ctx -> {
            Account account = adminAccount(ctx);
            java.time.YearMonth month;
            try {
                String text = ctx.queryParam("month");
                month = text == null ? java.time.YearMonth.now(clock) : java.time.YearMonth.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                throw new ServiceException(400, "'month' must look like 2026-11.");
            }
            logs.flushAccount(account.id());
            ctx.json(Map.of("month", month.toString(), "url",
                    logs.transcriptLink(account.id(), month, transcriptLinkLifetime)));
        });
        // @end region="guide-transcript-route"
        app.get("/api/accounts/{id}/usage", ctx -> {
            Account account = adminAccount(ctx);
            int months;
            try {
                months = Integer.parseInt(Optional.ofNullable(ctx.queryParam("months")).orElse("6"));
            } catch (NumberFormatException e) {
                months = -1;
            }
            if (months < 1 || months > 24) {
                throw new ServiceException(400, "'months' must be a whole number from 1 to 24.");
            }
            ctx.json(logs.minutesByMember(account.id(), java.time.YearMonth.now(clock), months));
        });
        app.put("/api/accounts/{id}/payment", ctx -> {
            User user = signedIn(ctx);
            Account account = adminAccount(ctx, user);
            ctx.json(billing.changePayment(account.id(), chosenPayment(user, body(ctx).get("payment"))));
        });
        app.get("/api/admin/accounts", ctx -> {
            siteAdmin(ctx);
            int pageSize;
            try {
                pageSize = Integer.parseInt(Optional.ofNullable(ctx.queryParam("pageSize")).orElse("100"));
            } catch (NumberFormatException e) {
                throw new ServiceException(400, "'pageSize' must be a whole number.");
            }
            ctx.json(directory.accounts(pageSize, ctx.queryParam("next")));
        });
        app.post("/api/admin/accounts/{id}/bill", ctx -> {
            siteAdmin(ctx);
            ctx.json(billing.bill(ctx.pathParam("id")));
        });
        app.get("/api/accounts/{id}/log", ctx -> ctx.json(logs.accountLog(adminAccount(ctx).id())));
        app.post("/api/admin/promo-codes", ctx -> {
            siteAdmin(ctx);
            Map<String, Object> body = body(ctx);
            java.time.LocalDate expires;
            try {
                expires = java.time.LocalDate.parse(text(body, "expires"));
            } catch (java.time.format.DateTimeParseException e) {
                throw new ServiceException(400, "'expires' must be a date like 2026-12-31.");
            }
            ctx.status(201).json(promos.create(text(body, "code"), integer(body, "freeDays"), expires));
        });
        app.get("/api/admin/royalties/{quarter}", ctx -> {
            siteAdmin(ctx);
            ctx.contentType("text/csv").result(royalties.report(ctx.pathParam("quarter")).orElseThrow(() ->
                    new ServiceException(404, "The report of " + ctx.pathParam("quarter") + " is not made yet: it"
                            + " is made after the quarter ends.")));
        });
        app.get("/api/admin/promo-codes", ctx -> {
            siteAdmin(ctx);
            ctx.json(promos.list());
        });
        app.get("/api/outbox", ctx -> {
            if (!demoOutbox) {
                throw new ServiceException(404, "The outbox is only readable in the demo configuration.");
            }
            ctx.json(outbox.messagesTo(Directory.email(ctx.queryParam("to"))));
        });
    }

    /** A missing API resource gets a JSON error; a missing page gets a page that says so, with a way back. */
    private static void notFound(Context ctx) {
        if (ctx.path().startsWith("/api/")) {
            error(ctx, 404, "There is no such resource: " + ctx.path());
        } else {
            ctx.status(404).html("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found"
                    + "</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><main><h1>There is no such"
                    + " page</h1><p>Go to <a href=\"/dashboard.html\">your dashboard</a> or <a href=\"/\">sign in</a>."
                    + "</p></main></body></html>");
        }
    }

    /**
     * An account as its page shows it: its fields, and one page of its grantees (at most 1,000, in email order: one
     * range query), with {@code granteesNext}, the {@code after} of the next page, or null on the last.
     */
    private Map<String, Object> accountView(Account account, String after) {
        Map<String, Object> view = Json.MAPPER.convertValue(account,
                new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
        io.github.azkit.examples.video.accounts.Grants.GranteePage page = directory.grants().page(account.id(),
                after == null || after.isEmpty() ? null : Directory.email(after),
                io.github.azkit.examples.video.accounts.Grants.MAX_PAGE);
        view.put("grantees", page.emails());
        view.put("granteesNext", page.next());
        return view;
    }

    private Account adminAccount(Context ctx) {
        return adminAccount(ctx, signedIn(ctx));
    }

    private Account adminAccount(Context ctx, User user) {
        Account account = directory.account(ctx.pathParam("id"))
                .orElseThrow(() -> new ServiceException(404, "There is no account " + ctx.pathParam("id") + "."));
        if (!account.admins().contains(user.email())) {
            throw new ServiceException(403, "Only an administrator of " + account.name() + " can see it.");
        }
        return account;
    }

    private Map<String, Object> me(User user) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("email", user.email());
        me.put("userId", user.userId());
        me.put("name", user.name());
        me.put("adminOf", user.adminOf());
        me.put("granteeOf", user.granteeOf());
        me.put("siteAdmin", user.siteAdmin());
        Optional<Account> paying = seats.payingAccount(user);
        me.put("canWatch", paying.isPresent());
        me.put("payingAccount", paying.map(Account::id).orElse(null));
        if (paying.isEmpty()) {
            me.put("reason", user.granteeOf().stream().map(a -> directory.seat(a, user.email()))
                    .flatMap(Optional::stream)
                    .filter(s -> s.granted() && !s.account().standingReason().isEmpty())
                    .map(s -> s.account().name() + ": " + s.account().standingReason()).findFirst()
                    .orElse("No account has given you a seat yet."));
        }
        return me;
    }

    private void signIn(Context ctx, User user) {
        long expires = clock.instant().plus(SESSION_LIFETIME).getEpochSecond();
        Cookie cookie = new Cookie(SESSION, signer.sign("session|" + user.email() + "|" + user.userId() + "|"
                + expires));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        ctx.cookie(cookie);
    }

    /** A signed, unexpired session cookie's email and user id (a user id never changes, an email may). */
    private record Session(String email, String userId) {
    }

    private Optional<Session> sessionCookie(Context ctx) {
        String cookie = ctx.cookie(SESSION);
        if (cookie == null) {
            return Optional.empty();
        }
        return signer.verify(cookie).map(p -> p.split("\\|", -1))
                .filter(p -> p.length == 4 && p[0].equals("session"))
                .filter(p -> Long.parseLong(p[3]) > clock.instant().getEpochSecond())
                .map(p -> new Session(p[1], p[2]));
    }

    private Optional<User> session(Context ctx) {
        return sessionCookie(ctx).flatMap(s -> directory.user(s.email()));
    }

    /**
     * The signed-in user's id from the signed cookie alone, without reading the user: for the routes that touch
     * only the user's own rows (queue, history, bookmarks, stop), this saves a read per request, 4 of the 10 a
     * dashboard view used to cost.
     */
    private String signedInId(Context ctx) {
        return sessionCookie(ctx).map(Session::userId).orElseThrow(() -> new ServiceException(401, "Please sign in."));
    }

    private User signedIn(Context ctx) {
        return session(ctx).orElseThrow(() -> new ServiceException(401, "Please sign in."));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            // A cross-site form can post text/plain without a preflight; only JSON is accepted, so it cannot.
            throw new ServiceException(415, "The request body must be JSON, sent with Content-Type:"
                    + " application/json.");
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw new ServiceException(400, "The request needs a JSON object body.");
        }
        try {
            Object value = Json.MAPPER.readValue(bytes, Object.class);
            if (!(value instanceof Map)) {
                throw new ServiceException(400, "The request body must be a JSON object.");
            }
            return (Map<String, Object>) value;
        } catch (JsonProcessingException e) {
            throw new ServiceException(400, "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ServiceException(400, "The request body could not be read.");
        }
    }

    private static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (!(value instanceof String text)) {
            throw new ServiceException(400, "'" + field + "' is required and must be a string.");
        }
        return text;
    }

    private static int integer(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (!(value instanceof Integer number)) {
            throw new ServiceException(400, "'" + field + "' is required and must be a whole number.");
        }
        return number;
    }

    /**
     * The payment details a user may choose: a card, a direct debit or PayPal, which the gateway charges. Free and
     * purchase-order accounts are set up by site administrators, and a promotion comes only from a promo code at
     * registration; otherwise anyone could give themselves free watching.
     */
    private static Payment chosenPayment(User user, Object value) {
        Payment payment = payment(value);
        if (payment instanceof Payment.Promotion) {
            throw new ServiceException(403, "A promotion comes only with a promo code at registration.");
        }
        if ((payment instanceof Payment.Free || payment instanceof Payment.PurchaseOrder) && !user.siteAdmin()) {
            throw new ServiceException(403, "Only site administrators can set up free or purchase-order accounts;"
                    + " choose creditCard, directDebit or payPal.");
        }
        return payment;
    }

    private static Payment payment(Object value) {
        if (value == null) {
            throw new ServiceException(400, "'payment' is required, for example {\"type\":\"free\"}.");
        }
        try {
            return Json.MAPPER.convertValue(value, Payment.class);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(400, "'payment' must be one of the types creditCard, directDebit,"
                    + " purchaseOrder, payPal or free, with that type's fields.");
        }
    }

    private static void error(Context ctx, int status, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", message);
        ctx.status(status).json(error);
    }

    /** How to run an instance. Mutable; not thread-safe. */
    public static final class Options {
        private String connectionString = "";
        private String prefix = "";
        private int port;
        private int kdfIterations = PasswordHasher.DEFAULT_ITERATIONS;
        private Clock clock = Clock.systemUTC();
        private TransactionCounter counter = new TransactionCounter();
        private boolean demoOutbox = true;
        private boolean sampleData = true;
        private Duration libraryPoll = Duration.ofMinutes(5);
        private Duration transcriptLinkLifetime = Duration.ofMinutes(15);
        private PaymentGateway gateway;
        private Instant royaltiesStart = Instant.parse("2026-01-01T00:00:00Z");
        private Duration royaltiesPeriod = Duration.ofDays(1);
        private Instant billingStart;
        private double maxPlaybackSpeed = Double.POSITIVE_INFINITY;
        private Duration billingPeriod = Duration.ofDays(1);
        private List<com.azure.core.http.policy.HttpPipelinePolicy> storagePolicies = List.of();
        private int storageTries;
        private Duration storageRetryDelay = Duration.ofMillis(100);

        /** Creates default options: a free port, production KDF cost, the demo outbox readable. */
        public Options() {
        }

        /**
         * Extra pipeline policies for every storage client of this instance, blob and table, added in this order
         * after the transaction counter and the {@link AttemptTracker} (so the tracker sees a failure these policies
         * raise as a lost response, as it would a real transport failure). For chaos runs: pass azkit-testing's
         * {@code FaultInjector}.
         *
         * @param policies the policies; none by default
         * @return these options
         * @throws NullPointerException if {@code policies} or one of them is null
         */
        public Options storagePolicies(com.azure.core.http.policy.HttpPipelinePolicy... policies) {
            this.storagePolicies = List.of(policies);
            return this;
        }

        /**
         * How the storage clients retry a failed request (a 5xx, a 429, a timeout, a connection failure): at most
         * {@code tries} attempts in all, exponential backoff from {@code baseDelay}, capped at 20 times it. By
         * default the SDK's own settings (blobs: 4 tries from 4 s; tables: 4 tries from 0.8 s).
         *
         * @param tries attempts per request, 1 to 10
         * @param baseDelay the delay before the first retry, 1 ms to 10 s
         * @return these options
         * @throws IllegalArgumentException if a value is out of range
         */
        public Options storageRetries(int tries, Duration baseDelay) {
            if (tries < 1 || tries > 10) {
                throw new IllegalArgumentException("'tries' must be between 1 and 10, was " + tries);
            }
            if (baseDelay.toMillis() < 1 || baseDelay.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("'baseDelay' must be between 1 ms and 10 s, was " + baseDelay);
            }
            this.storageTries = tries;
            this.storageRetryDelay = baseDelay;
            return this;
        }

        /**
         * The storage account.
         *
         * @param connectionString its connection string
         * @return these options
         */
        public Options connectionString(String connectionString) {
            this.connectionString = connectionString;
            return this;
        }

        /**
         * A prefix for every table and container name, so that tests can share one account.
         *
         * @param prefix lower-case letters and digits
         * @return these options
         */
        public Options prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /**
         * The port; 0 picks a free one.
         *
         * @param port the port
         * @return these options
         */
        public Options port(int port) {
            this.port = port;
            return this;
        }

        /**
         * PBKDF2 iterations for new passwords.
         *
         * @param kdfIterations at least 1,000
         * @return these options
         */
        public Options kdfIterations(int kdfIterations) {
            this.kdfIterations = kdfIterations;
            return this;
        }

        /**
         * The clock.
         *
         * @param clock the clock
         * @return these options
         */
        public Options clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * The counter every storage client of this instance reports to.
         *
         * @param counter the counter
         * @return these options
         */
        public Options counter(TransactionCounter counter) {
            this.counter = counter;
            return this;
        }

        /**
         * The royalties schedule: every {@code period} from {@code start}, one instance checks that the last
         * quarter's report exists and makes it if not.
         *
         * @param start when the first period begins
         * @param period how often (daily by default)
         * @return these options
         */
        public Options royaltiesSchedule(Instant start, Duration period) {
            this.royaltiesStart = start;
            this.royaltiesPeriod = period;
            return this;
        }

        /**
         * The fastest playback credited: a user's progress pings that claim new 3-minute chunks faster than a player
         * at this speed could play are not written (see {@link Watching}). No limit unless set, so that tests can
         * ping quickly; {@code VideoServiceMain} sets the demo player's top speed, 60.
         *
         * @param maxPlaybackSpeed above 0; 1.0 is real time
         * @return these options
         */
        public Options maxPlaybackSpeed(double maxPlaybackSpeed) {
            this.maxPlaybackSpeed = maxPlaybackSpeed;
            return this;
        }

        /**
         * Turns on automatic billing: every {@code period} from {@code start}, one instance bills every account for
         * the month the period starts in (accounts already paid for it are not charged again). Off unless set, so
         * that tests decide when accounts are billed; {@code VideoServiceMain} bills daily.
         *
         * @param start when the first period begins
         * @param period how often (daily by default)
         * @return these options
         */
        public Options billingSchedule(Instant start, Duration period) {
            this.billingStart = start;
            this.billingPeriod = period;
            return this;
        }

        /**
         * The payment gateway; by default a {@link SimulatedGateway} on the service's clock.
         *
         * @param gateway the gateway
         * @return these options
         */
        public Options gateway(PaymentGateway gateway) {
            this.gateway = gateway;
            return this;
        }

        /**
         * How long a transcript download link works.
         *
         * @param transcriptLinkLifetime the lifetime; at most 7 days
         * @return these options
         */
        public Options transcriptLinkLifetime(Duration transcriptLinkLifetime) {
            this.transcriptLinkLifetime = transcriptLinkLifetime;
            return this;
        }

        /**
         * Whether to upload the sample video library and IP-to-country file when the blobs are missing.
         *
         * @param sampleData whether to
         * @return these options
         */
        public Options sampleData(boolean sampleData) {
            this.sampleData = sampleData;
            return this;
        }

        /**
         * How often the library blob is polled (by ETag: an unchanged library costs one request and no download).
         *
         * @param libraryPoll the interval; the talk's service uses about 5 minutes
         * @return these options
         */
        public Options libraryPoll(Duration libraryPoll) {
            this.libraryPoll = libraryPoll;
            return this;
        }

        /**
         * Whether {@code GET /api/outbox?to=} serves the demo outbox (on in the reference service, off in
         * production, where a real mail sender is plugged in).
         *
         * @param demoOutbox whether to serve it
         * @return these options
         */
        public Options demoOutbox(boolean demoOutbox) {
            this.demoOutbox = demoOutbox;
            return this;
        }
    }
}
