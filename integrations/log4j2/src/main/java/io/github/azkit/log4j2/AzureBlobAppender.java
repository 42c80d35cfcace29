package io.github.azkit.log4j2;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.logging.AsyncLogWriter;
import io.github.azkit.logging.AsyncLogWriter.FullQueuePolicy;
import io.github.azkit.logging.LogPeriod;
import io.github.azkit.logging.WriteFailedEvent;
import io.github.azkit.storage.RetryPolicy;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.status.StatusLogger;
import org.jspecify.annotations.Nullable;

/**
 * A Log4j 2 appender, {@code <AzureBlob>} in {@code log4j2.xml}, that writes each event as one line of an azkit log
 * in Azure Blob Storage: one rolling block blob capped at 50,000 blocks ({@link io.github.azkit.logging.OngoingLog},
 * when {@code period} is left out), or one blob per period with retention ({@link io.github.azkit.logging.PeriodicLog},
 * {@code period="DAILY"}). Events are written in batches by an {@link AsyncLogWriter}: a batch of up to
 * {@code maxBatchEntries} events that fits in 4 MiB costs two write transactions (one Put Block and one Put Block
 * List), whatever the number of events in it.
 *
 * <pre>{@code
 * <AzureBlob name="blob" connectionString="${env:AZURE_STORAGE_CONNECTION_STRING}" container="logs"
 *            logName="orders" period="DAILY" retention="30">
 *   <PatternLayout pattern="%d{ISO8601}{UTC} %-5level [%t] %logger - %msg%n"/>
 * </AzureBlob>
 * }</pre>
 *
 * <p><b>The logging thread never waits on storage.</b> {@link #append(LogEvent)} formats the event with the layout
 * and puts the line in a bounded queue; a thread of the appender's own ({@code azkit-log4j2-<name>}) writes the queue
 * every {@code flushInterval} and whenever {@code maxBatchEntries} lines are queued. When the queue is full the line
 * is dropped and counted ({@link #droppedCount()}; {@code whenFull="DROP"}, the default), so that a storage outage
 * slows no request of the application; {@code whenFull="BLOCK"} makes the logging thread wait for room instead.
 * Failed writes are retried by the writer (the batch is kept and written first at the next flush, never twice: see
 * {@link AsyncLogWriter}); each write the retries give up on is reported to Log4j's status logger at WARN, naming
 * the blob and the failure (the writer's own WARN is logged on the appender's thread, which this appender ignores:
 * see below).
 *
 * <p><b>Stop flushes.</b> {@link #stop(long, TimeUnit)}, called by Log4j on a clean shutdown
 * ({@code LoggerContext.stop()}, {@code LogManager.shutdown()}, {@code Configurator.shutdown(...)}, Log4j's shutdown
 * hook) and on a reconfiguration, writes every line accepted before it, on the calling thread, then stops the
 * appender's thread. The wait is bounded by the writer's retries and {@code operationTimeout} (30 s by default) per
 * batch, not by the timeout Log4j passes.
 *
 * <p><b>No recursion.</b> Writing a batch makes the Azure SDK, Netty and Reactor log; those events must not come back
 * to this appender as new lines to write. So the appender ignores (and does not count as dropped) every event
 * <ul>
 *   <li>of a logger named in {@code ignoredLoggers} or below it: by default {@code com.azure}, {@code io.netty} and
 *       {@code reactor} ({@link #DEFAULT_IGNORED_LOGGERS}; route those loggers to another appender if you want
 *       them);</li>
 *   <li>logged on a thread of any azkit Log4j 2 appender, or on the thread that is stopping one while it flushes
 *       (so also azkit's own {@code io.github.azkit.logging} messages about failed writes).</li>
 * </ul>
 *
 * <p><b>Storage settings.</b> Give {@code connectionString}, or {@code endpoint} (the blob service URL) with
 * {@code sasToken}; or, in code, {@link Builder#setContainerClient(BlobContainerClient)} with a client the
 * application built (for example with a managed identity). The container is created on the first write that finds it
 * missing (one Create Container), when the credentials allow it.
 *
 * <p>The appender writes on one daemon thread of its own and takes no executor, unlike other azkit components
 * (CONTRIBUTING.md): it must know its own thread to ignore the events logged there, which a shared executor's
 * threads would not allow.
 *
 * <p>Thread-safe: Log4j calls {@link #append(LogEvent)} from any number of threads; lines from one thread are written
 * in the order they were appended, and lines of different threads in the order they entered the queue.
 */
@Plugin(name = AzureBlobAppender.PLUGIN_NAME, category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE,
        printObject = true)
public final class AzureBlobAppender extends AbstractAppender {

    /** The element name in {@code log4j2.xml}: {@code <AzureBlob>}. */
    public static final String PLUGIN_NAME = "AzureBlob";

    /** The loggers whose events are ignored unless {@code ignoredLoggers} says otherwise. */
    static final List<String> DEFAULT_IGNORED_LOGGERS = List.of("com.azure", "io.netty", "reactor");

    /** The layout's pattern when no layout is given: UTC time, level, thread, logger, message and stack trace. */
    public static final String DEFAULT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}{UTC} %-5level [%t] %logger - %msg%n%ex";

    /**
     * Set on the appenders' own threads (for good) and on a thread that stops an appender (while it flushes): events
     * logged there are ignored.
     */
    private static final ThreadLocal<Boolean> WRITING = new ThreadLocal<>();

    private final Settings settings;
    private final List<String> ignoredLoggers;
    private final LongAdder ignored = new LongAdder();
    /** Events the writer refused: larger than a block, or arriving while the appender stopped. */
    private final LongAdder rejected = new LongAdder();
    private final AtomicBoolean warnedTooLarge = new AtomicBoolean();
    private volatile @Nullable AsyncLogWriter writer;
    private volatile @Nullable ScheduledExecutorService executor;

    private AzureBlobAppender(String name, @Nullable Filter filter, Layout<? extends Serializable> layout,
            boolean ignoreExceptions, Property @Nullable [] properties, Settings settings) {
        super(name, filter, layout, ignoreExceptions, properties);
        this.settings = settings;
        this.ignoredLoggers = settings.ignoredLoggers();
    }

    /**
     * A new builder: Log4j calls it for each {@code <AzureBlob>} element. Named {@code newBuilder()}, not azkit's
     * usual {@code builder()}, as every Log4j appender's is.
     *
     * @return a builder
     */
    @PluginBuilderFactory
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Starts the appender: makes its thread and its writer. Makes no request (the first write reads the log's block
     * list). Called by Log4j.
     */
    @Override
    public void start() {
        ScheduledExecutorService ownThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(() -> {
                WRITING.set(Boolean.TRUE);
                runnable.run();
            }, "azkit-log4j2-" + getName());
            thread.setDaemon(true);
            return thread;
        });
        this.executor = ownThread;
        this.writer = settings.writer(ownThread, this::writeFailed);
        super.start();
    }

    /**
     * Reports a write that the writer's retries gave up on to Log4j's status logger, at WARN: the writer's own WARN
     * is logged on this appender's thread, where every appender of this kind ignores it, so without this a failure
     * that persists would reach no output.
     */
    private void writeFailed(WriteFailedEvent event) {
        StatusLogger.getLogger().warn("AzureBlob appender '{}' could not write {} lines to {} ({}; {} failed "
                + "attempts in a row, for {})", getName(), event.entryCount(), settings.description(),
                event.isKept() ? "kept, to be written first at the next flush" : "dropped, counted in lostCount()",
                event.consecutiveFailures(), event.failingFor(), event.failure());
    }

    /**
     * Formats the event with the layout and queues it as one line (its trailing line breaks removed, inner ones kept
     * and escaped in the blob); returns at once. Ignores the events described in the class comment. A line larger than
     * a block (4 MiB) is dropped, counted in {@link #droppedCount()}, and the first such event is reported to Log4j's
     * status logger at WARN (once, as the Logback appender does).
     *
     * @param event the event
     */
    @Override
    public void append(LogEvent event) {
        if (isIgnored(event)) {
            ignored.increment();
            return;
        }
        AsyncLogWriter current = writer;
        if (current == null) {
            return; // not started: Log4j does not call append() then
        }
        String line = format(event);
        Boolean was = WRITING.get();
        WRITING.set(Boolean.TRUE); // whatever the writer logs while it queues is not fed back here
        try {
            current.append(line);
        } catch (IllegalArgumentException e) {
            rejected.increment();
            if (warnedTooLarge.compareAndSet(false, true)) { // once, as the Logback appender: the count says the rest
                StatusLogger.getLogger().warn("AzureBlob appender '{}' dropped an event of logger {} larger than a "
                        + "block (4 MiB): {}; such events are counted in droppedCount() and not reported again",
                        getName(), event.getLoggerName(), e.getMessage());
            }
        } catch (IllegalStateException e) {
            rejected.increment(); // stopped meanwhile: the event came after stop() began
        } finally {
            if (was == null) {
                WRITING.remove();
            }
        }
    }

    private boolean isIgnored(LogEvent event) {
        if (WRITING.get() != null) {
            return true;
        }
        return isUnder(event.getLoggerName(), ignoredLoggers);
    }

    /**
     * Whether {@code logger} is one of {@code names} or below one of them: {@code com.azure.core} is below
     * {@code com.azure}, {@code com.azurex} is not.
     */
    static boolean isUnder(@Nullable String logger, List<String> names) {
        if (logger == null) {
            return false;
        }
        for (String name : names) {
            if (logger.startsWith(name) && (logger.length() == name.length() || logger.charAt(name.length()) == '.')) {
                return true;
            }
        }
        return false;
    }

    private String format(LogEvent event) {
        Layout<? extends Serializable> layout = getLayout();
        String text = layout instanceof StringLayout stringLayout ? stringLayout.toSerializable(event)
                : new String(layout.toByteArray(event), StandardCharsets.UTF_8);
        // The layout's one line terminator (\n or \r\n) ends the entry; anything before it is the event's own text (as
        // in the Logback appender), kept and escaped by the log.
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
            if (end > 0 && text.charAt(end - 1) == '\r') {
                end--;
            }
        }
        return end == text.length() ? text : text.substring(0, end);
    }

    /**
     * Stops the appender: writes every line accepted before it, on the calling thread, then stops the appender's
     * thread. Events logged on the calling thread meanwhile are ignored. Called by Log4j on shutdown and
     * reconfiguration. The wait is bounded by the writer's retries and {@code operationTimeout} per batch, not by
     * {@code timeout}; lines that still cannot be written are counted in {@link #lostCount()} and logged by the
     * writer at WARN.
     *
     * @param timeout passed on to the filter's stop
     * @param timeUnit the unit of {@code timeout}
     * @return {@code true}
     */
    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        super.stop(timeout, timeUnit, false);
        Boolean was = WRITING.get();
        WRITING.set(Boolean.TRUE);
        try {
            AsyncLogWriter current = writer;
            if (current != null) {
                current.close();
            }
        } finally {
            if (was == null) {
                WRITING.remove();
            }
            ScheduledExecutorService ownThread = executor;
            if (ownThread != null) {
                ownThread.shutdown(); // the writer does not shut down an executor it was given
            }
        }
        setStopped();
        return true;
    }

    /**
     * Lines written to the blob.
     *
     * @return the count since the appender started; 0 before
     */
    public long writtenCount() {
        AsyncLogWriter current = writer;
        return current == null ? 0 : current.writtenCount();
    }

    /**
     * Events dropped without being written: the queue was full ({@code whenFull="DROP"}), the line was larger than a
     * block, or the event came while the appender was stopping. Ignored events (see the class comment) are not
     * counted.
     *
     * @return the count since the appender started
     */
    public long droppedCount() {
        AsyncLogWriter current = writer;
        return rejected.sum() + (current == null ? 0 : current.droppedCount());
    }

    /**
     * Lines accepted but never written: refused for good by storage (for example 403), or still failing when the
     * appender stopped (see {@link AsyncLogWriter#lostCount()}).
     *
     * @return the count since the appender started
     */
    public long lostCount() {
        AsyncLogWriter current = writer;
        return current == null ? 0 : current.lostCount();
    }

    /**
     * Events waiting to be written.
     *
     * @return the number queued now; 0 when stopped
     */
    public int queuedCount() {
        AsyncLogWriter current = writer;
        return current == null || !isStarted() ? 0 : current.queuedCount();
    }

    /**
     * Writes every event queued before this call, on the calling thread, and returns when they are written (or
     * their write has failed and been reported). Events logged on this thread meanwhile (the SDK's) are ignored.
     * Does nothing if the appender is not started. Never throws a storage error.
     */
    public void flush() {
        AsyncLogWriter current = writer;
        if (current == null || !isStarted()) {
            return;
        }
        Boolean was = WRITING.get();
        WRITING.set(Boolean.TRUE);
        try {
            current.flush();
        } finally {
            if (was == null) {
                WRITING.remove();
            }
        }
    }

    /** Events ignored to prevent recursion (ignored loggers, the appenders' own threads). */
    long ignoredCount() {
        return ignored.sum();
    }

    @Override
    public String toString() {
        return "AzureBlobAppender[name=" + getName() + ", " + settings + ", state=" + getState() + "]";
    }

    /**
     * Builds an {@link AzureBlobAppender} from the attributes of an {@code <AzureBlob>} element, or in code. Mutable
     * and not thread-safe.
     *
     * <p>This builder follows Log4j's conventions rather than azkit's, so that it reads like every other Log4j
     * appender's (and inherits {@code setName}, {@code setLayout}, {@code setFilter} from Log4j's base builder):
     * setters are named {@code setX}, never throw, and {@link #build()} checks everything at once; for each bad or
     * missing setting it logs an ERROR to Log4j's status logger, naming the attribute, the value (never a secret's)
     * and what is allowed, and returns {@code null}, which Log4j reports as an appender it could not create.
     *
     * <p>Attributes ({@code log4j2.xml}) and their defaults:
     * <ul>
     *   <li>{@code name} (required): the appender's name;</li>
     *   <li>{@code connectionString}, or {@code endpoint} with {@code sasToken} (one of the two is required, unless
     *       a container client is set in code): the storage account;</li>
     *   <li>{@code container} (required unless a container client is set): the container's name;</li>
     *   <li>{@code logName} (required): the log id; the blob is {@code <logName>.log} for a rolling log and
     *       {@code <logName>/<period>/<label>.log} for a periodic one;</li>
     *   <li>{@code period}: absent for one rolling log; else a {@link LogPeriod} name ({@code DAILY},
     *       {@code WEEKLY}, {@code MONTHLY}, {@code QUARTERLY}, {@code YEARLY});</li>
     *   <li>{@code retention}: with {@code period}, how many periods to keep, counting the current one (default:
     *       keep all);</li>
     *   <li>{@code queueSize}: lines that may wait to be written (default 100000);</li>
     *   <li>{@code maxBatchEntries}: the most lines in one write, and the queue length that starts a write at once
     *       (default 10000; at most {@code queueSize});</li>
     *   <li>{@code flushInterval}: how often queued lines are written, an ISO-8601 duration of at least 1 ms
     *       (default {@code PT1S});</li>
     *   <li>{@code whenFull}: {@code DROP} (default) or {@code BLOCK}, an {@link FullQueuePolicy} name;</li>
     *   <li>{@code operationTimeout}: the longest one write of a batch may take, retries included, an ISO-8601
     *       duration (default {@code PT30S});</li>
     *   <li>{@code ignoredLoggers}: comma-separated logger names whose events (and their children's) are ignored
     *       (default {@code com.azure,io.netty,reactor}; an empty value ignores none);</li>
     *   <li>a nested layout (default a {@link PatternLayout} of {@link AzureBlobAppender#DEFAULT_PATTERN}), a nested
     *       filter, and {@code ignoreExceptions}, as for any Log4j appender.</li>
     * </ul>
     */
    public static final class Builder extends AbstractAppender.Builder<Builder>
            implements org.apache.logging.log4j.core.util.Builder<AzureBlobAppender> {

        static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(30);
        static final int DEFAULT_QUEUE_SIZE = 100_000;
        static final int DEFAULT_MAX_BATCH_ENTRIES = 10_000;
        static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

        @PluginBuilderAttribute(sensitive = true)
        private @Nullable String connectionString;
        @PluginBuilderAttribute
        private @Nullable String endpoint;
        @PluginBuilderAttribute(sensitive = true)
        private @Nullable String sasToken;
        @PluginBuilderAttribute
        private @Nullable String container;
        @PluginBuilderAttribute
        private @Nullable String logName;
        @PluginBuilderAttribute
        private @Nullable String period;
        @PluginBuilderAttribute
        private @Nullable String retention;
        @PluginBuilderAttribute
        private @Nullable String queueSize;
        @PluginBuilderAttribute
        private @Nullable String maxBatchEntries;
        @PluginBuilderAttribute
        private @Nullable String flushInterval;
        @PluginBuilderAttribute
        private @Nullable String whenFull;
        @PluginBuilderAttribute
        private @Nullable String operationTimeout;
        @PluginBuilderAttribute
        private @Nullable String ignoredLoggers;

        private @Nullable BlobContainerClient containerClient;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets the storage account's connection string. Put a reference in {@code log4j2.xml}, such as
         * {@code ${env:AZURE_STORAGE_CONNECTION_STRING}}, not the secret itself. It is never logged.
         *
         * @param connectionString the connection string
         * @return this builder
         */
        public Builder setConnectionString(@Nullable String connectionString) {
            this.connectionString = connectionString;
            return this;
        }

        /**
         * Sets the blob service endpoint, {@code https://<account>.blob.core.windows.net}, used with
         * {@link #setSasToken(String)} instead of a connection string.
         *
         * @param endpoint the URL
         * @return this builder
         */
        public Builder setEndpoint(@Nullable String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Sets the SAS token used with {@link #setEndpoint(String)}: it must allow writing and reading blobs of the
         * container (and creating the container, if it may be missing). It is never logged.
         *
         * @param sasToken the token, with or without its leading {@code ?}
         * @return this builder
         */
        public Builder setSasToken(@Nullable String sasToken) {
            this.sasToken = sasToken;
            return this;
        }

        /**
         * Sets the container's name.
         *
         * @param container a valid container name: 3 to 63 lowercase letters, digits and single hyphens
         * @return this builder
         */
        public Builder setContainer(@Nullable String container) {
            this.container = container;
            return this;
        }

        /**
         * Sets the container client to write through, instead of {@code connectionString}, {@code endpoint},
         * {@code sasToken} and {@code container}: for an application that builds its own clients (a managed
         * identity, its HTTP client, its pipeline policies).
         *
         * @param containerClient the container
         * @return this builder
         */
        public Builder setContainerClient(@Nullable BlobContainerClient containerClient) {
            this.containerClient = containerClient;
            return this;
        }

        /**
         * Sets the log id.
         *
         * @param logName any characters, not empty
         * @return this builder
         */
        public Builder setLogName(@Nullable String logName) {
            this.logName = logName;
            return this;
        }

        /**
         * Sets the period of one blob; null for one rolling blob.
         *
         * @param period the period, or null
         * @return this builder
         */
        public Builder setPeriod(@Nullable LogPeriod period) {
            this.period = period == null ? null : period.name();
            return this;
        }

        /**
         * Sets how many periods to keep, counting the current one (with a period only).
         *
         * @param retention at least 1
         * @return this builder
         */
        public Builder setRetention(int retention) {
            this.retention = Integer.toString(retention);
            return this;
        }

        /**
         * Sets how many lines may wait to be written.
         *
         * @param queueSize at least 1 and at least {@code maxBatchEntries}
         * @return this builder
         */
        public Builder setQueueSize(int queueSize) {
            this.queueSize = Integer.toString(queueSize);
            return this;
        }

        /**
         * Sets the most lines in one write, and the queue length that starts a write at once.
         *
         * @param maxBatchEntries at least 1
         * @return this builder
         */
        public Builder setMaxBatchEntries(int maxBatchEntries) {
            this.maxBatchEntries = Integer.toString(maxBatchEntries);
            return this;
        }

        /**
         * Sets how often queued lines are written.
         *
         * @param flushInterval at least 1 ms
         * @return this builder
         */
        public Builder setFlushInterval(@Nullable Duration flushInterval) {
            this.flushInterval = flushInterval == null ? null : flushInterval.toString();
            return this;
        }

        /**
         * Sets what the logging thread does when the queue is full.
         *
         * @param whenFull {@link FullQueuePolicy#DROP} (the default) or {@link FullQueuePolicy#BLOCK}
         * @return this builder
         */
        public Builder setWhenFull(@Nullable FullQueuePolicy whenFull) {
            this.whenFull = whenFull == null ? null : whenFull.name();
            return this;
        }

        /**
         * Sets the longest one write of a batch may take, retries included.
         *
         * @param operationTimeout positive
         * @return this builder
         */
        public Builder setOperationTimeout(@Nullable Duration operationTimeout) {
            this.operationTimeout = operationTimeout == null ? null : operationTimeout.toString();
            return this;
        }

        /**
         * Sets the loggers whose events, and their children's, are ignored (see the appender's class comment).
         *
         * @param loggers logger names; none to ignore none
         * @return this builder
         */
        public Builder setIgnoredLoggers(String... loggers) {
            this.ignoredLoggers = String.join(",", Arrays.asList(loggers));
            return this;
        }

        /**
         * Sets how a failed write is retried (default {@link RetryPolicy#DEFAULT}); in code only.
         *
         * @param retryPolicy the policy
         * @return this builder
         * @throws NullPointerException if {@code retryPolicy} is null
         */
        public Builder setRetryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "'retryPolicy' must not be null");
            return this;
        }

        /** The clock that decides a periodic log's current period, for tests. */
        Builder setClock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
            return this;
        }

        /**
         * Checks the settings and builds the appender (not started: Log4j starts it). Makes no request.
         *
         * @return the appender; {@code null} if a setting is missing or wrong, after logging an ERROR to Log4j's
         *     status logger for each
         */
        @Override
        public @Nullable AzureBlobAppender build() {
            String name = getName();
            List<String> problems = new ArrayList<>();
            Settings settings = Settings.parse(this, problems);
            if (name == null || name.isBlank()) {
                problems.add(0, "'name' is required: give the appender a name (<AzureBlob name=\"blob\" ...>)");
            }
            if (settings == null || !problems.isEmpty()) {
                for (String problem : problems) {
                    StatusLogger.getLogger().error("AzureBlob appender '{}': {}", name, problem);
                }
                return null;
            }
            Layout<? extends Serializable> layout = getLayout() != null ? getLayout()
                    : PatternLayout.newBuilder().setPattern(DEFAULT_PATTERN).setConfiguration(getConfiguration())
                            .setCharset(StandardCharsets.UTF_8).build();
            return new AzureBlobAppender(name, getFilter(), layout, isIgnoreExceptions(), getPropertyArray(),
                    settings);
        }

        @Nullable String connectionString() {
            return connectionString;
        }

        @Nullable String endpoint() {
            return endpoint;
        }

        @Nullable String sasToken() {
            return sasToken;
        }

        @Nullable String container() {
            return container;
        }

        @Nullable BlobContainerClient containerClient() {
            return containerClient;
        }

        @Nullable String logName() {
            return logName;
        }

        @Nullable String period() {
            return period;
        }

        @Nullable String retention() {
            return retention;
        }

        @Nullable String queueSize() {
            return queueSize;
        }

        @Nullable String maxBatchEntries() {
            return maxBatchEntries;
        }

        @Nullable String flushInterval() {
            return flushInterval;
        }

        @Nullable String whenFull() {
            return whenFull;
        }

        @Nullable String operationTimeout() {
            return operationTimeout;
        }

        @Nullable String ignoredLoggers() {
            return ignoredLoggers;
        }

        RetryPolicy retryPolicy() {
            return retryPolicy;
        }

        Clock clock() {
            return clock;
        }
    }
}
