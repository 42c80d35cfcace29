package io.github.azkit.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad or missing attribute of {@code <AzureBlob>} is refused as Log4j refuses one: the builder logs an ERROR to the
 * status logger naming the attribute, the value and what is allowed, and returns null, so the configuration has no such
 * appender. No storage is needed: building and starting the appender make no request.
 */
class BadAttributesTest {

    /** Azurite's well-known development account, at a port where nothing listens; nothing is sent in these tests. */
    static final String CONNECTION_STRING = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
            + "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    private final List<StatusData> errors = new CopyOnWriteArrayList<>();
    private final StatusListener listener = new StatusListener() {
        @Override
        public void log(StatusData data) {
            if (data.getLevel().isMoreSpecificThan(Level.ERROR)) {
                errors.add(data);
            }
        }

        @Override
        public Level getStatusLevel() {
            return Level.ERROR;
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        StatusLogger.getLogger().registerListener(listener);
    }

    @AfterEach
    void stopListening() {
        StatusLogger.getLogger().removeListener(listener);
    }

    static Stream<Arguments> badAttributes() {
        String good = Contexts.attribute("connectionString", CONNECTION_STRING) + " container=\"logs\" logName=\"app\"";
        return Stream.of(
                Arguments.of(good + " flushInterval=\"1s\"", List.of("'flushInterval'", "'1s'", "ISO-8601", "PT1S")),
                Arguments.of(good + " flushInterval=\"PT0S\"", List.of("'flushInterval'", "'PT0S'", "at least 1 ms")),
                Arguments.of(good + " operationTimeout=\"soon\"", List.of("'operationTimeout'", "'soon'", "PT30S")),
                Arguments.of(good + " whenFull=\"WAIT\"", List.of("'whenFull'", "'WAIT'", "BLOCK, DROP")),
                Arguments.of(good + " period=\"HOURLY\"",
                        List.of("'period'", "'HOURLY'", "DAILY, WEEKLY, MONTHLY, QUARTERLY, YEARLY")),
                Arguments.of(good + " retention=\"7\"", List.of("'retention' needs 'period'", "7", "period=\"DAILY\"")),
                Arguments.of(good + " period=\"DAILY\" retention=\"0\"", List.of("'retention'", "'0'", "at least 1")),
                Arguments.of(good + " queueSize=\"many\"", List.of("'queueSize'", "'many'", "whole number")),
                Arguments.of(good + " queueSize=\"100\" maxBatchEntries=\"500\"",
                        List.of("'maxBatchEntries'", "500", "at most 'queueSize' (100)")),
                Arguments.of(Contexts.attribute("connectionString", CONNECTION_STRING) + " container=\"Logs_1\" "
                        + "logName=\"app\"", List.of("'container'", "'Logs_1'", "lowercase")),
                Arguments.of(Contexts.attribute("connectionString", CONNECTION_STRING) + " container=\"logs\"",
                        List.of("'logName' is required")),
                Arguments.of("container=\"logs\" logName=\"app\"",
                        List.of("set 'connectionString', or 'endpoint'", "'sasToken'")),
                Arguments.of("endpoint=\"https://acct.blob.core.windows.net\" container=\"logs\" logName=\"app\"",
                        List.of("'endpoint' needs 'sasToken'")),
                Arguments.of("endpoint=\"acct.blob.core.windows.net\" sasToken=\"sv=1&amp;sig=x\" container=\"logs\" "
                        + "logName=\"app\"", List.of("'endpoint'", "'acct.blob.core.windows.net'", "https://")),
                Arguments.of("connectionString=\"${env:AZKIT_NO_SUCH_VARIABLE}\" container=\"logs\" logName=\"app\"",
                        List.of("'connectionString' is a lookup that was not resolved",
                                "${env:AZKIT_NO_SUCH_VARIABLE}")));
    }

    @ParameterizedTest
    @MethodSource("badAttributes")
    void aBadAttributeIsNamedWithItsValueAndTheFixAndNoAppenderIsMade(String attributes, List<String> said) {
        LoggerContext context = Contexts.fromXml("bad", Contexts.azureBlobXml(attributes, ""));
        try {
            assertThat(context.getConfiguration().<AzureBlobAppender>getAppender("blob")).isNull();
            assertThat(errors).extracting(e -> e.getMessage().getFormattedMessage())
                    .anySatisfy(message -> assertThat(message).contains("AzureBlob appender 'blob'")
                            .contains(said));
        } finally {
            context.stop();
        }
    }

    @Test
    void aConnectionStringThatIsWrongIsReportedWithoutItsValue() {
        String secret = "AccountName=acct;AccountKey=c2VjcmV0LWtleQ==;Broken";
        LoggerContext context = Contexts.fromXml("secret", Contexts.azureBlobXml(
                Contexts.attribute("connectionString", secret) + " container=\"logs\" logName=\"app\"", ""));
        try {
            assertThat(context.getConfiguration().<AzureBlobAppender>getAppender("blob")).isNull();
            assertThat(errors).extracting(e -> e.getMessage().getFormattedMessage())
                    .anySatisfy(message -> assertThat(message).contains("'connectionString' is not a storage account"))
                    .allSatisfy(message -> assertThat(message).doesNotContain("c2VjcmV0LWtleQ"));
        } finally {
            context.stop();
        }
    }

    @Test
    void goodAttributesMakeAStartedAppenderWithTheirValuesAndNoError() {
        LoggerContext context = Contexts.fromXml("good", Contexts.azureBlobXml(
                Contexts.attribute("connectionString", CONNECTION_STRING) + " container=\"logs\" logName=\"app\" "
                        + "period=\"weekly\" retention=\"4\" queueSize=\"500\" maxBatchEntries=\"50\" "
                        + "flushInterval=\"PT0.5S\" whenFull=\"BLOCK\" operationTimeout=\"PT10S\" "
                        + "ignoredLoggers=\"com.azure, org.example\"",
                "<PatternLayout pattern=\"%msg%n\"/>"));
        try {
            AzureBlobAppender appender = Contexts.blob(context);
            assertThat(appender.isStarted()).isTrue();
            assertThat(appender.toString()).contains("container=logs", "logName=app", "period=WEEKLY", "retention=4",
                    "queueSize=500", "maxBatchEntries=50", "flushInterval=PT0.5S", "whenFull=BLOCK",
                    "operationTimeout=PT10S", "ignoredLoggers=[com.azure, org.example]")
                    .doesNotContain("AccountKey");
            assertThat(errors).isEmpty();
        } finally {
            context.stop(); // nothing was logged, so nothing is written: no request to the closed port
        }
    }

    @Test
    void defaultsAreARollingLogWithTheWritersDefaults() {
        LoggerContext context = Contexts.fromXml("defaults", Contexts.azureBlobXml(
                Contexts.attribute("connectionString", CONNECTION_STRING) + " container=\"logs\" logName=\"app\"", ""));
        try {
            assertThat(Contexts.blob(context).toString()).contains("blob=logs/app.log", "queueSize=100000",
                    "maxBatchEntries=10000", "flushInterval=PT1S", "whenFull=DROP", "operationTimeout=PT30S",
                    "ignoredLoggers=[com.azure, io.netty, reactor]");
            assertThat(Contexts.blob(context).getLayout().toString()).contains(AzureBlobAppender.DEFAULT_PATTERN);
        } finally {
            context.stop();
        }
    }
}
