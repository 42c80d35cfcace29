package io.github.azkit.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A bad value fails at {@code start()}: the appender stays stopped, and Logback's status has an error naming the
 * property, the value and the fix. No storage is needed: nothing is sent before the settings are checked.
 */
class BadSettingsTest {

    private static final String AZURITE = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
            + "BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    private static String xml(String properties) {
        return """
                <configuration>
                  <appender name="BLOB" class="io.github.azkit.logback.AzureBlobAppender">
                    %s
                  </appender>
                  <root level="INFO"><appender-ref ref="BLOB"/></root>
                </configuration>
                """.formatted(properties);
    }

    private static List<String> errorsOf(String properties) {
        LoggerContext context = Contexts.configured(xml(properties));
        AzureBlobAppender appender = Contexts.appender(context, "BLOB");
        assertThat(appender.isStarted()).as("started with %s", properties).isFalse();
        context.getLogger("x").info("an event for a stopped appender is ignored, not thrown");
        context.stop();
        return Contexts.statuses(context, Status.ERROR);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<period>HOURLY</period>|'period' must be one of [DAILY, WEEKLY, MONTHLY, QUARTERLY, YEARLY], was 'HOURLY'",
        "<period>DAILY</period><retention>0</retention>|'retention' must be a whole number of at least 1, was '0'",
        "<retention>30</retention>|'retention' (30) needs a <period>",
        "<queueSize>lots</queueSize>|'queueSize' must be a whole number of at least 1, was 'lots'",
        "<maxBatchEntries>-5</maxBatchEntries>|'maxBatchEntries' must be a whole number of at least 1, was '-5'",
        "<queueSize>10</queueSize><maxBatchEntries>20</maxBatchEntries>|'queueSize' (10) must be at least 'maxBatchEntries' (20)",
        "<flushInterval>1s</flushInterval>|'flushInterval' must be an ISO-8601 duration such as PT1S",
        "<flushInterval>PT0S</flushInterval>|'flushInterval' must be at least PT0.001S, was PT0S",
        "<operationTimeout>30</operationTimeout>|'operationTimeout' must be an ISO-8601 duration such as PT1S (1 second), PT0.5S or PT2M, was '30'",
        "<whenFull>WAIT</whenFull>|'whenFull' must be DROP (the default",
        "<period>${LOG_PERIOD_NOT_SET}</period>|a ${LOG_PERIOD_NOT_SET} that is neither a system property nor an environment variable",
    })
    void aBadValueIsNamedWithItsFix(String bad, String message) {
        assertThat(errorsOf("<connectionString>" + AZURITE + "</connectionString><container>logs</container>"
                + "<logName>app</logName>" + bad)).anySatisfy(e -> assertThat(e).contains(message));
    }

    @Test
    void missingSettingsAreEachNamed() {
        assertThat(errorsOf("")).anySatisfy(e -> assertThat(e).contains("'logName' is not set"))
                .anySatisfy(e -> assertThat(e).contains("'container' is not set"))
                .anySatisfy(e -> assertThat(e).contains("no storage account is set"));
    }

    @Test
    void aBadContainerNameIsRefusedBeforeAnyRequest() {
        assertThat(errorsOf("<connectionString>" + AZURITE + "</connectionString><container>My_Logs</container>"
                + "<logName>app</logName>"))
                .anySatisfy(e -> assertThat(e).contains("'container' must be 3 to 63 lowercase letters")
                        .contains("was 'My_Logs'"));
    }

    @Test
    void aMalformedConnectionStringIsNotRepeated() {
        List<String> errors = errorsOf("<connectionString>AccountName=x;AccountKey=c2VjcmV0;Nonsense</connectionString>"
                + "<container>logs</container><logName>app</logName>");
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("'connectionString' is not a valid storage "
                + "connection string (value not shown"));
        assertThat(errors).noneSatisfy(e -> assertThat(e).contains("c2VjcmV0"));
    }

    @Test
    void anUndefinedConnectionStringVariableIsNamed() {
        assertThat(errorsOf("<connectionString>${AZKIT_TEST_UNSET_VARIABLE}</connectionString>"
                + "<container>logs</container><logName>app</logName>"))
                .anySatisfy(e -> assertThat(e).contains("'connectionString' is an undefined variable "
                        + "(AZKIT_TEST_UNSET_VARIABLE_IS_UNDEFINED)"));
    }

    @Test
    void anEndpointWithoutASasTokenIsRefused() {
        assertThat(errorsOf("<endpoint>https://acct.blob.core.windows.net</endpoint><container>logs</container>"
                + "<logName>app</logName>"))
                .anySatisfy(e -> assertThat(e).contains("'endpoint' (https://acct.blob.core.windows.net) needs a "
                        + "'sasToken'"));
    }

    @Test
    void bothAnEncoderAndALayoutAreRefused() {
        assertThat(errorsOf("<connectionString>" + AZURITE + "</connectionString><container>logs</container>"
                + "<logName>app</logName><encoder><pattern>%msg</pattern></encoder>"
                + "<layout class=\"ch.qos.logback.classic.PatternLayout\"><pattern>%msg</pattern></layout>"))
                .anySatisfy(e -> assertThat(e).contains("both an <encoder> and a <layout> are set"));
    }

    @Test
    void goodSettingsStartWithoutAnyRequest() {
        LoggerContext context = Contexts.configured(xml("<connectionString>" + AZURITE + "</connectionString>"
                + "<container>logs</container><logName>app</logName><period>daily</period><retention>30</retention>"
                + "<queueSize>1000</queueSize><maxBatchEntries>100</maxBatchEntries><flushInterval>PT1H</flushInterval>"
                + "<whenFull>BLOCK</whenFull><operationTimeout>PT30S</operationTimeout>"));
        AzureBlobAppender appender = Contexts.appender(context, "BLOB");
        assertThat(appender.isStarted()).as("statuses %s", Contexts.statuses(context, 0)).isTrue();
        assertThat(Contexts.statuses(context, Status.WARN)).isEmpty();
        appender.stop(); // nothing queued: no request to the unreachable endpoint
        assertThat(appender.lostCount()).isZero();
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        Settings defaults = Settings.parse(new AzureBlobAppender());
        assertThat(defaults.period).as("rolling").isNull();
        assertThat(defaults.queueSize).isEqualTo(100_000);
        assertThat(defaults.maxBatchEntries).isEqualTo(10_000);
        assertThat(defaults.flushInterval).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(defaults.whenFull).isEqualTo(io.github.azkit.logging.AsyncLogWriter.FullQueuePolicy.DROP);
        assertThat(defaults.operationTimeout).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(defaults.ignoredLoggers).containsExactly("com.azure", "io.netty", "reactor");
    }

    @Test
    void ignoredLoggersMatchNamesAndTheirChildrenOnly() {
        String[] ignored = Settings.DEFAULT_IGNORED_LOGGERS.toArray(String[]::new);
        assertThat(AzureBlobAppender.ignored("com.azure", ignored)).isTrue();
        assertThat(AzureBlobAppender.ignored("com.azure.storage.blob.BlobClient", ignored)).isTrue();
        assertThat(AzureBlobAppender.ignored("reactor.netty.http.client", ignored)).isTrue();
        assertThat(AzureBlobAppender.ignored("io.netty.channel", ignored)).isTrue();
        assertThat(AzureBlobAppender.ignored("com.azurepipelines.App", ignored)).isFalse();
        assertThat(AzureBlobAppender.ignored("reactors.Plant", ignored)).isFalse();
        assertThat(AzureBlobAppender.ignored("shop.Orders", ignored)).isFalse();
    }
}
