package io.github.azkit.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Logback contexts configured from a {@code logback.xml} text, as an application's would be. */
final class Contexts {

    private Contexts() {
    }

    /** A private context (not SLF4J's), configured from {@code xml}. */
    static LoggerContext configured(String xml) {
        LoggerContext context = new LoggerContext();
        context.setName("test");
        configure(context, xml);
        return context;
    }

    /** SLF4J's own context, which the Azure SDK and azkit-logging log to, reset and configured from {@code xml}. */
    static LoggerContext global(String xml) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        configure(context, xml);
        context.start(); // an earlier test's restoreGlobal() stopped it, and stop() does nothing on a stopped context
        return context;
    }

    /** Puts SLF4J's context back to this module's logback-test.xml. */
    static void restoreGlobal() throws JoranException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.stop();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    static void configure(LoggerContext context, String xml) {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (JoranException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The appender named {@code name} on the root logger. */
    static AzureBlobAppender appender(LoggerContext context, String name) {
        return (AzureBlobAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(name);
    }

    /** The status messages at {@code level} ({@link Status#WARN}, {@link Status#ERROR}) or above. */
    static List<String> statuses(LoggerContext context, int level) {
        return context.getStatusManager().getCopyOfStatusList().stream().filter(s -> s.getEffectiveLevel() >= level)
                .map(Status::getMessage).collect(Collectors.toList());
    }
}
