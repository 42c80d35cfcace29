package io.github.azkit.log4j2;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;

/** Private Log4j contexts for tests, configured from {@code log4j2.xml} text, as an application's file would be. */
final class Contexts {

    private Contexts() {
    }

    /** A started context named {@code name}, configured from the XML text. */
    static LoggerContext fromXml(String name, String xml) {
        LoggerContext context = new LoggerContext(name);
        ConfigurationSource source;
        try {
            source = new ConfigurationSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        context.start(new XmlConfiguration(context, source));
        return context;
    }

    /**
     * A {@code log4j2.xml} whose root logger, at INFO, writes to one {@code <AzureBlob name="blob">} element with
     * these attributes and this inner XML (a layout), and nothing else.
     */
    static String azureBlobXml(String attributes, String inner) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN">
                  <Appenders>
                    <AzureBlob name="blob" %s>
                      %s
                    </AzureBlob>
                  </Appenders>
                  <Loggers>
                    <Root level="INFO"><AppenderRef ref="blob"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(attributes, inner);
    }

    /** An XML attribute {@code name="value"}, escaped. */
    static String attribute(String name, String value) {
        return name + "=\"" + value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;") + "\"";
    }

    /** A started context with no appender but {@code appender} (started here) on its root logger at INFO. */
    static LoggerContext with(String name, AzureBlobAppender appender) {
        LoggerContext context = fromXml(name, """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN"><Loggers><Root level="INFO"/></Loggers></Configuration>
                """);
        Configuration config = context.getConfiguration();
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        root.addAppender(appender, Level.INFO, null);
        context.updateLoggers();
        return context;
    }

    /** The started {@code <AzureBlob name="blob">} of a context. */
    static AzureBlobAppender blob(LoggerContext context) {
        AzureBlobAppender appender = context.getConfiguration().getAppender("blob");
        if (appender == null) {
            throw new AssertionError("no appender 'blob' in " + context.getConfiguration());
        }
        return appender;
    }
}
