package io.github.azkit.log4j2.example;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An example application that logs through SLF4J, with Log4j 2 behind it (log4j-slf4j2-impl) and the
 * {@code <AzureBlob>} appender in its {@code log4j2.xml} ({@code src/test/resources/log4j2-example.xml}): it knows
 * nothing of Azure. Log4j's shutdown hook stops the appender when the JVM exits, which writes what is still queued.
 *
 * <p>Run with {@code -Dlog4j2.configurationFile=log4j2-example.xml}, the connection string in
 * {@code AZURE_STORAGE_CONNECTION_STRING} and the container's name in {@code LOG_CONTAINER}; the first argument is how
 * many orders to log.
 */
public final class OrdersApp {

    private OrdersApp() {
    }

    /**
     * Logs one line per order, and returns.
     *
     * @param args the number of orders
     */
    public static void main(String[] args) {
        int orders = Integer.parseInt(args[0]);
        // @start region="log4j2-example"
        Logger log = LoggerFactory.getLogger(OrdersApp.class);
        log.info("Orders service started");
        for (int order = 1; order <= orders; order++) {
            log.info("Order {} placed", order); // queued in memory: this call never waits on storage
        }
        log.info("Orders service stopping");
        // On exit, Log4j's shutdown hook stops the appender, which writes every line still queued.
        // @end region="log4j2-example"
    }
}
