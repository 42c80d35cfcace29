package io.github.azkit.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.azkit.logging.OngoingLog;
import io.github.azkit.storage.RetryPolicy;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;

/**
 * The appender over storage that fails: commits whose responses are lost, 503s and timeouts that outlast the SDK's
 * retries (each line is still written exactly once, in order), and storage that is slow (the logging thread does not
 * wait for it: a full queue drops).
 */
@AzkitStorageTest
class FaultsIT {

    private static final int EVENTS = 600;

    @Test
    void lostResponsesAnd503sNeitherDuplicateNorLoseALine(TestStorage storage) {
        FaultInjector faults = FaultInjector.builder().seed(17L)
                .rule(FaultRule.loseResponse().on(Operation.BLOCK_COMMIT).withProbability(0.25))
                .rule(FaultRule.status(503).on(Operation.BLOCK_COMMIT).withProbability(0.15))
                .rule(FaultRule.status(503).on(Operation.WRITE).withProbability(0.1))
                .rule(FaultRule.timeout().on(Operation.BLOCK_COMMIT).withProbability(0.1))
                .rule(FaultRule.loseResponse().on(Operation.READ).withProbability(0.2))
                .build();
        String name = storage.createContainer().getBlobContainerName();
        BlobContainerClient faulty = storage.blobServiceClientBuilder(faults)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 2, 5, 5L, 5L, null)) // faults reach us
                .buildClient().getBlobContainerClient(name);
        AzureBlobAppender appender = AzureBlobAppender.newBuilder().setName("blob").setContainerClient(faulty)
                .setLogName("app").setMaxBatchEntries(10).setQueueSize(EVENTS).setFlushInterval(Duration.ofMillis(5))
                .setRetryPolicy(RetryPolicy.builder().maxAttempts(30).initialDelay(Duration.ofMillis(1))
                        .maxDelay(Duration.ofMillis(10)).build())
                .setLayout(PatternLayout.newBuilder().setPattern("%msg%n").build()).build();
        LoggerContext context = Contexts.with("faults", appender);
        Logger logger = context.getLogger("shop");
        for (int i = 0; i < EVENTS; i++) {
            logger.info("event {}", i);
        }
        context.stop();

        List<String> read = OngoingLog.builder().containerClient(storage.blobServiceClient()
                .getBlobContainerClient(name)).logId("app").build().readEntries();
        assertThat(read).containsExactlyElementsOf(IntStream.range(0, EVENTS).mapToObj(i -> "event " + i).toList());
        assertThat(faults.injected(Fault.LOST_RESPONSE)).isPositive();
        assertThat(faults.injected(Fault.STATUS)).isPositive();
        assertThat(appender.writtenCount()).isEqualTo(EVENTS);
        assertThat(appender.droppedCount()).isZero();
        assertThat(appender.lostCount()).isZero();
    }

    @Test
    void theLoggingThreadDoesNotWaitForSlowStorageAndAFullQueueDrops(TestStorage storage) {
        FaultInjector slow = FaultInjector.builder().seed(1L).rule(FaultRule.latency(Duration.ofSeconds(3))).build();
        String name = storage.createContainer().getBlobContainerName();
        AzureBlobAppender appender = AzureBlobAppender.newBuilder().setName("blob")
                .setContainerClient(storage.blobServiceClient(slow).getBlobContainerClient(name))
                .setLogName("app").setQueueSize(100).setMaxBatchEntries(50).setFlushInterval(Duration.ofHours(1))
                .setLayout(PatternLayout.newBuilder().setPattern("%msg%n").build()).build();
        LoggerContext context = Contexts.with("slow", appender);
        Logger logger = context.getLogger("shop");

        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            logger.info("event {}", i);
        }
        Duration logging = Duration.ofNanos(System.nanoTime() - start);

        assertThat(logging).as("10,000 logging calls while each request takes 3 s").isLessThan(Duration.ofSeconds(2));
        assertThat(appender.droppedCount()).as("dropped because the queue of 100 was full").isPositive();
        context.stop();
        assertThat(appender.writtenCount() + appender.droppedCount()).isEqualTo(10_000);
        assertThat(OngoingLog.builder().containerClient(storage.blobServiceClient().getBlobContainerClient(name))
                .logId("app").build().readEntries()).hasSize((int) appender.writtenCount());
    }
}
