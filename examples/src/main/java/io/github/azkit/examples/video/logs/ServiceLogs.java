package io.github.azkit.examples.video.logs;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.logging.AsyncLogWriter;
import io.github.azkit.examples.video.CsvCells;
import io.github.azkit.logging.CsvLog;
import io.github.azkit.logging.LogPeriod;
import io.github.azkit.logging.LogSink;
import io.github.azkit.logging.OngoingLog;
import io.github.azkit.logging.PeriodicLog;
import io.github.azkit.storage.BlobReadLinks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's logs, all in blobs and all written asynchronously (best effort, off the request's path), as the
 * talk describes:
 *
 * <ul>
 *   <li>ongoing logs (newest entries, capped): {@code registrations}, {@code promo-codes}, and one
 *       {@code account-<id>} per account for its administration (who was put in or taken out of a seat);</li>
 *   <li>a daily periodic log {@code errors} of unhandled exceptions, 30 days kept;</li>
 *   <li>a monthly CSV transcript per account (who watched what, how many minutes), downloaded by the account's
 *       admin through a short-lived read-only SAS link straight from storage.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} flushes everything accepted.
 */
public final class ServiceLogs implements AutoCloseable {

    /**
     * How long transcript lines wait in memory before they are written: 15 minutes. A flush costs two blob writes
     * (Put Block and Put Block List) however many lines it carries, and a blob write is priced like 150 table
     * transactions, so a watcher's line every 3 minutes would otherwise be most of the storage bill (see
     * examples/README.md, "Load and cost"). The price: a crash (not a clean stop, which flushes) can lose up to 15
     * minutes of transcript; the transcript link and the minutes chart flush this instance first. Every other log
     * is flushed every 2 seconds.
     */
    public static final Duration TRANSCRIPT_FLUSH_INTERVAL = Duration.ofMinutes(15);
    private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(2);

    /** The transcript's columns. */
    public static final CsvLog TRANSCRIPT = CsvLog.withColumns("time", "email", "video", "minutes", "country");
    private static final CsvLog REGISTRATIONS = CsvLog.withColumns("time", "email", "country", "promoCode");
    private static final CsvLog PROMO = CsvLog.withColumns("time", "code", "email");
    private static final CsvLog ADMIN = CsvLog.withColumns("time", "admin", "action", "user");
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLogs.class);

    private final BlobContainerClient container;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "video-logs");
        thread.setDaemon(true);
        return thread;
    });
    private final PeriodicLog errors;
    private final PeriodicLog transcripts;
    private final Map<String, AsyncLogWriter> writers = new ConcurrentHashMap<>();

    /**
     * Creates the logs in a container (created if missing).
     *
     * @param container where the logs live
     * @param clock the clock (periods and timestamps)
     */
    public ServiceLogs(BlobContainerClient container, Clock clock) {
        this.container = container;
        this.clock = clock;
        container.createIfNotExists();
        this.errors = PeriodicLog.builder().containerClient(container).prefix("errors/").period(LogPeriod.DAILY)
                .retention(30).clock(clock).build();
        this.transcripts = PeriodicLog.builder().containerClient(container).prefix("transcripts/")
                .period(LogPeriod.MONTHLY).retention(24).clock(clock).header(TRANSCRIPT.header())
                .contentType("text/csv").build();
        // The fixed logs are built now, so that a configuration error stops start-up instead of a request.
        ongoing("registrations", REGISTRATIONS);
        ongoing("promo-codes", PROMO);
        writer("errors", () -> errors.sink("service"));
    }

    /**
     * Logs a registration.
     *
     * @param email who registered
     * @param country the country their address maps to
     * @param promoCode the promo code used, or ""
     */
    public void registration(String email, String country, String promoCode) {
        bestEffort(() -> ongoing("registrations", REGISTRATIONS)
                .append(REGISTRATIONS.format(now(), CsvCells.safe(email), CsvCells.safe(country),
                        CsvCells.safe(promoCode))));
    }

    /**
     * Logs the use of a promo code.
     *
     * @param code the code
     * @param email who used it
     */
    public void promoUse(String code, String email) {
        bestEffort(() -> ongoing("promo-codes", PROMO).append(PROMO.format(now(), CsvCells.safe(code), CsvCells.safe(email))));
    }

    /**
     * Logs an administrative change of an account.
     *
     * @param accountId the account
     * @param admin who did it
     * @param action what ("grant", "revoke", ...)
     * @param user whom it concerned
     */
    public void accountAdmin(String accountId, String admin, String action, String user) {
        bestEffort(() -> ongoing("account-" + accountId, ADMIN).append(ADMIN.format(now(), CsvCells.safe(admin),
                CsvCells.safe(action), CsvCells.safe(user))));
    }

    /**
     * Logs an unhandled exception to today's error log.
     *
     * @param where the request (method and path)
     * @param error the exception
     */
    public void error(String where, Throwable error) {
        bestEffort(() -> writer("errors", () -> errors.sink("service")).append(now() + " " + where + " " + error));
    }

    /**
     * Adds a row to an account's transcript of this month.
     *
     * @param accountId the paying account
     * @param email who watched
     * @param videoId what
     * @param minutes how many minutes
     * @param country the country the request came from (from the IP-to-country table), for regional billing
     */
    public void watched(String accountId, String email, String videoId, int minutes, String country) {
        bestEffort(() -> transcriptWriter(accountId, YearMonth.now(clock))
                .append(TRANSCRIPT.format(now(), CsvCells.safe(email), CsvCells.safe(videoId), minutes,
                        CsvCells.safe(country))));
    }

    /**
     * A read-only link to an account's transcript of one month, valid for {@code lifetime}.
     *
     * @param accountId the account
     * @param month the month
     * @param lifetime how long the link works
     * @return the URL with its SAS
     */
    // @start region="guide-transcript-link"
    public String transcriptLink(String accountId, YearMonth month, Duration lifetime) {
        Instant inMonth = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return BlobReadLinks.create(transcripts.blobClient(accountId, inMonth), lifetime);
    }
    // @end region="guide-transcript-link"

    /**
     * Minutes watched per member per month, from the account's monthly transcripts (one ranged read per month
     * that has a transcript), for the account page's chart.
     *
     * @param accountId the account
     * @param last the newest month
     * @param months how many months, newest last (1 to 24)
     * @return month (such as {@code 2026-11}) to member email to minutes; every month present, in order
     */
    public java.util.SortedMap<String, java.util.SortedMap<String, Long>> minutesByMember(String accountId,
            YearMonth last, int months) {
        flushAccount(accountId);
        java.util.SortedMap<String, java.util.SortedMap<String, Long>> usage = new java.util.TreeMap<>();
        for (int i = months - 1; i >= 0; i--) {
            YearMonth month = last.minusMonths(i);
            java.util.SortedMap<String, Long> members = new java.util.TreeMap<>();
            Instant inMonth = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            for (String row : transcripts.readEntries(accountId, inMonth)) {
                List<String> cells = TRANSCRIPT.parse(row);
                try {
                    members.merge(CsvCells.plain(cells.get(1)), Long.parseLong(cells.get(3)), Long::sum);
                } catch (RuntimeException e) {
                    LOG.warn("Skipping a malformed transcript row of account {} in {}: {}", accountId, month, row);
                }
            }
            usage.put(month.toString(), members);
        }
        return usage;
    }

    /**
     * The entries of an account's administration log.
     *
     * @param accountId the account
     * @return its entries, oldest first
     */
    public List<String> accountLog(String accountId) {
        flushAccount(accountId);
        OngoingLog log = ongoingLog("account-" + accountId, ADMIN);
        return log.blobClient().exists() ? log.readEntries() : List.of();
    }

    /**
     * Waits until this instance's lines of one account (its transcript and its administration log) are written,
     * and no other account's: a flush costs two blob writes, so flushing every account for one page view would undo
     * the transcript's 15-minute batching. Lines other instances hold are written by their own flushes, up to
     * {@link #TRANSCRIPT_FLUSH_INTERVAL} later.
     *
     * @param accountId the account
     */
    public void flushAccount(String accountId) {
        writers.forEach((key, writer) -> {
            if (key.startsWith("transcript-" + accountId + "/") || key.equals("account-" + accountId)) {
                writer.flush();
            }
        });
    }

    /**
     * The writer of one account's transcript of one month. Each month has its own, whose sink writes to that
     * month's blob whenever it flushes, so lines held at the end of a month are filed under it, not the next. A
     * month's writer is closed (and so flushed) two months later.
     */
    private AsyncLogWriter transcriptWriter(String accountId, YearMonth month) {
        String key = "transcript-" + accountId + "/" + month;
        AsyncLogWriter existing = writers.get(key);
        if (existing != null) {
            return existing;
        }
        String stale = "transcript-" + accountId + "/" + month.minusMonths(2);
        AsyncLogWriter old = writers.remove(stale);
        if (old != null) {
            old.close();
        }
        Instant inMonth = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return writer(key, TRANSCRIPT_FLUSH_INTERVAL, () -> transcripts.sink(accountId, inMonth));
    }

    /** Waits until everything accepted so far is written. */
    public void flush() {
        writers.values().forEach(AsyncLogWriter::flush);
    }

    @Override
    public void close() {
        writers.values().forEach(AsyncLogWriter::close);
        executor.shutdown();
    }

    private AsyncLogWriter ongoing(String id, CsvLog columns) {
        return writer(id, () -> ongoingLog(id, columns));
    }

    private OngoingLog ongoingLog(String id, CsvLog columns) {
        return OngoingLog.builder().containerClient(container).logId(id).header(columns.header()).build();
    }

    private AsyncLogWriter writer(String key, java.util.function.Supplier<LogSink> sink) {
        return writer(key, FLUSH_INTERVAL, sink);
    }

    private AsyncLogWriter writer(String key, Duration flushInterval, java.util.function.Supplier<LogSink> sink) {
        return writers.computeIfAbsent(key, k -> AsyncLogWriter.builder().sink(sink.get()).executor(executor)
                .flushInterval(flushInterval)
                .onWriteFailed(e -> LOG.debug("log {} write failed ({} entries, kept={})", k, e.entryCount(),
                        e.isKept(), e.failure()))
                .build());
    }

    /** Logging is best effort: a failure to log is itself logged, never thrown at the request that logged. */
    private static void bestEffort(Runnable append) {
        try {
            append.run();
        } catch (RuntimeException e) {
            LOG.warn("A log entry was lost: {}", e.toString());
        }
    }

    private String now() {
        return clock.instant().toString();
    }
}
