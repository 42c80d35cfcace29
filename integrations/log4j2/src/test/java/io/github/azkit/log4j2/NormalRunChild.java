package io.github.azkit.log4j2;

import io.github.azkit.testing.ChildJvm;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child main of {@link NoWarningsIT}: an application logging through SLF4J onto Log4j 2 as a user configures it,
 * the root logger at INFO to the console (slf4j-simple's line format, which {@code UserLogging} reads) and to a rolling
 * {@code <AzureBlob>} log, and the logger {@code audit} also to a daily one with retention, in the existing container
 * named by the first argument. It logs from several threads, shuts Log4j down and prints {@code DONE}.
 */
public final class NormalRunChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_CHILD_CONNECTION_STRING";

    private NormalRunChild() {
    }

    /**
     * Runs the application.
     *
     * @param args the container's name
     * @throws Exception if something fails
     */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 9);
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN">
                  <Appenders>
                    <Console name="console" target="SYSTEM_ERR">
                      <PatternLayout pattern="[%%t] %%level %%logger - %%msg%%n"/>
                    </Console>
                    <AzureBlob name="app" connectionString="${env:%1$s}" container="%2$s" logName="app"/>
                    <AzureBlob name="audit" connectionString="${env:%1$s}" container="%2$s" logName="audit"
                               period="DAILY" retention="7" flushInterval="PT0.2S"/>
                  </Appenders>
                  <Loggers>
                    <Logger name="audit" level="INFO" additivity="false"><AppenderRef ref="audit"/></Logger>
                    <Root level="INFO"><AppenderRef ref="console"/><AppenderRef ref="app"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(CONNECTION_STRING_ENV, args[0]);
        Configurator.initialize(null, new ConfigurationSource(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));

        Logger orders = LoggerFactory.getLogger("shop.orders");
        Logger audit = LoggerFactory.getLogger("audit");
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int thread = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    orders.debug("not written: below the root level");
                    if (i % 500 == 0) {
                        orders.info("order {} of thread {}", i, thread);
                    }
                    audit.info("audit {} of thread {}", i, thread);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Thread.sleep(500); // a few interval flushes run while the application is up
        orders.info("shutting down");
        LogManager.shutdown();
        System.out.println("DONE");
    }
}
