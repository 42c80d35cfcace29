package io.github.azkit.log4j2;

import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.azkit.testing.ChildJvm;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child main of {@link RecursionIT}: an application whose SLF4J logging (and so the Azure SDK's, Netty's,
 * Reactor's and azkit's) goes to Log4j 2 through log4j-slf4j2-impl, with the root logger at DEBUG writing to an
 * {@code <AzureBlob>} appender. It logs {@value #EVENTS} events of its own over about two seconds, so that the appender
 * writes many batches while the SDK logs around them, makes a storage call of its own on the main thread, shuts Log4j
 * down, and prints the appender's counts and {@code DONE}.
 *
 * <p>Arguments: the container's name, the log name, and the {@code ignoredLoggers} attribute or {@code -} to leave
 * it out (the default). The connection string comes in {@value #CONNECTION_STRING_ENV}.
 */
public final class RecursionChild {

    static final String CONNECTION_STRING_ENV = "AZKIT_CHILD_CONNECTION_STRING";
    static final int EVENTS = 200;

    private RecursionChild() {
    }

    /**
     * Runs the application.
     *
     * @param args the container, the log name, and the ignored loggers or {@code -}
     * @throws Exception if something fails
     */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitAfter(Duration.ofMinutes(2), 9);
        String connectionString = System.getenv(CONNECTION_STRING_ENV);
        String ignored = args[2].equals("-") ? "" : Contexts.attribute("ignoredLoggers", args[2]);
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN">
                  <Appenders>
                    <AzureBlob name="blob" connectionString="${env:%s}" container="%s" logName="%s"
                               flushInterval="PT0.05S" %s>
                      <PatternLayout pattern="%%t|%%logger|%%msg%%n"/>
                    </AzureBlob>
                  </Appenders>
                  <Loggers>
                    <Root level="DEBUG"><AppenderRef ref="blob"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(CONNECTION_STRING_ENV, args[0], args[1], ignored);
        LoggerContext context = Configurator.initialize(null, new ConfigurationSource(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
        AzureBlobAppender appender = context.getConfiguration().getAppender("blob");

        Logger log = LoggerFactory.getLogger("shop.orders");
        for (int i = 0; i < EVENTS; i++) {
            log.info("order {}", i);
            if (i % 20 == 0) {
                Thread.sleep(200); // let the appender write while the application goes on
            }
        }
        // The SDK logs on this thread too (the request lines of AZURE_HTTP_LOG_DETAIL_LEVEL=basic)
        new BlobServiceClientBuilder().connectionString(connectionString).buildClient()
                .getBlobContainerClient(args[0]).exists();
        log.info("order {}", EVENTS);
        LogManager.shutdown();

        System.out.println("WRITTEN " + appender.writtenCount());
        System.out.println("IGNORED " + appender.ignoredCount());
        System.out.println("DONE");
    }
}
