package io.github.azkit.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which loggers {@code ignoredLoggers} covers: the named loggers and their children, by whole name segments. */
class IgnoredLoggersTest {

    private static final List<String> DEFAULTS = AzureBlobAppender.DEFAULT_IGNORED_LOGGERS;

    @Test
    void theSdksNettysAndReactorsLoggersAndTheirChildrenAreIgnoredByDefault() {
        assertThat(AzureBlobAppender.isUnder("com.azure", DEFAULTS)).isTrue();
        assertThat(AzureBlobAppender.isUnder("com.azure.core.http.policy.HttpLoggingPolicy", DEFAULTS)).isTrue();
        assertThat(AzureBlobAppender.isUnder("io.netty.channel.nio.NioEventLoop", DEFAULTS)).isTrue();
        assertThat(AzureBlobAppender.isUnder("reactor.netty.resources.PooledConnectionProvider", DEFAULTS)).isTrue();
    }

    @Test
    void otherLoggersAreNotEvenWhenTheirNameStartsWithTheSameLetters() {
        assertThat(AzureBlobAppender.isUnder("com.azurex.Shop", DEFAULTS)).isFalse();
        assertThat(AzureBlobAppender.isUnder("reactorshop.Orders", DEFAULTS)).isFalse();
        assertThat(AzureBlobAppender.isUnder("io.github.azkit.logging.AsyncLogWriter", DEFAULTS)).isFalse();
        assertThat(AzureBlobAppender.isUnder("", DEFAULTS)).isFalse();
        assertThat(AzureBlobAppender.isUnder(null, DEFAULTS)).isFalse();
        assertThat(AzureBlobAppender.isUnder("com.azure.core", List.of())).isFalse();
    }
}
