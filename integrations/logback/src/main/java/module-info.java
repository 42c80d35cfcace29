/**
 * azkit Logback appender: Logback events into rolling or periodic block-blob logs, off the logging thread.
 */
module io.github.azkit.logback {
    requires transitive io.github.azkit.logging;
    requires transitive ch.qos.logback.classic;
    requires transitive ch.qos.logback.core;
    requires static org.jspecify;

    exports io.github.azkit.logback;
}
