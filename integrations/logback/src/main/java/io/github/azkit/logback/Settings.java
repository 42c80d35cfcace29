package io.github.azkit.logback;

import io.github.azkit.logging.AsyncLogWriter.FullQueuePolicy;
import io.github.azkit.logging.LogPeriod;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The appender's settings as parsed at {@code start()}: each raw text from {@code logback.xml} is checked, and every
 * problem is collected as a sentence that names the property, the value and what is allowed (never the value of a
 * secret). Immutable once parsed.
 */
final class Settings {

    static final int DEFAULT_QUEUE_SIZE = 100_000;
    static final int DEFAULT_MAX_BATCH_ENTRIES = 10_000;
    static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    static final FullQueuePolicy DEFAULT_WHEN_FULL = FullQueuePolicy.DROP;
    /** A write that hangs must not hold the queue (and a clean stop) for ever; the Log4j 2 appender's default too. */
    static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(30);
    static final List<String> DEFAULT_IGNORED_LOGGERS = List.of("com.azure", "io.netty", "reactor");

    /** Container names: 3 to 63 lowercase letters, digits and single hyphens, starting with a letter or digit. */
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    /** What Logback leaves of {@code ${VAR}} when VAR is neither a property nor an environment variable. */
    private static final String UNDEFINED = "_IS_UNDEFINED";

    final List<String> errors = new ArrayList<>();
    @Nullable LogPeriod period;
    int retention;
    int queueSize = DEFAULT_QUEUE_SIZE;
    int maxBatchEntries = DEFAULT_MAX_BATCH_ENTRIES;
    Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    FullQueuePolicy whenFull = DEFAULT_WHEN_FULL;
    @Nullable Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
    List<String> ignoredLoggers = DEFAULT_IGNORED_LOGGERS;

    private Settings() {
    }

    /** Parses the raw properties of an appender; problems go to {@link #errors}. */
    static Settings parse(AzureBlobAppender a) {
        Settings s = new Settings();
        s.checkLogName(a.logName);
        s.period = s.period(a.period);
        s.retention = s.retention(a.retention, a.period);
        s.queueSize = s.positive("queueSize", a.queueSize, DEFAULT_QUEUE_SIZE, "100000");
        s.maxBatchEntries = s.positive("maxBatchEntries", a.maxBatchEntries, DEFAULT_MAX_BATCH_ENTRIES, "10000");
        if (s.queueSize < s.maxBatchEntries) {
            s.errors.add("'queueSize' (" + s.queueSize + ") must be at least 'maxBatchEntries' ("
                    + s.maxBatchEntries + "): raise <queueSize> or lower <maxBatchEntries>");
        }
        s.flushInterval = s.duration("flushInterval", a.flushInterval, DEFAULT_FLUSH_INTERVAL, Duration.ofMillis(1));
        s.operationTimeout = s.duration("operationTimeout", a.operationTimeout, DEFAULT_OPERATION_TIMEOUT,
                Duration.ofMillis(1));
        s.whenFull = s.whenFull(a.whenFull);
        s.ignoredLoggers = ignoredLoggers(a.ignoredLoggers);
        return s;
    }

    private void checkLogName(@Nullable String logName) {
        if (logName == null || logName.isBlank()) {
            errors.add("'logName' is not set: add <logName>app</logName>; it names the blob (<logName>.log, or "
                    + "<logName>/<period>/<label>.log with a <period>)");
        }
    }

    /** Checks the container's name as the service does, so that a typo fails here and not at the first write. */
    void checkContainer(@Nullable String container) {
        if (container == null || container.isBlank()) {
            errors.add("'container' is not set: add <container>logs</container> (3 to 63 lowercase letters, digits "
                    + "and hyphens; the appender creates it if it does not exist)");
        } else if (undefined(container) || !CONTAINER.matcher(container).matches()) {
            errors.add("'container' must be 3 to 63 lowercase letters, digits and single hyphens, starting and "
                    + "ending with a letter or digit, was '" + container + "'" + undefinedHint(container));
        }
    }

    private @Nullable LogPeriod period(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LogPeriod.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add("'period' must be one of " + Arrays.toString(LogPeriod.values()) + ", was '" + text + "'"
                    + undefinedHint(text) + "; leave it out for one rolling log capped at 50,000 blocks");
            return null;
        }
    }

    private int retention(@Nullable String text, @Nullable String period) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        if (period == null || period.isBlank()) {
            errors.add("'retention' (" + text + ") needs a <period>: a rolling log (no period) is capped at 50,000 "
                    + "blocks instead; add <period>DAILY</period> or remove <retention>");
            return 0;
        }
        return positive("retention", text, 0, "30");
    }

    private int positive(String name, @Nullable String text, int fallback, String example) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add("'" + name + "' must be a whole number of at least 1, was '" + text + "'" + undefinedHint(text)
                + "; for example <" + name + ">" + example + "</" + name + ">");
        return fallback;
    }

    private @Nullable Duration duration(String name, @Nullable String text, @Nullable Duration fallback,
            Duration min) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            Duration value = Duration.parse(text.trim());
            if (value.compareTo(min) >= 0) {
                return value;
            }
            errors.add("'" + name + "' must be at least " + min + ", was " + value);
            return fallback;
        } catch (DateTimeParseException e) {
            errors.add("'" + name + "' must be an ISO-8601 duration such as PT1S (1 second), PT0.5S or PT2M, was '"
                    + text + "'" + undefinedHint(text));
            return fallback;
        }
    }

    private FullQueuePolicy whenFull(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_WHEN_FULL;
        }
        try {
            return FullQueuePolicy.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add("'whenFull' must be DROP (the default: a full queue drops the event and counts it, the "
                    + "logging thread never waits) or BLOCK (the logging thread waits for storage), was '" + text
                    + "'" + undefinedHint(text));
            return DEFAULT_WHEN_FULL;
        }
    }

    private static List<String> ignoredLoggers(@Nullable String text) {
        if (text == null) {
            return DEFAULT_IGNORED_LOGGERS;
        }
        List<String> names = new ArrayList<>();
        for (String name : text.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return List.copyOf(names);
    }

    /**
     * Whether a text has the shape of a storage connection string: {@code key=value} pairs separated by {@code ;},
     * naming an account (or {@code UseDevelopmentStorage=true}) and a key or a SAS. The SDK's own parse runs at the
     * first write (building its client logs, see {@link LazySink}).
     */
    static boolean looksLikeConnectionString(String text) {
        boolean account = false;
        boolean secret = false;
        for (String part : text.trim().split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return false;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equalsIgnoreCase("UseDevelopmentStorage") && value.equalsIgnoreCase("true")) {
                return true;
            }
            account |= key.equalsIgnoreCase("AccountName") || key.equalsIgnoreCase("BlobEndpoint");
            secret |= key.equalsIgnoreCase("AccountKey") || key.equalsIgnoreCase("SharedAccessSignature");
        }
        return account && secret;
    }

    /** Whether a text is an absolute http or https URL with a host. */
    static boolean isHttpUrl(String text) {
        try {
            java.net.URI uri = new java.net.URI(text.trim());
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Whether a value is what Logback substitutes for an undefined {@code ${VARIABLE}}. */
    static boolean undefined(String text) {
        return text.endsWith(UNDEFINED);
    }

    private static String undefinedHint(String text) {
        return undefined(text) ? " (a ${" + text.substring(0, text.length() - UNDEFINED.length())
                + "} that is neither a system property nor an environment variable)" : "";
    }
}
