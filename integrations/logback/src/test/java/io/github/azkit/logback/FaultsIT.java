package io.github.azkit.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lost responses and 503s on the appender's writes: every event is in the blob exactly once, in order; and the
 * writer's own DEBUG lines about the failures (logged on the appender's thread, by a logger no setting ignores) are
 * not written to the blob they are about.
 */
@AzkitStorageTest
class FaultsIT {

    @AfterEach
    void restoreLogging() throws Exception {
        Contexts.restoreGlobal();
    }

    @Test
    void lostResponsesAnd503sNeitherDuplicateNorLoseEvents(TestStorage storage) {
        FaultInjector faults = FaultInjector.builder().seed(5L)
                .rule(FaultRule.loseResponse().on(Operation.BLOCK_COMMIT).withProbability(0.25))
                .rule(FaultRule.status(503).on(Operation.BLOCK_COMMIT).withProbability(0.4))
                .rule(FaultRule.loseResponse().on(Operation.READ).withProbability(0.2))
                .build();
        String name = storage.createContainer().getBlobContainerName();
        BlobContainerClient faulty = storage.blobServiceClientBuilder(faults)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 2, 5, 5L, 5L, null)) // faults reach us
                .buildClient().getBlobContainerClient(name);
        LoggerContext context = Contexts.global("<configuration/>");
        ListAppender<ILoggingEvent> all = new ListAppender<>();
        all.setContext(context);
        all.start();
        AzureBlobAppender appender = new AzureBlobAppender();
        appender.setContext(context);
        appender.setName("BLOB");
        appender.setContainerClient(faulty);
        appender.setLogName("app");
        appender.setFlushInterval("PT1H");
        // The fault injector is a pipeline policy that logs each fault, on Netty's threads for some requests: like
        // any policy of the application's that logs per request, its logger must be ignored (as the SDK's are).
        appender.setIgnoredLoggers("com.azure,io.netty,reactor,io.github.azkit.testing");
        appender.setRetryPolicy(RetryPolicy.builder().maxAttempts(20).initialDelay(Duration.ofMillis(1))
                .maxDelay(Duration.ofMillis(10)).build());
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.DEBUG);
        root.addAppender(appender);
        root.addAppender(all);
        Logger log = context.getLogger("shop");

        List<String> expected = new ArrayList<>();
        for (int batch = 0; batch < 60; batch++) {
            for (int i = 0; i < 10; i++) {
                log.info("e-{}-{}", batch, i);
                expected.add("e-" + batch + "-" + i);
            }
            appender.flush();
        }
        context.stop();

        List<String> messages = AzureBlobAppenderIT.read(storage, name, "app").stream()
                .map(line -> line.substring(line.indexOf(" - ") + 3)).toList();
        assertThat(messages).containsExactlyElementsOf(expected);
        assertThat(faults.injected(Fault.LOST_RESPONSE)).isPositive();
        assertThat(faults.injected(Fault.STATUS)).isPositive();
        assertThat(appender.writer().failedAttemptCount()).as("failed writes, retried").isPositive();
        assertThat(appender.lostCount()).isZero();
        assertThat(all.list.stream().filter(e -> e.getLoggerName().startsWith("io.github.azkit.logging")))
                .as("azkit-logging's own DEBUG lines about the failures, seen by another appender").isNotEmpty();
    }
}
