package io.github.azkit.testing;

import java.time.Duration;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child main of {@link UserLoggingTest}: logs at INFO, WARN and ERROR through SLF4J (on a logger that the test
 * class path's {@code simplelogger.properties} turns off) and one {@code java.util.logging} warning.
 */
public final class LoggingChild {

    private LoggingChild() {
    }

    /**
     * Logs the lines.
     *
     * @param args not used
     */
    public static void main(String[] args) {
        ChildJvm.exitAfter(Duration.ofMinutes(1), 9);
        org.slf4j.Logger quiet = LoggerFactory.getLogger("io.github.azkit.testing.quiet.Component");
        quiet.info("an INFO line that mentions WARN and ERROR");
        quiet.warn("a WARN line");
        quiet.error("an ERROR line", new IllegalStateException("with a stack trace"));
        Logger.getLogger("io.github.azkit.testing.jul").warning("a java.util.logging warning");
    }
}
