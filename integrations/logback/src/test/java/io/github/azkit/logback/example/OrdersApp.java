package io.github.azkit.logback.example;

import io.github.azkit.testing.ChildJvm;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application that logs through SLF4J, with Logback configured by {@code logback-example.xml} (next to this class
 * in the test resources; the JVM is started with {@code -Dlogback.configurationFile} naming it): its events go to the
 * console and to a daily log in Azure Blob Storage. It logs the number of events given as its argument and returns;
 * Logback's shutdown hook writes what is still queued. Run by {@code ExampleAppIT} and {@code NoWarningsIT} in a
 * JVM of its own. It lives in the test sources because it needs Azurite's connection string from the test, and the
 * module publishes only the appender.
 */
public final class OrdersApp {

    private OrdersApp() {
    }

    /**
     * Logs the events and returns.
     *
     * @param args the number of orders to log
     */
    public static void main(String[] args) {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 9);
        int orders = Integer.parseInt(args[0]);
        // @start region="logback-example"
        Logger log = LoggerFactory.getLogger(OrdersApp.class);
        for (int order = 1; order <= orders; order++) {
            log.info("order {} placed", order); // queued; written within a second, never waits on storage
        }
        log.info("shutting down");
        // The JVM exits when main returns: <shutdownHook/> stops Logback, and the appender writes what is queued.
        // @end region="logback-example"
        System.out.println("DONE");
    }
}
