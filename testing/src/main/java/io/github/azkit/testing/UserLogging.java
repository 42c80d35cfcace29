package io.github.azkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The logging a user's application gets, for a {@link ChildJvm} whose claim is "a normal run logs no WARN or ERROR":
 * {@link #jvmOptions()} gives the child slf4j-simple's defaults (everything from INFO up, nothing turned off), and
 * {@link #warnAndErrorLines(ChildJvm)} lists the WARN and ERROR lines of its output.
 *
 * <p>A child runs with the test class path, so it would read the test's own {@code simplelogger.properties}, which
 * often turns off the Azure SDK's loggers to quiet the refusals that tests cause on purpose, and with them exactly
 * the lines such a check is for. System properties take precedence over that file key by key, so
 * {@link #jvmOptions()} sets every logger level that a {@code simplelogger.properties} on this JVM's class path
 * names back to the default level, and the output format to slf4j-simple's default.
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.builder(NormalSession.class)
 *         .jvmOptions(UserLogging.jvmOptions())
 *         .env("AZKIT_CHILD_CONNECTION_STRING", storage.connectionString())
 *         .start()) {
 *     assertThat(child.waitFor(Duration.ofSeconds(60))).isZero();
 *     assertThat(UserLogging.warnAndErrorLines(child)).isEmpty();
 * }
 * }</pre>
 *
 * <p>For children whose SLF4J provider is slf4j-simple. Thread-safe: it has no state.
 */
public final class UserLogging {

    private static final String PREFIX = "org.slf4j.simpleLogger.";
    private static final String DEFAULT_LEVEL = "info";
    /** slf4j-simple's line: {@code [thread] LEVEL logger - message}. */
    private static final Pattern SIMPLE_LOGGER = Pattern.compile("^\\[.*?] (WARN|ERROR) \\S+ - .*");
    /**
     * What else a user would see as a warning or error: java.util.logging's default console format, SLF4J's own
     * warnings, the JVM's warnings, an uncaught exception.
     */
    private static final Pattern OTHER = Pattern.compile(
            "^(WARNING: |SEVERE: |SLF4J: |SLF4J\\([WE]\\): |Exception in thread |\\S.* VM warning: ).*");

    private UserLogging() {
    }

    /**
     * JVM options for a child ({@link ChildJvm.Builder#jvmOptions}) that give it slf4j-simple's default logging:
     * level INFO for every logger, also for each one that a {@code simplelogger.properties} on this JVM's class path
     * sets, to standard error in the default format {@code [thread] LEVEL logger - message}.
     *
     * @return a new array of {@code -D} options
     * @throws UncheckedIOException if a {@code simplelogger.properties} on the class path cannot be read
     */
    public static String[] jvmOptions() {
        TreeSet<String> loggers = new TreeSet<>();
        for (Properties file : simpleLoggerFiles()) {
            for (String key : file.stringPropertyNames()) {
                if (key.startsWith(PREFIX + "log.")) {
                    loggers.add(key);
                }
            }
        }
        List<String> options = new ArrayList<>(List.of(
                "-D" + PREFIX + "defaultLogLevel=" + DEFAULT_LEVEL,
                "-D" + PREFIX + "logFile=System.err",
                "-D" + PREFIX + "cacheOutputStream=false",
                "-D" + PREFIX + "showDateTime=false",
                "-D" + PREFIX + "showThreadName=true",
                "-D" + PREFIX + "showThreadId=false",
                "-D" + PREFIX + "showLogName=true",
                "-D" + PREFIX + "showShortLogName=false",
                "-D" + PREFIX + "levelInBrackets=false",
                "-D" + PREFIX + "warnLevelString=WARN"));
        for (String logger : loggers) {
            options.add("-D" + logger + "=" + DEFAULT_LEVEL);
        }
        return options.toArray(String[]::new);
    }

    /**
     * The lines of a child's output that a user would read as a warning or an error: slf4j-simple's WARN and ERROR
     * lines (in the format {@link #jvmOptions()} sets), {@code java.util.logging}'s {@code WARNING:} and
     * {@code SEVERE:} lines, SLF4J's own warnings, the JVM's {@code VM warning:} lines and uncaught exceptions.
     * Stack trace lines that follow are not included; the whole output is in {@link ChildJvm#outputFile()}.
     *
     * @param child the child, usually after it has exited
     * @return the lines, in order; empty when there are none
     * @throws NullPointerException if {@code child} is null
     */
    public static List<String> warnAndErrorLines(ChildJvm child) {
        return warnAndErrorLines(Objects.requireNonNull(child, "'child' must not be null").outputLines());
    }

    /**
     * The lines among {@code lines} that a user would read as a warning or an error; see
     * {@link #warnAndErrorLines(ChildJvm)}.
     *
     * @param lines lines of output
     * @return the lines, in order; empty when there are none
     * @throws NullPointerException if {@code lines} or one of them is null
     */
    public static List<String> warnAndErrorLines(List<String> lines) {
        Objects.requireNonNull(lines, "'lines' must not be null");
        List<String> found = new ArrayList<>();
        for (String line : lines) {
            if (SIMPLE_LOGGER.matcher(line).matches() || OTHER.matcher(line).matches()) {
                found.add(line);
            }
        }
        return found;
    }

    private static List<Properties> simpleLoggerFiles() {
        List<Properties> files = new ArrayList<>();
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Enumeration<URL> urls = (loader != null ? loader : ClassLoader.getSystemClassLoader())
                    .getResources("simplelogger.properties");
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                Properties properties = new Properties();
                try (InputStream in = url.openStream()) {
                    properties.load(in);
                }
                files.add(properties);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read simplelogger.properties from the class path", e);
        }
        return files;
    }
}
