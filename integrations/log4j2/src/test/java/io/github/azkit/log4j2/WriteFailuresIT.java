package io.github.azkit.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Storage that fails every request: the failure reaches Log4j's status logger at WARN, naming the blob and the cause
 * (the writer's own WARN is logged on the appender's thread, which the appender ignores).
 */
@AzkitStorageTest
class WriteFailuresIT {

    private final List<StatusData> warnings = new CopyOnWriteArrayList<>();
    private final StatusListener listener = new StatusListener() {
        @Override
        public void log(StatusData data) {
            if (data.getLevel().isMoreSpecificThan(Level.WARN)
                    && data.getMessage().getFormattedMessage().startsWith("AzureBlob appender")) {
                warnings.add(data);
            }
        }

        @Override
        public Level getStatusLevel() {
            return Level.WARN;
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

    @Test
    void aFailureThatPersistsIsReportedToTheStatusLogger(TestStorage storage) {
        FaultInjector faults = FaultInjector.builder().seed(3L).rule(FaultRule.status(503)).build();
        String name = storage.createContainer().getBlobContainerName();
        BlobContainerClient failing = storage.blobServiceClientBuilder(faults)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, 5, 5L, 5L, null))
                .buildClient().getBlobContainerClient(name);
        AzureBlobAppender appender = AzureBlobAppender.newBuilder().setName("blob").setContainerClient(failing)
                .setLogName("app").setFlushInterval(Duration.ofHours(1))
                .setRetryPolicy(RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ofMillis(1))
                        .maxDelay(Duration.ofMillis(1)).build())
                .setLayout(PatternLayout.newBuilder().setPattern("%msg%n").build()).build();
        LoggerContext context = Contexts.with("failing", appender);
        Logger logger = context.getLogger("shop");
        for (int i = 0; i < 3; i++) {
            logger.info("event {}", i);
        }
        context.stop();

        assertThat(appender.lostCount()).isEqualTo(3);
        assertThat(warnings).as("the appender's WARN statuses").isNotEmpty();
        StatusData warning = warnings.get(0);
        assertThat(warning.getMessage().getFormattedMessage()).contains("'blob'", "3 lines", name + "/app.log");
        assertThat(warning.getThrowable()).as("the cause").isNotNull();
        assertThat(warning.getThrowable().getMessage()).contains("503");
    }
}
