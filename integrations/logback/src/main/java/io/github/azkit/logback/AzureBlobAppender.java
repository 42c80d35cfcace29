package io.github.azkit.logback;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.logging.AsyncLogWriter;
import io.github.azkit.logging.LogSink;
import io.github.azkit.logging.OngoingLog;
import io.github.azkit.logging.PeriodicLog;
import io.github.azkit.storage.RetryPolicy;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A Logback appender that writes events to Azure Blob Storage through azkit-logging's {@link AsyncLogWriter}: into
 * one rolling block blob capped at 50,000 blocks ({@link OngoingLog}, when no {@code period} is set), or into one
 * blob per day, week, month, quarter or year with a retention ({@link PeriodicLog}).
 *
 * <pre>{@code
 * <appender name="BLOB" class="io.github.azkit.logback.AzureBlobAppender">
 *   <connectionString>${AZURE_STORAGE_CONNECTION_STRING}</connectionString>
 *   <container>logs</container>
 *   <logName>orders</logName>
 *   <period>DAILY</period>
 *   <retention>30</retention>
 *   <encoder><pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [%thread] %logger - %msg%n</pattern></encoder>
 * </appender>
 * }</pre>
 *
 * <p><b>The logging thread never waits on storage.</b> {@link #append} formats the event on the calling thread and
 * puts the line in a bounded queue; a daemon thread of the appender's own writes the queue as one batch (one Put
 * Block and one Put Block List for up to 4 MiB of lines) every {@code flushInterval} and whenever
 * {@code maxBatchEntries} are queued. When the queue is full the event is dropped and counted
 * ({@link #droppedCount()}), unless {@code whenFull} is {@code BLOCK}. Storage failures are retried (a batch whose
 * write failed is kept and written first at the next flush, never twice), logged by azkit-logging's writer at WARN
 * once per outage, and added to Logback's status messages; they are never thrown at the application.
 *
 * <p><b>Shutdown.</b> {@link #stop()} writes every event accepted before it, on the calling thread, and then stops
 * the appender's thread. Logback calls it when its context stops: {@code LoggerContext.stop()}, or the
 * {@code <shutdownHook/>} element of {@code logback.xml} when the JVM exits. Without either, events still queued when
 * the JVM exits are lost (the writer's thread is a daemon, as with Logback's own {@code AsyncAppender}).
 *
 * <p><b>No recursion.</b> Writing a batch makes the Azure SDK log (and Netty and Reactor beneath it). Such events
 * never feed the appender: events logged on a thread that is writing for any {@code AzureBlobAppender} (the
 * appender's own thread; an application thread inside {@link #flush()} or {@link #stop()}) are ignored, and so are
 * events of the loggers named in {@code ignoredLoggers} ({@code com.azure}, {@code io.netty} and {@code reactor} by
 * default, with their children), because the SDK also logs on Netty's and Reactor's threads. Other appenders still
 * receive those events.
 *
 * <p><b>Properties</b> (each a {@code logback.xml} element of the same name; every value is text, checked by
 * {@link #start()}):
 * <ul>
 *   <li>{@code connectionString}, or {@code endpoint} (the account's blob endpoint, {@code https://<account>.blob.core.windows.net})
 *       with {@code sasToken}: where to write (one of the two is required, unless the container client is set in
 *       code with {@link #setContainerClient(BlobContainerClient)}); never printed in messages</li>
 *   <li>{@code container}: the container (required; created on the first write if missing)</li>
 *   <li>{@code logName}: the log's name (required): blob {@code <logName>.log}, or {@code <logName>/<period>/<label>.log}
 *       with a period</li>
 *   <li>{@code period}: absent for one rolling log; else a {@link io.github.azkit.logging.LogPeriod} name
 *       ({@code DAILY}, {@code WEEKLY}, {@code MONTHLY}, {@code QUARTERLY}, {@code YEARLY})</li>
 *   <li>{@code retention}: with a period, how many periods to keep, the current one included (default: all)</li>
 *   <li>{@code queueSize}: events that may wait (default 100,000)</li>
 *   <li>{@code maxBatchEntries}: most events per batch, and the queue length that starts a write (default 10,000)</li>
 *   <li>{@code flushInterval}: ISO-8601 duration between writes (default {@code PT1S})</li>
 *   <li>{@code whenFull}: {@code DROP} (default) or {@code BLOCK}</li>
 *   <li>{@code operationTimeout}: ISO-8601 bound on one batch write, retries included (default {@code PT30S})</li>
 *   <li>{@code ignoredLoggers}: comma-separated logger names whose events are ignored (default
 *       {@code com.azure,io.netty,reactor}; an empty value ignores none, which feeds the SDK's own events back
 *       at DEBUG)</li>
 *   <li>{@code encoder} or {@code layout}: the format of one event (default: {@value #DEFAULT_PATTERN}); a
 *       trailing line break is removed, and line breaks inside an event (stack traces) are stored escaped, one
 *       event per line of the blob</li>
 * </ul>
 * A bad value makes {@link #start()} add an error status that names the property, the value and what is allowed,
 * and leaves the appender stopped.
 *
 * <p>The setters follow Logback's JavaBean convention ({@code setX}), not azkit's, because Logback's configurator
 * finds properties by those names; they take text so that {@link #start()} can report a bad value itself.
 *
 * <p>The appender writes on one daemon thread of its own and takes no executor, unlike other azkit components
 * (CONTRIBUTING.md): it must know its own thread to ignore the events logged there, which a shared executor's
 * threads would not allow.
 *
 * <p>Thread-safe: {@link #doAppend} may be called from any number of threads at once (events are written in the
 * order they were queued); configure it, then {@link #start()} it, from one thread, as Logback does.
 */
public final class AzureBlobAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /**
     * The pattern used when neither an encoder nor a layout is set: ISO-8601 time in UTC with a {@code Z} (as the
     * Log4j 2 appender's default, so that the logs of servers in different time zones sort together), level, thread,
     * logger, message.
     */
    public static final String DEFAULT_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [%thread] %logger - %msg%n";

    @Nullable String connectionString;
    @Nullable String endpoint;
    @Nullable String sasToken;
    @Nullable String container;
    @Nullable String logName;
    @Nullable String period;
    @Nullable String retention;
    @Nullable String queueSize;
    @Nullable String maxBatchEntries;
    @Nullable String flushInterval;
    @Nullable String whenFull;
    @Nullable String operationTimeout;
    @Nullable String ignoredLoggers;
    private @Nullable BlobContainerClient containerClient;
    private @Nullable Encoder<ILoggingEvent> encoder;
    private @Nullable Layout<ILoggingEvent> layout;
    /** Tests: the clock that decides a periodic log's period. */
    @Nullable Clock clock;
    private @Nullable RetryPolicy retryPolicy;

    private volatile @Nullable Running running;
    private volatile @Nullable AsyncLogWriter lastWriter;
    private final LongAdder rejected = new LongAdder();
    private final AtomicBoolean warnedRejected = new AtomicBoolean();

    /**
     * What a started appender holds. {@code dropAt}: the queue length at which an event is dropped before it is
     * formatted ({@code queueSize} with DROP; never with BLOCK).
     */
    private record Running(AsyncLogWriter writer, ScheduledExecutorService executor,
            Function<ILoggingEvent, String> format, String[] ignored, int dropAt) {
    }

    /** Creates an appender; Logback does this for each {@code <appender>} element. */
    public AzureBlobAppender() {
    }

    /**
     * Sets the storage connection string, for example {@code ${AZURE_STORAGE_CONNECTION_STRING}} (set this or
     * {@code endpoint} and {@code sasToken}). Never printed.
     *
     * @param connectionString the connection string
     */
    public void setConnectionString(@Nullable String connectionString) {
        this.connectionString = connectionString;
    }

    /**
     * Sets the account's blob endpoint, {@code https://<account>.blob.core.windows.net}, used with
     * {@link #setSasToken(String)} instead of a connection string.
     *
     * @param endpoint the endpoint URL
     */
    public void setEndpoint(@Nullable String endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Sets the shared access signature used with {@link #setEndpoint(String)}: at least create and write permission
     * on blobs of the container (add read for the first write of an existing log, delete for a periodic log's
     * retention, and container create if the container may not exist). Never printed.
     *
     * @param sasToken the SAS token, with or without a leading {@code ?}
     */
    public void setSasToken(@Nullable String sasToken) {
        this.sasToken = sasToken;
    }

    /**
     * Sets the container (required unless {@link #setContainerClient(BlobContainerClient)} is used); created on the
     * first write if it does not exist.
     *
     * @param container the container's name
     */
    public void setContainer(@Nullable String container) {
        this.container = container;
    }

    /**
     * Sets the log's name (required): the blob is {@code <logName>.log}, or {@code <logName>/<period>/<label>.log}
     * with a period. Any characters; they are escaped into the blob name.
     *
     * @param logName the name
     */
    public void setLogName(@Nullable String logName) {
        this.logName = logName;
    }

    /**
     * Sets the period of one blob: {@code DAILY}, {@code WEEKLY}, {@code MONTHLY}, {@code QUARTERLY} or
     * {@code YEARLY} (in UTC). Absent (the default): one rolling log capped at 50,000 blocks.
     *
     * @param period the period's name, or null for a rolling log
     */
    public void setPeriod(@Nullable String period) {
        this.period = period;
    }

    /**
     * Sets how many periods to keep, counting the current one (with a period only; default: keep all). Older
     * blobs are deleted when a new period's blob is created.
     *
     * @param retention a whole number of at least 1
     */
    public void setRetention(@Nullable String retention) {
        this.retention = retention;
    }

    /**
     * Sets how many events may wait to be written (default 100,000).
     *
     * @param queueSize a whole number of at least 1 and at least {@code maxBatchEntries}
     */
    public void setQueueSize(@Nullable String queueSize) {
        this.queueSize = queueSize;
    }

    /**
     * Sets the most events in one batch, and the queue length that starts a write at once (default 10,000).
     *
     * @param maxBatchEntries a whole number of at least 1
     */
    public void setMaxBatchEntries(@Nullable String maxBatchEntries) {
        this.maxBatchEntries = maxBatchEntries;
    }

    /**
     * Sets how often queued events are written, an ISO-8601 duration (default {@code PT1S}).
     *
     * @param flushInterval for example {@code PT1S} or {@code PT0.2S}; at least 1 ms
     */
    public void setFlushInterval(@Nullable String flushInterval) {
        this.flushInterval = flushInterval;
    }

    /**
     * Sets what happens to an event when the queue is full: {@code DROP} (the default: the event is dropped and
     * counted in {@link #droppedCount()}, so that logging never waits on storage) or {@code BLOCK} (the logging
     * thread waits until a write makes room).
     *
     * @param whenFull a {@link AsyncLogWriter.FullQueuePolicy} name
     */
    public void setWhenFull(@Nullable String whenFull) {
        this.whenFull = whenFull;
    }

    /**
     * Sets the longest one batch write may take, its retries included, an ISO-8601 duration (default
     * {@code PT30S}). A write cut short keeps its batch for the next flush.
     *
     * @param operationTimeout for example {@code PT30S}
     */
    public void setOperationTimeout(@Nullable String operationTimeout) {
        this.operationTimeout = operationTimeout;
    }

    /**
     * Sets the loggers whose events this appender ignores, with their children: comma-separated names (default
     * {@code com.azure,io.netty,reactor}, the loggers that the writes themselves feed). Add the logger of any
     * pipeline policy of the container client's that logs per request: the SDK runs policies on Netty's threads
     * too, which no thread guard can tell from the application's. An empty value ignores none; then the SDK's own
     * events at DEBUG are written, and each write logs more of them.
     *
     * @param ignoredLoggers comma-separated logger names
     */
    public void setIgnoredLoggers(@Nullable String ignoredLoggers) {
        this.ignoredLoggers = ignoredLoggers;
    }

    /**
     * The retry policy of each batch's write (for configuration in code; {@link AsyncLogWriter}'s default when not
     * set). A batch whose retries give up is reported as a warning status and counted in {@link #lostCount()}.
     *
     * @param retryPolicy the policy, or null for the default
     */
    public void setRetryPolicy(@Nullable RetryPolicy retryPolicy) {
        this.retryPolicy = retryPolicy;
    }

    /**
     * Sets the container client to write through, for configuration in code: the application's own client, with
     * its credentials, HTTP client and policies. Replaces {@code connectionString}, {@code endpoint},
     * {@code sasToken} and {@code container}, which must then be left unset.
     *
     * @param containerClient the container
     */
    public void setContainerClient(@Nullable BlobContainerClient containerClient) {
        this.containerClient = containerClient;
    }

    /**
     * Sets the encoder that formats each event (set this or a layout, not both); Logback's
     * {@code PatternLayoutEncoder} is formatted to text directly, another encoder's bytes are read in its charset
     * or UTF-8.
     *
     * @param encoder the encoder, started
     */
    public void setEncoder(@Nullable Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /**
     * Sets the layout that formats each event (set this or an encoder, not both).
     *
     * @param layout the layout, started
     */
    public void setLayout(@Nullable Layout<ILoggingEvent> layout) {
        this.layout = layout;
    }

    /**
     * Checks the settings and starts the appender's writer thread. Makes no request and builds no SDK client: the
     * client and the log are built at the first write, on the appender's thread (building the SDK's clients logs,
     * which during Logback's own start-up makes SLF4J warn that it replayed early calls). If a setting is wrong, adds an error status for each problem (naming the
     * property, its value unless secret, and what is allowed) and leaves the appender stopped.
     */
    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        Settings settings = Settings.parse(this);
        Supplier<BlobContainerClient> client = containerClient(settings);
        Function<ILoggingEvent, String> format = format(settings);
        if (!settings.errors.isEmpty() || client == null || format == null) {
            for (String error : settings.errors) {
                addError("Appender [" + getName() + "] not started: " + error);
            }
            return;
        }
        String name = logName;
        @Nullable Clock periodClock = clock;
        LogSink sink = new LazySink(() -> {
            BlobContainerClient container = client.get();
            LogSink log;
            if (settings.period != null) {
                PeriodicLog.Builder periodic = PeriodicLog.builder().containerClient(container)
                        .period(settings.period);
                if (settings.retention > 0) {
                    periodic.retention(settings.retention);
                }
                if (periodClock != null) {
                    periodic.clock(periodClock);
                }
                log = periodic.build().sink(name);
            } else {
                log = OngoingLog.builder().containerClient(container).logId(name).build();
            }
            return new ContainerCreatingSink(log, container);
        });
        ScheduledExecutorService executor = WriterThreads.executor(String.valueOf(getName()));
        AsyncLogWriter.Builder writer = AsyncLogWriter.builder()
                .sink(sink)
                .executor(executor)
                .queueCapacity(settings.queueSize)
                .maxBatchEntries(settings.maxBatchEntries)
                .flushInterval(settings.flushInterval)
                .fullQueuePolicy(settings.whenFull)
                .onWriteFailed(e -> addWarn("Appender [" + getName() + "]: " + e));
        if (settings.operationTimeout != null) {
            writer.operationTimeout(settings.operationTimeout);
        }
        if (retryPolicy != null) {
            writer.retryPolicy(retryPolicy);
        }
        AsyncLogWriter built = writer.build();
        rejected.reset();
        warnedRejected.set(false);
        lastWriter = built;
        int dropAt = settings.whenFull == AsyncLogWriter.FullQueuePolicy.DROP ? settings.queueSize : Integer.MAX_VALUE;
        running = new Running(built, executor, format, settings.ignoredLoggers.toArray(String[]::new), dropAt);
        super.start();
    }

    /**
     * Checks the storage settings and returns what builds the container client at the first write; null (with the
     * problems in {@code settings}) if they are wrong. Builds nothing now: see {@link LazySink}.
     */
    private @Nullable Supplier<BlobContainerClient> containerClient(Settings settings) {
        BlobContainerClient given = containerClient;
        if (given != null) {
            if (connectionString != null || endpoint != null || sasToken != null || container != null) {
                settings.errors.add("a container client was set in code, so 'connectionString', 'endpoint', "
                        + "'sasToken' and 'container' must be left unset: remove them");
                return null;
            }
            return () -> given;
        }
        settings.checkContainer(container);
        String cs = connectionString;
        String url = endpoint;
        String sas = sasToken;
        String name = container;
        if (cs != null && !cs.isBlank()) {
            if (url != null || sas != null) {
                settings.errors.add("set either 'connectionString' or 'endpoint' with 'sasToken', not both: remove "
                        + "one");
                return null;
            }
            if (Settings.undefined(cs)) {
                settings.errors.add("'connectionString' is an undefined variable (" + cs + "): set that environment "
                        + "variable or system property, or give the connection string");
                return null;
            }
            if (!Settings.looksLikeConnectionString(cs)) {
                // The value holds the account key: never repeated.
                settings.errors.add("'connectionString' is not a valid storage connection string (value not shown: "
                        + "it holds a secret); copy it from the storage account's Access keys page, of the form "
                        + "DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=...");
                return null;
            }
            return settings.errors.isEmpty() && name != null
                    ? () -> new BlobServiceClientBuilder().connectionString(cs).buildClient()
                            .getBlobContainerClient(name)
                    : null;
        }
        if (url != null && !url.isBlank()) {
            if (sas == null || sas.isBlank() || Settings.undefined(sas)) {
                settings.errors.add("'endpoint' (" + url + ") needs a 'sasToken'" + (sas != null
                        && Settings.undefined(sas) ? ", which is an undefined variable (" + sas + ")" : "")
                        + ": add <sasToken>${AZURE_STORAGE_SAS_TOKEN}</sasToken>, or use <connectionString>");
                return null;
            }
            if (!Settings.isHttpUrl(url)) {
                settings.errors.add("'endpoint' must be the account's blob endpoint URL, such as "
                        + "https://myaccount.blob.core.windows.net, was '" + url + "'");
                return null;
            }
            return settings.errors.isEmpty() && name != null
                    ? () -> new BlobServiceClientBuilder().endpoint(url).sasToken(sas).buildClient()
                            .getBlobContainerClient(name)
                    : null;
        }
        settings.errors.add("no storage account is set: add <connectionString>${AZURE_STORAGE_CONNECTION_STRING}"
                + "</connectionString>, or <endpoint> with <sasToken>");
        return null;
    }

    private @Nullable Function<ILoggingEvent, String> format(Settings settings) {
        if (encoder != null && layout != null) {
            settings.errors.add("both an <encoder> and a <layout> are set: keep one");
            return null;
        }
        if (layout != null) {
            Layout<ILoggingEvent> l = layout;
            return event -> l.doLayout(event);
        }
        if (encoder instanceof LayoutWrappingEncoder<ILoggingEvent> wrapping && wrapping.getLayout() != null) {
            Layout<ILoggingEvent> l = wrapping.getLayout();
            return event -> l.doLayout(event);
        }
        if (encoder != null) {
            Encoder<ILoggingEvent> e = encoder;
            Charset charset = e instanceof LayoutWrappingEncoder<ILoggingEvent> w && w.getCharset() != null
                    ? w.getCharset() : StandardCharsets.UTF_8;
            return event -> new String(e.encode(event), charset);
        }
        PatternLayout pattern = new PatternLayout();
        pattern.setContext(getContext());
        pattern.setPattern(DEFAULT_PATTERN);
        pattern.start();
        return pattern::doLayout;
    }

    /**
     * Formats the event and queues it, unless it comes from the appender's own writing or an ignored logger.
     * Returns at once; never throws. Called by Logback through {@link #doAppend}.
     *
     * @param event the event
     */
    @Override
    protected void append(ILoggingEvent event) {
        Running r = running;
        if (r == null || WriterThreads.isGuarded() || ignored(event.getLoggerName(), r.ignored)) {
            return;
        }
        if (r.writer.queuedCount() >= r.dropAt) {
            // DROP and the queue is full: the writer would drop the line, so do not spend the logging thread's CPU
            // formatting it (counted in droppedCount() all the same). Only appends fill the queue, so an event let
            // through here finds room unless other threads fill it meanwhile; the writer then drops it, as before.
            rejected.increment();
            return;
        }
        String line = stripLineBreak(r.format.apply(event));
        try {
            r.writer.append(line); // false: dropped, counted by the writer
        } catch (IllegalArgumentException tooLarge) {
            rejected.increment();
            if (warnedRejected.compareAndSet(false, true)) {
                addWarn("Appender [" + getName() + "] dropped an event larger than a block (4 MiB); such events are "
                        + "counted in droppedCount()");
            }
        } catch (IllegalStateException closed) {
            rejected.increment(); // stop() is under way
        }
    }

    static boolean ignored(@Nullable String logger, String[] prefixes) {
        if (logger == null) {
            return false;
        }
        for (String prefix : prefixes) {
            if (logger.startsWith(prefix)
                    && (logger.length() == prefix.length() || logger.charAt(prefix.length()) == '.')) {
                return true;
            }
        }
        return false;
    }

    private static String stripLineBreak(String line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\n') {
            end--;
            if (end > 0 && line.charAt(end - 1) == '\r') {
                end--;
            }
        }
        return end == line.length() ? line : line.substring(0, end);
    }

    /**
     * Writes every event queued before this call, on the calling thread, and returns when they are written (or
     * their write has failed and been reported). Does nothing if the appender is not started. Never throws a
     * storage error.
     */
    public void flush() {
        Running r = running;
        if (r != null) {
            WriterThreads.guarded(r.writer::flush);
        }
    }

    /**
     * Stops the appender: no event is accepted after it, every event accepted before it is written (on the calling
     * thread; events that still cannot be written after the retries are counted in {@link #lostCount()} and
     * reported as a warning status), and the appender's thread is stopped. Idempotent.
     */
    @Override
    public void stop() {
        Running r = running;
        if (!isStarted() || r == null) {
            return;
        }
        // Written while the appender is still started: events logged on this thread meanwhile (the SDK's) are then
        // ignored by the guard, where a stopped appender would make Logback add a WARN status for each. Events of
        // other threads that arrive after the close began are counted as dropped.
        WriterThreads.guarded(r.writer::close);
        super.stop();
        running = null;
        r.executor.shutdown();
        if (r.writer.lostCount() > 0) {
            addWarn("Appender [" + getName() + "] stopped with " + r.writer.lostCount() + " events not written");
        }
    }

    /**
     * Events written to storage since the appender was last started.
     *
     * @return the count
     */
    public long writtenCount() {
        AsyncLogWriter w = lastWriter;
        return w == null ? 0 : w.writtenCount();
    }

    /**
     * Events dropped since the appender was last started: the queue was full (with {@code whenFull} DROP), the
     * event was larger than a block, or it arrived while the appender stopped.
     *
     * @return the count
     */
    public long droppedCount() {
        AsyncLogWriter w = lastWriter;
        return rejected.sum() + (w == null ? 0 : w.droppedCount());
    }

    /**
     * Events queued but never written since the appender was last started: storage refused them (for example 403),
     * or still failed when the appender stopped.
     *
     * @return the count
     */
    public long lostCount() {
        AsyncLogWriter w = lastWriter;
        return w == null ? 0 : w.lostCount();
    }

    /**
     * Events waiting to be written.
     *
     * @return the number queued now; 0 when stopped
     */
    public int queuedCount() {
        Running r = running;
        return r == null ? 0 : r.writer.queuedCount();
    }

    /** The writer of the running appender, for tests. */
    @Nullable AsyncLogWriter writer() {
        return lastWriter;
    }
}
