package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Real time, real processes: the leader is a child JVM running a job; it is killed with SIGKILL
 * ({@code Process.destroyForcibly}) mid-job; an instance in this JVM takes the period over within the lease
 * duration plus the poll interval (15 s + 2 s).
 */
@AzkitStorageTest
class FailoverIT {

    @Test
    void whenTheLeaderProcessIsKilledAnotherInstanceRunsTheJobWithinLeasePlusPoll(TestStorage storage)
            throws Exception {
        BlobContainerClient container = storage.createContainer();
        Instant firstPeriod = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        ChildJvm child = ChildJvm.builder(FailoverChild.class).name("failover-leader")
                .args(container.getBlobContainerName(), "report.lock", firstPeriod.toString())
                .env(FailoverChild.CONNECTION_STRING_ENV, storage.connectionString())
                .jvmOptions("-Xmx128m")
                .outputDirectory(Path.of("target", "child-jvms", container.getBlobContainerName())).start();
        PeriodicElector survivor = null;
        try {
            assertThat(child.awaitLine(line -> line.startsWith("JOB STARTED"), Duration.ofSeconds(60)))
                    .isEqualTo("JOB STARTED period=0 token=1");

            AtomicLong jobStartedNanos = new AtomicLong();
            CountDownLatch survivorRan = new CountDownLatch(1);
            List<PeriodContext> survivorRuns = new CopyOnWriteArrayList<>();
            survivor = PeriodicElector.builder()
                    .blobClient(container.getBlobClient("report.lock"))
                    .schedule(firstPeriod, Duration.ofDays(1))
                    .leaseDuration(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofSeconds(2))
                    .job(context -> {
                        jobStartedNanos.set(System.nanoTime());
                        survivorRuns.add(context);
                        survivorRan.countDown();
                    })
                    .build();
            Thread.sleep(1_000); // real time: let the survivor see the child's lease and start polling
            assertThat(survivorRuns).as("the child still leads").isEmpty();

            long killedNanos = System.nanoTime();
            child.kill(); // SIGKILL, waits until it is gone

            assertThat(survivorRan.await(30, TimeUnit.SECONDS)).isTrue();
            Duration failover = Duration.ofNanos(jobStartedNanos.get() - killedNanos);
            System.out.printf("Failover after kill -9 of the leader JVM: %.1f s (15 s lease, 2 s poll)%n",
                    failover.toMillis() / 1000.0);
            assertThat(failover).isLessThanOrEqualTo(Duration.ofSeconds(18));
            assertThat(survivorRuns).hasSize(1);
            assertThat(survivorRuns.get(0).period()).isZero();
            assertThat(survivorRuns.get(0).fencingToken()).isEqualTo(2);
            survivor.close();
            assertThat(FencedBlob.read(container.getBlobClient("report.lock"), null).lastCompleted()).isZero();
        } finally {
            child.close();
            if (survivor != null) {
                survivor.close();
            }
        }
    }
}
