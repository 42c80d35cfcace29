package io.github.azkit.examples.video.http;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.examples.video.Json;
import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.examples.video.Signer;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.accounts.PasswordHasher;
import io.github.azkit.examples.video.accounts.SeatWorkflow;
import io.github.azkit.examples.video.accounts.User;
import io.github.azkit.examples.video.geo.IpCountries;
import io.github.azkit.examples.video.library.VideoLibrary;
import io.github.azkit.examples.video.billing.Billing;
import io.github.azkit.examples.video.billing.PaymentGateway;
import io.github.azkit.examples.video.billing.SimulatedGateway;
import io.github.azkit.examples.video.logs.ServiceLogs;
import io.github.azkit.examples.video.royalties.Royalties;
import io.github.azkit.election.CalendarSchedule;
import io.github.azkit.election.PeriodicElector;
import io.github.azkit.logging.LogPeriod;
import io.github.azkit.examples.video.accounts.PromoCodes;
import io.github.azkit.examples.video.mail.BlobOutbox;
import io.github.azkit.examples.video.watch.Bookmarks;
import io.github.azkit.examples.video.watch.VideoQueue;
import io.github.azkit.examples.video.watch.Watching;
import io.github.azkit.storage.AttemptTracker;
import io.github.azkit.storage.CachedBlob;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.core.util.BinaryData;
import java.util.List;
import io.github.azkit.storage.TransactionCounter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * <p>This class is the wiring: the options, the storage clients, the background jobs, the route table and the
 * lifecycle. The routes live in one class per group: {@code SignInRoutes} (registering, signing in and out, the
 * user), {@code AccountRoutes} (accounts, seats, payment), {@code WatchRoutes} (library, watching, bookmarks,
 * queue), {@code ReportRoutes} (transcripts, usage, logs, royalties), {@code AdminRoutes} (site administration,
 * billing, promo codes) and {@code OutboxRoutes} (the demo outbox); {@code Sessions} says who is asking.
 *
 * <p>Thread-safe. {@link #close()} stops the server.
 */
public final class VideoService implements AutoCloseable {

    /** The largest request body accepted. */
    public static final long MAX_BODY_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(VideoService.class);

    private final Javalin app;
    private final Directory directory;
    private final SeatWorkflow seats;
    private final BlobOutbox outbox;
    private final Signer signer;
    private final Sessions sessions;
    private final Limits limits;
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
    private final PeriodicElector billingRetryElector;
    private final List<Billing.Run> billingRetryRuns = new java.util.concurrent.CopyOnWriteArrayList<>();

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
        // One instance of however many run makes each period's report (quarterly by default); the job reports the
        // (UTC) quarter before the period's start, and is idempotent, so a take-over after a crash is harmless.
        BlobContainerClient elections = blobs.createBlobContainerIfNotExists(options.prefix + "elections");
        this.royaltiesElector = elector(elections, "royalties", options.royalties, context -> {
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
        // Billing: once a month (VideoServiceMain: on the 1st at 02:00 in the billing zone) one instance bills every
        // account for the month the period begins in, in the schedule's zone. Accounts paid for the month are
        // skipped, accounts in their grace period are retried (and daily, below), and each charge carries an
        // idempotency key, so a run replayed after a crash, or by another instance, never charges twice.
        java.time.ZoneId billingZone = options.billing == null ? java.time.ZoneOffset.UTC : options.billing.zone();
        this.billingElector = options.billing == null ? null : elector(elections, "billing", options.billing,
                context -> {
                    Billing.Run run = billing.billAll(java.time.YearMonth.from(
                            context.periodStart().atZone(billingZone)));
                    LOG.info("Billing run of period {}: {}", context.period(), run);
                    billingRuns.add(run);
                    billingPeriodsRun.add(context.period());
                });
        // Unsettled payments (the payment service was down: accounts in grace, or suspended when it ran out) are
        // retried daily, half an hour after the billing time, so an outage is retried each day, suspends once the
        // grace period is over and heals when the service answers, not a month later. Fixed billing periods (tests)
        // are short enough to retry at each run.
        CalendarSchedule retryDaily = options.billing == null || options.billing.calendar == null ? null
                : CalendarSchedule.daily(options.billing.calendar.time().plusMinutes(30), billingZone);
        this.billingRetryElector = retryDaily == null ? null : elector(elections, "billing-retry",
                JobSchedule.of(retryDaily), context -> {
                    Billing.Run run = billing.retryUnsettled(java.time.YearMonth.from(
                            context.periodStart().atZone(billingZone)));
                    if (run.accounts() > 0) {
                        LOG.info("Billing retry of unsettled payments, period {}: {}", context.period(), run);
                    }
                    billingRetryRuns.add(run);
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
        this.seats = new SeatWorkflow(directory, outbox, signer, this::url, clock, options.seatLinkLifetime);
        java.util.Map<RateLimit, RateLimiter> limiters = new java.util.EnumMap<>(RateLimit.class);
        for (RateLimit limit : RateLimit.values()) {
            Map.Entry<Integer, Duration> set = options.rateLimits.getOrDefault(limit,
                    Map.entry(limit.defaultRequests(), limit.defaultPer()));
            limiters.put(limit, new RateLimiter(limit, set.getKey(), set.getValue(), options.ticker));
        }
        this.limits = new Limits(limiters);
        this.sessions = new Sessions(signer, directory, clock, options.ticker, options.sessionRecheck);
        routes();
        app.start("127.0.0.1", options.port);
    }

    /**
     * One of N instances runs each period's job. The lease blob is named after the job and, for a calendar schedule,
     * the schedule, so that each schedule the service has used keeps its own record to read (the elector would also
     * notice a changed schedule on one blob by itself: its record names the schedule). A changed schedule's current
     * period runs once at once, which the idempotent jobs allow.
     */
    private PeriodicElector elector(BlobContainerClient elections, String name, JobSchedule when,
            io.github.azkit.election.PeriodicJob job) {
        if (when.calendar != null) {
            CalendarSchedule calendar = when.calendar;
            // @start region="calendar-elector"
            return PeriodicElector.builder()
                    .blobClient(elections.getBlobClient(name + "-" + JobSchedule.blobSuffix(calendar)))
                    .schedule(calendar)     // Options: monthly billing on the 1st at 02:00, royalties quarterly
                    .leaseDuration(Duration.ofSeconds(15))
                    .clock(clock)
                    .job(job)
                    .build();
            // @end region="calendar-elector"
        }
        // Fixed periods from a start: for tests and benchmarks, with periods of seconds.
        return PeriodicElector.builder().blobClient(elections.getBlobClient(name)).schedule(when.start, when.period)
                .leaseDuration(Duration.ofSeconds(15)).clock(clock).job(job).build();
    }

    /** When a periodic job runs: a calendar schedule, or fixed periods from a start. Immutable. */
    private static final class JobSchedule {
        final CalendarSchedule calendar;
        final Instant start;
        final Duration period;

        private JobSchedule(CalendarSchedule calendar, Instant start,
                Duration period) {
            this.calendar = calendar;
            this.start = start;
            this.period = period;
        }

        static JobSchedule of(CalendarSchedule calendar) {
            return new JobSchedule(java.util.Objects.requireNonNull(calendar, "'schedule' must not be null"),
                    Instant.EPOCH, Duration.ZERO);
        }

        static JobSchedule of(Instant start, Duration period) {
            return new JobSchedule(null, java.util.Objects.requireNonNull(start, "'start' must not be null"),
                    java.util.Objects.requireNonNull(period, "'period' must not be null"));
        }

        /** The zone that says which month or quarter a period begins in: the calendar's, or UTC. */
        java.time.ZoneId zone() {
            return calendar != null ? calendar.zone() : java.time.ZoneOffset.UTC;
        }

        /** "monthly on day 1 at 02:00 Z" as a blob name part: "monthly-on-day-1-at-02-00-z". */
        static String blobSuffix(CalendarSchedule calendar) {
            return calendar.toString().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                    .replaceAll("^-|-$", "");
        }
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
     * The daily retries of unsettled payments that this instance made, as the billing-retry elector chose it (only
     * with a calendar billing schedule).
     *
     * @return the runs, in order; each run's {@code accounts} counts the accounts retried
     */
    public List<Billing.Run> billingRetryRuns() {
        return List.copyOf(billingRetryRuns);
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
        if (billingRetryElector != null) {
            billingRetryElector.close();
        }
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

    /** The route table: headers and error answers for every route, then each group's routes. */
    private void routes() {
        app.before(ctx -> {
            // Scripts only from this origin (the pages have no inline script), no framing, no MIME sniffing.
            ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "same-origin");
            if (ctx.path().startsWith("/api/") && !sessions.hasCookie(ctx)) {
                // No signed session (an HMAC check, no storage): counted per address.
                limits.perAddress(RateLimit.UNSIGNED_PER_ADDRESS, ctx);
            }
        });
        app.exception(ServiceException.class, (e, ctx) -> Http.error(ctx, e.status(), e.getMessage()));
        app.exception(RateLimitedException.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            Http.error(ctx, 429, e.getMessage());
        });
        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 404) {
                Http.notFound(ctx);
            } else {
                Http.error(ctx, e.getStatus(), e.getStatus() == 413 ? "The request is larger than "
                        + MAX_BODY_BYTES / 1024 + " KiB." : e.getMessage());
            }
        });
        app.exception(Exception.class, (e, ctx) -> {
            Optional<StorageFailures.Answer> storage = StorageFailures.answer(e);
            if (storage.isPresent()) {
                LOG.warn("Storage failed on {} {}: answered 503: {}", ctx.method(), ctx.path(), e.toString());
                Http.error(ctx, 503, storage.get().sentence());
                return;
            }
            LOG.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
            logs.error(ctx.method() + " " + ctx.path(), e);
            Http.error(ctx, 500, "Something went wrong on our side. Please try again in a minute.");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                Http.notFound(ctx);
            }
        });
        new SignInRoutes(sessions, directory, seats, promos, logs, this::country, clock, limits).register(app);
        new AccountRoutes(sessions, directory, seats, billing, logs, limits).register(app);
        new WatchRoutes(sessions, seats, library, libraryBlob, watching, bookmarks, queue, logs, this::country, clock)
                .register(app);
        new ReportRoutes(sessions, logs, royalties, transcriptLinkLifetime, clock).register(app);
        new AdminRoutes(sessions, directory, billing, promos).register(app);
        new OutboxRoutes(sessions, outbox, demoOutbox).register(app);
    }

    /**
     * The default royalties schedule: quarterly, on the 1st of January, April, July and October at 03:00 UTC. The
     * watch statistics are kept by UTC quarter, so the run begins after the UTC quarter it reports has ended.
     */
    public static final CalendarSchedule QUARTERLY_ROYALTIES =
            CalendarSchedule.quarterly(1, java.time.LocalTime.of(3, 0), java.time.ZoneOffset.UTC);

    /** How to run an instance. Mutable; not thread-safe. */
    public static final class Options {
        private String connectionString = "";
        private String prefix = "";
        private int port;
        private int kdfIterations = PasswordHasher.DEFAULT_ITERATIONS;
        private Clock clock = Clock.systemUTC();
        private TransactionCounter counter = new TransactionCounter();
        private boolean demoOutbox;
        private final Map<RateLimit, Map.Entry<Integer, Duration>> rateLimits = new java.util.EnumMap<>(RateLimit.class);
        private io.github.azkit.storage.Ticker ticker = io.github.azkit.storage.Ticker.systemTicker();
        private Duration sessionRecheck = Duration.ofSeconds(30);
        private Duration seatLinkLifetime = SeatWorkflow.DEFAULT_LINK_LIFETIME;
        private boolean sampleData = true;
        private Duration libraryPoll = Duration.ofMinutes(5);
        private Duration transcriptLinkLifetime = Duration.ofMinutes(15);
        private PaymentGateway gateway;
        private JobSchedule royalties = JobSchedule.of(QUARTERLY_ROYALTIES);
        private JobSchedule billing;
        private double maxPlaybackSpeed = Double.POSITIVE_INFINITY;
        private List<com.azure.core.http.policy.HttpPipelinePolicy> storagePolicies = List.of();
        private int storageTries;
        private Duration storageRetryDelay = Duration.ofMillis(100);

        /** Creates default options: a free port, production KDF cost, the demo outbox off, the default limits. */
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
         * The royalties schedule: once a period, one instance checks that the report of the UTC quarter before the
         * period's start exists and makes it if not. Default: {@link VideoService#QUARTERLY_ROYALTIES}. The watch
         * statistics are kept by UTC quarter: begin the periods after a UTC quarter ends.
         *
         * @param schedule the schedule
         * @return these options
         * @throws NullPointerException if {@code schedule} is null
         */
        public Options royaltiesSchedule(CalendarSchedule schedule) {
            this.royalties = JobSchedule.of(schedule);
            return this;
        }

        /**
         * A fixed-period royalties schedule instead of the calendar one, for tests and benchmarks that want periods
         * of seconds: every {@code period} from {@code start}.
         *
         * @param start when the first period begins
         * @param period how often
         * @return these options
         * @throws NullPointerException if an argument is null
         */
        public Options royaltiesSchedule(Instant start, Duration period) {
            this.royalties = JobSchedule.of(start, period);
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
         * Turns on monthly billing: on the 1st of each month at 02:00 in {@code zone}, one instance bills every
         * account for that month (accounts already paid for it are not charged again), and every day at 02:30 one
         * instance retries unsettled payments (the payment service was down: accounts in their grace period, or
         * suspended when it passed), suspending those whose grace period has passed and reinstating those it pays.
         * Off unless set, so that tests decide when accounts are billed; {@code VideoServiceMain} turns it on, in UTC
         * unless told otherwise.
         *
         * @param zone the time zone whose months are billed
         * @return these options
         * @throws NullPointerException if {@code zone} is null
         */
        public Options monthlyBilling(java.time.ZoneId zone) {
            return billingSchedule(CalendarSchedule.monthly(1, java.time.LocalTime.of(2, 0), zone));
        }

        /**
         * Turns on automatic billing on a calendar schedule: once a period, one instance bills every account for the
         * month the period begins in, in the schedule's zone (accounts already paid for it are not charged again);
         * and daily, half an hour after the schedule's time in its zone, one instance retries the accounts in their
         * grace period and the other unsettled payments ({@link Billing#retryUnsettled}).
         *
         * @param schedule the schedule; {@link #monthlyBilling} gives the usual one
         * @return these options
         * @throws NullPointerException if {@code schedule} is null
         */
        public Options billingSchedule(CalendarSchedule schedule) {
            this.billing = JobSchedule.of(schedule);
            return this;
        }

        /**
         * Turns on automatic billing with fixed periods instead of a calendar, for tests and benchmarks that want
         * periods of seconds: every {@code period} from {@code start}, one instance bills every account for the UTC
         * month the period begins in.
         *
         * @param start when the first period begins
         * @param period how often
         * @return these options
         * @throws NullPointerException if an argument is null
         */
        public Options billingSchedule(Instant start, Duration period) {
            this.billing = JobSchedule.of(start, period);
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
         * Changes one of the abuse limits (see {@link RateLimit} for each one's default and how limits behave
         * across instances).
         *
         * @param limit which limit
         * @param requests how many requests a key may make at once, 1 to 1,000,000; as many are refilled over
         *     {@code per}
         * @param per the refill period, 1 second to 1 day
         * @return these options
         * @throws IllegalArgumentException if a value is out of range
         */
        public Options rateLimit(RateLimit limit, int requests, Duration per) {
            java.util.Objects.requireNonNull(limit, "limit");
            if (requests < 1 || requests > 1_000_000) {
                throw new IllegalArgumentException("'requests' must be between 1 and 1,000,000, was " + requests);
            }
            if (per.compareTo(Duration.ofSeconds(1)) < 0 || per.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("'per' must be between 1 second and 1 day, was " + per);
            }
            rateLimits.put(limit, Map.entry(requests, per));
            return this;
        }

        /**
         * The monotonic time source, in nanoseconds, of the rate limits and of the session re-check.
         *
         * @param ticker the monotonic source; {@link io.github.azkit.storage.Ticker#systemTicker()} by default
         * @return these options
         */
        public Options ticker(io.github.azkit.storage.Ticker ticker) {
            this.ticker = java.util.Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * How long the routes that do not read the user (queue, history, continue, bookmarks, stop) trust the
         * session epoch this instance last read for a user before reading it again: the longest that a session
         * ended on another instance still works on those routes here.
         *
         * @param sessionRecheck 0 (read every time: one more read per such request) to 5 minutes; 30 s by default
         * @return these options
         * @throws IllegalArgumentException if out of range
         */
        public Options sessionRecheck(Duration sessionRecheck) {
            if (sessionRecheck.isNegative() || sessionRecheck.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("'sessionRecheck' must be between 0 and 5 minutes, was "
                        + sessionRecheck);
            }
            this.sessionRecheck = sessionRecheck;
            return this;
        }

        /**
         * How long a seat link works; the admin's resend makes a new link.
         *
         * @param seatLinkLifetime 1 minute to 90 days; 14 days by default
         * @return these options
         */
        public Options seatLinkLifetime(Duration seatLinkLifetime) {
            this.seatLinkLifetime = seatLinkLifetime;
            return this;
        }

        /**
         * Whether {@code GET /api/outbox?to=} serves the demo outbox, to the signed-in addressee and to site
         * administrators. Off by default; on in {@code VideoServiceMain}'s demo, where no real mail is sent.
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
