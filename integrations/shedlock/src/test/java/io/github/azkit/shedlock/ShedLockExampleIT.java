package io.github.azkit.shedlock;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockingTaskExecutor.TaskResult;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The README's and GUIDE's Spring-free example, run: an application schedules a nightly report with a
 * {@link ScheduledExecutorService} and guards it with ShedLock's {@link DefaultLockingTaskExecutor} on
 * {@link AzureBlobLockProvider}; a second instance asking at the same time does not run it.
 */
@AzkitStorageTest
class ShedLockExampleIT {

    private static final Logger LOG = LoggerFactory.getLogger(ShedLockExampleIT.class);

    private final AtomicInteger reports = new AtomicInteger();
    private final CountDownLatch reported = new CountDownLatch(1);

    @Test
    void theNightlyReportRunsOnOneInstance(TestStorage storage) throws Throwable {
        BlobContainerClient container = storage.createContainer();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        // @start region="shedlock-example"
        // Once per application: the lock provider on a container that exists, and ShedLock's executor
        LockProvider lockProvider = AzureBlobLockProvider.builder()
                .containerClient(container)
                .operationTimeout(Duration.ofSeconds(30))
                .build();
        LockingTaskExecutor executor = new DefaultLockingTaskExecutor(lockProvider);

        // Every instance schedules the job; at most one runs it at a time. The lock is kept at least 5 minutes (an
        // instance whose clock or schedule is a little late finds it taken) and at most 30 (if the instance running
        // it dies, another may run it after that)
        scheduler.scheduleAtFixedRate(() -> {
            try {
                executor.executeWithLock((Runnable) this::sendNightlyReport, new LockConfiguration(
                        ClockProvider.now(), "nightly-report", Duration.ofMinutes(30), Duration.ofMinutes(5)));
            } catch (RuntimeException e) {
                // storage down or too slow: try again at the next run (a task that throws is never run again)
                LOG.error("The nightly report did not run: {}", e.toString(), e);
            }
        }, 0, 1, TimeUnit.DAYS);
        // @end region="shedlock-example"
        assertThat(reported.await(30, TimeUnit.SECONDS)).as("the report ran").isTrue();
        scheduler.shutdown();
        assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        LockingTaskExecutor secondInstance = new DefaultLockingTaskExecutor(
                AzureBlobLockProvider.builder().containerClient(container).build());
        TaskResult<String> second = secondInstance.executeWithLock(() -> {
            sendNightlyReport();
            return "ran";
        }, new LockConfiguration(ClockProvider.now(), "nightly-report", Duration.ofMinutes(30), Duration.ofMinutes(5)));
        assertThat(second.wasExecuted()).as("the second instance ran it too").isFalse();
        assertThat(reports).hasValue(1);
        assertThat(LockBlobs.record(container, "nightly-report").lockUntil())
                .as("held for lockAtLeastFor after the run").isAfter(ClockProvider.now().plus(Duration.ofMinutes(4)));
    }

    private void sendNightlyReport() {
        reports.incrementAndGet();
        reported.countDown();
    }
}
