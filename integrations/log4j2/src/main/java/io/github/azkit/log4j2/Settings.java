package io.github.azkit.log4j2;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.logging.AsyncLogWriter;
import io.github.azkit.logging.AsyncLogWriter.FullQueuePolicy;
import io.github.azkit.logging.LogPeriod;
import io.github.azkit.logging.LogSink;
import io.github.azkit.logging.OngoingLog;
import io.github.azkit.logging.PeriodicLog;
import io.github.azkit.logging.WriteFailedEvent;
import io.github.azkit.storage.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The checked settings of one {@link AzureBlobAppender}: the log's sink, and what its {@link AsyncLogWriter} is built
 * with. Immutable; {@link #parse} turns a builder's attributes into settings, or into one message per problem, each
 * naming the attribute, the value (never a secret's) and what is allowed.
 */
final class Settings {

    private static final Pattern CONTAINER_NAME = Pattern.compile("(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*");

    private final LogSink sink;
    private final String description;
    private final int queueSize;
    private final int maxBatchEntries;
    private final Duration flushInterval;
    private final FullQueuePolicy whenFull;
    private final Duration operationTimeout;
    private final RetryPolicy retryPolicy;
    private final List<String> ignoredLoggers;

    private Settings(LogSink sink, String description, int queueSize, int maxBatchEntries, Duration flushInterval,
            FullQueuePolicy whenFull, Duration operationTimeout, RetryPolicy retryPolicy, List<String> ignoredLoggers) {
        this.sink = sink;
        this.description = description;
        this.queueSize = queueSize;
        this.maxBatchEntries = maxBatchEntries;
        this.flushInterval = flushInterval;
        this.whenFull = whenFull;
        this.operationTimeout = operationTimeout;
        this.retryPolicy = retryPolicy;
        this.ignoredLoggers = ignoredLoggers;
    }

    /** The settings of {@code b}, or null after adding a message to {@code problems} for each bad or missing one. */
    static @Nullable Settings parse(AzureBlobAppender.Builder b, List<String> problems) {
        int before = problems.size();
        BlobContainerClient container = container(b, problems);
        String logName = b.logName();
        if (logName == null || logName.isEmpty()) {
            problems.add("'logName' is required: the log's id, which names its blob (logName=\"orders\" writes "
                    + "orders.log, or orders/daily/<day>.log with period=\"DAILY\")");
        }
        LogPeriod period = choice(problems, "period", b.period(), LogPeriod.class, null,
                " (or leave 'period' out for one rolling log)");
        Integer retention = null;
        if (b.retention() != null) {
            retention = whole(problems, "retention", b.retention(), 0, 1,
                    " (the periods kept, counting the current one; leave it out to keep all)");
            if (period == null && b.period() == null) {
                problems.add("'retention' needs 'period', was retention=\"" + b.retention() + "\" without a period: "
                        + "a rolling log keeps its newest 50,000 blocks instead; set period=\"DAILY\" (or another "
                        + "LogPeriod) or remove 'retention'");
            }
        }
        int queueSize = whole(problems, "queueSize", b.queueSize(), AzureBlobAppender.Builder.DEFAULT_QUEUE_SIZE, 1,
                "");
        int maxBatchEntries = whole(problems, "maxBatchEntries", b.maxBatchEntries(),
                AzureBlobAppender.Builder.DEFAULT_MAX_BATCH_ENTRIES, 1, "");
        if (maxBatchEntries > queueSize && queueSize >= 1) {
            problems.add("'maxBatchEntries' must be at most 'queueSize' (" + queueSize + "), was " + maxBatchEntries
                    + ": raise 'queueSize' or lower 'maxBatchEntries'");
        }
        Duration flushInterval = duration(problems, "flushInterval", b.flushInterval(),
                AzureBlobAppender.Builder.DEFAULT_FLUSH_INTERVAL, Duration.ofMillis(1), "at least 1 ms, such as PT1S");
        FullQueuePolicy whenFull = choice(problems, "whenFull", b.whenFull(), FullQueuePolicy.class,
                FullQueuePolicy.DROP, " (DROP keeps the logging thread from ever waiting on storage)");
        Duration operationTimeout = duration(problems, "operationTimeout", b.operationTimeout(),
                AzureBlobAppender.Builder.DEFAULT_OPERATION_TIMEOUT, Duration.ofNanos(1), "positive, such as PT30S");
        List<String> ignoredLoggers = b.ignoredLoggers() == null ? AzureBlobAppender.DEFAULT_IGNORED_LOGGERS
                : Arrays.stream(b.ignoredLoggers().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (problems.size() > before || container == null || logName == null || whenFull == null) {
            return null;
        }
        LogSink sink;
        String description;
        try {
            if (period == null) {
                OngoingLog log = OngoingLog.builder().containerClient(container).logId(logName).build();
                sink = log;
                description = "blob=" + container.getBlobContainerName() + "/" + log.blobClient().getBlobName();
            } else {
                PeriodicLog.Builder periodic = PeriodicLog.builder().containerClient(container).period(period)
                        .clock(b.clock());
                if (retention != null) {
                    periodic.retention(retention);
                }
                sink = periodic.build().sink(logName);
                description = "container=" + container.getBlobContainerName() + ", logName=" + logName + ", period="
                        + period + (retention != null ? ", retention=" + retention : "");
            }
        } catch (IllegalArgumentException e) {
            problems.add("'logName' cannot name a blob, was '" + logName + "': " + e.getMessage());
            return null;
        }
        return new Settings(new ContainerCreatingSink(sink, container), description, queueSize, maxBatchEntries,
                flushInterval, whenFull, operationTimeout, b.retryPolicy(), ignoredLoggers);
    }

    private static @Nullable BlobContainerClient container(AzureBlobAppender.Builder b, List<String> problems) {
        if (b.containerClient() != null) {
            return b.containerClient();
        }
        String name = b.container();
        if (name == null || name.isEmpty()) {
            problems.add("'container' is required: the name of the blob container that holds the log (created on "
                    + "the first write if missing)");
        } else if (!CONTAINER_NAME.matcher(name).matches()) {
            problems.add("'container' must be 3 to 63 lowercase letters, digits and single hyphens, starting and "
                    + "ending with a letter or digit, was '" + name + "'");
            name = null;
        }
        BlobServiceClient service = service(b, problems);
        return service == null || name == null ? null : service.getBlobContainerClient(name);
    }

    private static @Nullable BlobServiceClient service(AzureBlobAppender.Builder b, List<String> problems) {
        String connectionString = blankToNull(b.connectionString());
        String endpoint = blankToNull(b.endpoint());
        String sasToken = blankToNull(b.sasToken());
        if (connectionString != null && (endpoint != null || sasToken != null)) {
            problems.add("set either 'connectionString', or 'endpoint' with 'sasToken', not both");
            return null;
        }
        if (connectionString != null) {
            if (connectionString.startsWith("${")) {
                problems.add("'connectionString' is a lookup that was not resolved, was '" + connectionString
                        + "': set the variable it names (for example the environment variable of ${env:NAME})");
                return null;
            }
            try {
                return new BlobServiceClientBuilder().connectionString(connectionString).buildClient();
            } catch (RuntimeException e) {
                problems.add("'connectionString' is not a storage account connection string (its value is not shown: "
                        + "it holds a key); copy it from the portal's Access keys, or use 'endpoint' with 'sasToken'");
                return null;
            }
        }
        if (endpoint == null && sasToken == null) {
            problems.add("the storage account is required: set 'connectionString', or 'endpoint' "
                    + "(https://<account>.blob.core.windows.net) with 'sasToken'");
            return null;
        }
        if (endpoint == null) {
            problems.add("'sasToken' needs 'endpoint': set endpoint=\"https://<account>.blob.core.windows.net\"");
            return null;
        }
        if (!isHttpUrl(endpoint)) {
            problems.add("'endpoint' must be the blob service URL without a query, such as "
                    + "https://<account>.blob.core.windows.net (the SAS goes in 'sasToken'), was '"
                    + endpoint.replaceAll("\\?.*", "?...") + "'");
            return null;
        }
        if (sasToken == null || sasToken.startsWith("${")) {
            problems.add("'endpoint' needs 'sasToken'" + (sasToken == null ? "" : " (a lookup that was not resolved)")
                    + ": a SAS token that allows reading and writing blobs of the container");
            return null;
        }
        try {
            return new BlobServiceClientBuilder().endpoint(endpoint).sasToken(sasToken).buildClient();
        } catch (RuntimeException e) {
            problems.add("'endpoint' with 'sasToken' could not make a client (the token is not shown): "
                    + e.getClass().getSimpleName() + "; check that 'sasToken' is a SAS query string");
            return null;
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawQuery() == null;
        } catch (Exception e) {
            return false;
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int whole(List<String> problems, String attribute, @Nullable String value, int byDefault, int min,
            String note) {
        if (value == null) {
            return byDefault;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("'" + attribute + "' must be a whole number of at least " + min + note + ", was '" + value + "'");
        return byDefault;
    }

    private static Duration duration(List<String> problems, String attribute, @Nullable String value,
            Duration byDefault, Duration min, String allowed) {
        if (value == null) {
            return byDefault;
        }
        try {
            Duration parsed = Duration.parse(value.trim());
            if (parsed.compareTo(min) >= 0) {
                return parsed;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problems.add("'" + attribute + "' must be an ISO-8601 duration " + allowed + ", was '" + value + "'");
        return byDefault;
    }

    private static <E extends Enum<E>> @Nullable E choice(List<String> problems, String attribute,
            @Nullable String value, Class<E> type, @Nullable E byDefault, String note) {
        if (value == null) {
            return byDefault;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                names.add(constant.name());
            }
            problems.add("'" + attribute + "' must be one of " + String.join(", ", names) + note + ", was '" + value
                    + "'");
            return byDefault;
        }
    }

    /**
     * A running writer onto the sink, flushing on {@code executor}, that gives each write its retries gave up on to
     * {@code onWriteFailed}.
     */
    AsyncLogWriter writer(ScheduledExecutorService executor, Consumer<WriteFailedEvent> onWriteFailed) {
        return AsyncLogWriter.builder().sink(sink).executor(executor).queueCapacity(queueSize)
                .maxBatchEntries(maxBatchEntries).flushInterval(flushInterval).fullQueuePolicy(whenFull)
                .operationTimeout(operationTimeout).retryPolicy(retryPolicy).onWriteFailed(onWriteFailed).build();
    }

    /** Where the log is written: the blob, or the container and log name of a periodic log. */
    String description() {
        return description;
    }

    List<String> ignoredLoggers() {
        return ignoredLoggers;
    }

    @Override
    public String toString() {
        return description + ", queueSize=" + queueSize + ", maxBatchEntries=" + maxBatchEntries + ", flushInterval="
                + flushInterval + ", whenFull=" + whenFull + ", operationTimeout=" + operationTimeout
                + ", ignoredLoggers=" + ignoredLoggers;
    }
}
