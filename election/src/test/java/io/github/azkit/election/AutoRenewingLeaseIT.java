package io.github.azkit.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.LeaseStateType;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The auto-renewing lease against Azurite, with time on a fake clock: an hour of renewals takes milliseconds. */
@AzkitStorageTest
class AutoRenewingLeaseIT {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-21T00:00:00Z"));
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final TransactionCounter counter = new TransactionCounter();
    private final FaultPolicy fault = new FaultPolicy();

    private BlobClient blob(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        return Clients.container(storage, container, counter, fault).getBlobClient("lock");
    }

    private AutoRenewingLease.Builder lease(BlobClient blob) {
        return AutoRenewingLease.builder().blobClient(blob).ticker(clock).executor(scheduler);
    }

    @Test
    void blobNeedNotPreExist_theLeaseCreatesIt(TestStorage storage) {
        BlobClient blob = blob(storage);
        TransactionCounts before = counter.snapshot();

        AutoRenewingLease lease = lease(blob).acquire();

        TransactionCounts spent = counter.snapshot().minus(before);
        assertThat(spent.get(TransactionKind.LEASE)).isEqualTo(2); // 404, then the acquire
        assertThat(spent.get(TransactionKind.WRITE)).isEqualTo(1); // the empty blob, If-None-Match: *
        assertThat(spent.failed()).isEqualTo(1);
        assertThat(blob.getProperties().getLeaseState()).isEqualTo(LeaseStateType.LEASED);
        assertThat(lease.isHeld()).isTrue();
        assertThat(lease.remainingValidity()).isEqualTo(Duration.ofMillis(13_500));
        lease.close();
        assertThat(blob.getProperties().getLeaseState()).isEqualTo(LeaseStateType.AVAILABLE);
    }

    @Test
    void renewsEveryThirdOfTheLease_720RequestsPerHourFor15Seconds(TestStorage storage) {
        BlobClient blob = blob(storage);
        try (AutoRenewingLease lease = lease(blob).leaseDuration(Duration.ofSeconds(15)).acquire()) {
            TransactionCounts before = counter.snapshot();
            scheduler.advance(Duration.ofHours(1));
            TransactionCounts hour = counter.snapshot().minus(before);
            System.out.println("15 s lease, one hour held: " + hour);
            assertThat(hour.get(TransactionKind.LEASE)).isEqualTo(720);
            assertThat(hour.total()).isEqualTo(720);
            assertThat(hour.failed()).isZero();
            assertThat(lease.isHeld()).isTrue();
            assertThatThrownBy(() -> otherClient(blob).acquireLease(15))
                    .isInstanceOfSatisfying(BlobStorageException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.LEASE_ALREADY_PRESENT));
        }
    }

    @Test
    void leaseDurationIsNotHardCoded_60SecondLeaseRenews180TimesPerHour(TestStorage storage) {
        BlobClient blob = blob(storage);
        try (AutoRenewingLease lease = lease(blob).leaseDuration(Duration.ofSeconds(60)).acquire()) {
            TransactionCounts before = counter.snapshot();
            scheduler.advance(Duration.ofHours(1));
            assertThat(counter.snapshot().minus(before).get(TransactionKind.LEASE)).isEqualTo(180);
            assertThat(lease.leaseDuration()).isEqualTo(Duration.ofSeconds(60));
        }
    }

    @Test
    void infiniteLeaseIsNeverRenewed(TestStorage storage) {
        BlobClient blob = blob(storage);
        try (AutoRenewingLease lease = lease(blob).infiniteLease().acquire()) {
            TransactionCounts before = counter.snapshot();
            scheduler.advance(Duration.ofHours(1));
            assertThat(counter.snapshot().minus(before).total()).isZero();
            assertThat(lease.isHeld()).isTrue();
            assertThat(lease.isInfinite()).isTrue();
            assertThat(lease.leaseDuration()).isNull();
            assertThat(lease.remainingValidity()).isNull();
        }
    }

    @Test
    void tellsTheListenerAtTheNextRenewalWhenTheLeaseIsBroken(TestStorage storage) {
        BlobClient blob = blob(storage);
        List<RuntimeException> causes = new CopyOnWriteArrayList<>();
        AtomicReference<Instant> lostAt = new AtomicReference<>();
        try (AutoRenewingLease lease = lease(blob).onLeaseLost(event -> {
            lostAt.set(clock.instant());
            causes.add(event.cause());
        }).acquire()) {
            Instant acquired = clock.instant();
            otherClient(blob).breakLeaseWithResponse(0, null, null, com.azure.core.util.Context.NONE);

            scheduler.advance(Duration.ofSeconds(6));

            assertThat(causes).hasSize(1);
            assertThat(causes.get(0)).isInstanceOf(BlobStorageException.class);
            assertThat(lostAt.get()).isEqualTo(acquired.plusSeconds(5)); // the first renewal
            assertThat(lease.isHeld()).isFalse();
            TransactionCounts before = counter.snapshot();
            scheduler.advance(Duration.ofMinutes(5));
            assertThat(counter.snapshot().minus(before).total()).as("no renewals after loss").isZero();
        }
    }

    @Test
    void revokesByItsOwnClockBeforeTheServiceCouldGrantTheLeaseToAnother(TestStorage storage) {
        BlobClient blob = blob(storage);
        List<RuntimeException> renewalFailures = new CopyOnWriteArrayList<>();
        AtomicReference<Instant> lostAt = new AtomicReference<>();
        AtomicReference<Boolean> serviceStillHeldItAtLoss = new AtomicReference<>();
        AutoRenewingLease lease = lease(blob).onLeaseLost(event -> {
                lostAt.set(clock.instant());
                // Real time has not moved, so the service still holds the 15 s lease: nobody else can have it yet.
                fault.failing(false);
                try {
                    otherClient(blob).acquireLease(15);
                    serviceStillHeldItAtLoss.set(false);
                } catch (BlobStorageException e) {
                    serviceStillHeldItAtLoss.set(e.getErrorCode() == BlobErrorCode.LEASE_ALREADY_PRESENT);
                }
        }).onRenewalFailed(event -> renewalFailures.add(event.cause())).acquire();
        Instant acquired = clock.instant();
        fault.failing(true);

        scheduler.advance(Duration.ofSeconds(20));

        assertThat(renewalFailures).isNotEmpty();
        assertThat(lostAt.get()).isEqualTo(acquired.plusMillis(13_500)); // 90% of 15 s after the acquire was sent
        assertThat(serviceStillHeldItAtLoss.get()).isTrue();
        assertThat(lease.isHeld()).isFalse();
        lease.close();
    }

    @Test
    void wallClockStepsNeitherEndNorExtendALease_onlyTheTickerTimesIt(TestStorage storage) {
        BlobClient blob = blob(storage);
        List<RuntimeException> lost = new CopyOnWriteArrayList<>();
        try (AutoRenewingLease lease = lease(blob).onLeaseLost(event -> lost.add(event.cause())).acquire()) {
            // An hour held while the wall clock is stepped back and forth by minutes (NTP, an operator, a VM
            // restore): every step leaves the lease held and its remaining validity unchanged.
            for (int i = 0; i < 60; i++) {
                Duration before = lease.remainingValidity();
                clock.step(Duration.ofMinutes(i % 2 == 0 ? -7 : 11));
                assertThat(lease.remainingValidity()).as("step " + i).isEqualTo(before);
                assertThat(lease.isHeld()).as("step " + i).isTrue();
                scheduler.advance(Duration.ofMinutes(1));
            }
            assertThat(lost).isEmpty();
            assertThat(lease.isHeld()).isTrue();

            // Now renewals fail: stepping the wall clock back does not extend the lease past 90% of 15 s on the
            // ticker from the last successful renewal's send time, and stepping it forward does not end it early.
            fault.failing(true);
            scheduler.advance(Duration.ofSeconds(5)); // the renewal due now fails
            assertThat(lease.remainingValidity()).isEqualTo(Duration.ofMillis(8_500));
            clock.step(Duration.ofMinutes(-30));
            scheduler.advance(Duration.ofSeconds(8));
            clock.step(Duration.ofMinutes(45));
            assertThat(lease.isHeld()).as("8 s after the failed renewal, forward-stepped wall clock").isTrue();
            assertThat(lost).isEmpty();
            scheduler.advance(Duration.ofMillis(499));
            assertThat(lease.isHeld()).isTrue();
            scheduler.advance(Duration.ofMillis(1)); // 13.5 s on the ticker since the last renewal was sent
            assertThat(lease.isHeld()).isFalse();
            assertThat(lost).hasSize(1).containsNull();
            fault.failing(false);
        }
    }

    @Test
    void tryAcquireReturnsNullAndAcquireThrowsWhileAnotherHoldsIt(TestStorage storage) {
        BlobClient blob = blob(storage);
        try (AutoRenewingLease first = lease(blob).acquire()) {
            assertThat(lease(blob).tryAcquire()).isNull();
            assertThatThrownBy(() -> lease(blob).acquire())
                    .isInstanceOfSatisfying(BlobStorageException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.LEASE_ALREADY_PRESENT));
            assertThat(first.isHeld()).isTrue();
        }
    }

    @Test
    void closeReleasesSoAnotherAcquiresAtOnce_andCostsOneRequest(TestStorage storage) {
        BlobClient blob = blob(storage);
        AutoRenewingLease first = lease(blob).acquire();
        TransactionCounts before = counter.snapshot();
        first.close();
        assertThat(counter.snapshot().minus(before).get(TransactionKind.LEASE)).isEqualTo(1);
        assertThat(first.isHeld()).isFalse();
        first.close(); // idempotent
        try (AutoRenewingLease second = lease(blob).acquire()) {
            assertThat(second.isHeld()).isTrue();
            assertThat(second.leaseId()).isNotEqualTo(first.leaseId());
        }
    }

    @Test
    void aMissingContainerIsTheSdksOwnError(TestStorage storage) {
        BlobClient blob = storage.blobServiceClient().getBlobContainerClient(TestStorage.uniqueName("none"))
                .getBlobClient("lock");
        assertThatThrownBy(() -> lease(blob).acquire())
                .isInstanceOfSatisfying(BlobStorageException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(BlobErrorCode.CONTAINER_NOT_FOUND));
    }

    private static BlobLeaseClient otherClient(BlobClient blob) {
        return new BlobLeaseClientBuilder().blobClient(blob).buildClient();
    }
}
