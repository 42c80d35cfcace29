package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.LeaseStateType;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The auto-renewing lease when lease responses are lost or requests fail (the testing module's fault injector on a
 * real client against Azurite): a lost response never leaves the lease held by nobody who knows, nor by two.
 */
@AzkitStorageTest
class AutoRenewingLeaseFaultsIT {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-21T00:00:00Z"));
    private final FakeScheduler scheduler = new FakeScheduler(clock);

    private static BlobClient blob(TestStorage storage, BlobContainerClient container, FaultInjector faults) {
        return storage.blobServiceClient(faults).getBlobContainerClient(container.getBlobContainerName())
                .getBlobClient("lock");
    }

    private AutoRenewingLease.Builder lease(BlobClient blob) {
        return AutoRenewingLease.builder().blobClient(blob).ticker(clock).executor(scheduler);
    }

    private static LeaseStateType leaseState(BlobContainerClient container) {
        return container.getBlobClient("lock").getProperties().getLeaseState();
    }

    @Test
    void acquireWhoseResponseIsLost_theRetryHoldsTheSameLease(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        container.getBlobClient("lock").upload(com.azure.core.util.BinaryData.fromString(""));
        FaultInjector faults = FaultInjector.builder().seed(1L)
                .rule(FaultRule.loseResponse().on(Operation.LEASE).limit(1))
                .build();

        AutoRenewingLease lease = lease(blob(storage, container, faults)).tryAcquire();

        assertThat(faults.injected(Fault.LOST_RESPONSE)).isEqualTo(1);
        assertThat(lease).as("the retried acquire proposes the same id and is granted").isNotNull();
        assertThat(lease.isHeld()).isTrue();
        assertThatThrownBy(() -> new BlobLeaseClientBuilder().blobClient(container.getBlobClient("lock"))
                .buildClient().acquireLease(15))
                .isInstanceOfSatisfying(BlobStorageException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.LEASE_ALREADY_PRESENT));
        lease.close();
        assertThat(leaseState(container)).isEqualTo(LeaseStateType.AVAILABLE);
    }

    @Test
    void acquireWhoseOutcomeStaysUnknown_releasesItsIdSoTheLeaseIsNotStranded(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        container.getBlobClient("lock").upload(com.azure.core.util.BinaryData.fromString(""));
        // Every try of the acquire is applied and its answer lost: the SDK gives up after its 6 tries.
        FaultInjector faults = FaultInjector.builder().seed(2L)
                .rule(FaultRule.loseResponse().on(Operation.LEASE).limit(6))
                .build();

        assertThatThrownBy(() -> lease(blob(storage, container, faults)).tryAcquire())
                .isNotInstanceOf(BlobStorageException.class);

        assertThat(faults.injected(Fault.LOST_RESPONSE)).isEqualTo(6);
        assertThat(leaseState(container)).as("released at once, not held for 15 s by nobody")
                .isEqualTo(LeaseStateType.AVAILABLE);
    }

    @Test
    void releaseWhoseResponseIsLost_countsAsReleased(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        container.getBlobClient("lock").upload(com.azure.core.util.BinaryData.fromString(""));
        // The 2nd lease request is the release (the 1st is the acquire): it is applied and its answer lost, so the
        // SDK's retry is answered 409 (no lease there any more), which counts as released.
        FaultInjector faults = FaultInjector.builder().seed(4L)
                .rule(FaultRule.loseResponse().on(Operation.LEASE).everyNth(2).limit(1))
                .build();
        AutoRenewingLease held = lease(blob(storage, container, faults)).acquire();

        held.close();

        assertThat(faults.injected(Fault.LOST_RESPONSE)).isEqualTo(1);
        assertThat(held.isHeld()).isFalse();
        assertThat(leaseState(container)).isEqualTo(LeaseStateType.AVAILABLE);
    }

    @Test
    void anHourOfRenewalsWith30PercentLostOrUnsent_theLeaseIsNeverLost(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        FaultInjector faults = FaultInjector.builder().seed(20261121L)
                .rule(FaultRule.loseResponse().on(Operation.LEASE).withProbability(0.2))
                .rule(FaultRule.failBeforeSending().on(Operation.LEASE).withProbability(0.1))
                .build();
        List<RuntimeException> lost = new CopyOnWriteArrayList<>();
        try (AutoRenewingLease lease = lease(blob(storage, container, faults)).onLeaseLost(event -> lost.add(event.cause()))
                .acquire()) {
            scheduler.advance(Duration.ofHours(1));
            System.out.println("Lease renewals for an hour under faults: " + faults.injected() + " injected of "
                    + faults.seen(Operation.LEASE) + " lease requests");
            assertThat(faults.injected()).isGreaterThan(150);
            assertThat(lost).isEmpty();
            assertThat(lease.isHeld()).isTrue();
            assertThat(leaseState(container)).isEqualTo(LeaseStateType.LEASED);
        }
        assertThat(leaseState(container)).isEqualTo(LeaseStateType.AVAILABLE);
    }
}
