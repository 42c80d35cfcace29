package io.github.azkit.benchmarks.appender;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.log4j2.AzureBlobAppender;
import io.github.azkit.storage.TransactionCounter;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * The Log4j 2 row of {@link AppenderBenchmark}: azkit-log4j2's {@link AzureBlobAppender} (defaults) on a private Log4j
 * {@link LoggerContext}, with the same pattern and load as the Logback rows. Log4j is not SLF4J's provider here.
 */
final class Log4jCase {

    private static final String PATTERN = "%d{ISO8601} %-5level [%thread] %logger - %msg%n";

    private final BlobContainerClient container;

    Log4jCase(BlobContainerClient container) {
        this.container = container;
    }

    AppenderBenchmark.Result run(String name, TransactionCounter counter, int threads, int seconds, int ratePerSecond)
            throws InterruptedException {
        LoggerContext context = new LoggerContext(name);
        Configuration config = new DefaultConfiguration();
        PatternLayout layout = PatternLayout.newBuilder().setConfiguration(config).setPattern(PATTERN).build();
        AzureBlobAppender appender = AzureBlobAppender.newBuilder().setName("azkit").setContainerClient(container)
                .setLogName(name).setLayout(layout).setConfiguration(config).build();
        if (appender == null) {
            throw new IllegalStateException("the Log4j 2 appender was not built (see Log4j's status messages)");
        }
        appender.start();
        config.addAppender(appender);
        LoggerConfig orders = LoggerConfig.newBuilder().setLoggerName("bench.Orders").setLevel(Level.INFO)
                .setAdditivity(false).setConfig(config).build();
        orders.addAppender(appender, null, null);
        config.addLogger("bench.Orders", orders);
        context.start(config);
        Logger logger = context.getLogger("bench.Orders");
        try {
            AppenderBenchmark.Load load = AppenderBenchmark.Load.run(threads, seconds, ratePerSecond,
                    (n, index) -> logger.info("order {} placed by user-{}", n, index),
                    () -> appender.stop(30, TimeUnit.SECONDS), counter); // writes the queue: inside the time
            return load.result(appender.writtenCount(), appender.droppedCount() + appender.lostCount());
        } finally {
            context.stop();
        }
    }
}
