package io.github.azkit.shedlock;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.Fault;
import io.github.azkit.testing.FaultInjector;
import io.github.azkit.testing.FaultRule;
import io.github.azkit.testing.Operation;
import io.github.azkit.testing.TestStorage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each write of the lock (create, take-over of an expired lock, extend, unlock) is applied and its response lost once,
 * so the SDK's retry is refused with 409 or 412: the provider must recognise its own write, on a client with an
 * {@code AttemptTracker} and on one without. A lost create or take-over must still be reported as taken (not lost,
 * which would block the job until {@code lockAtMostFor}), with the right ETag (the later unlock works), and no other
 * instance may get the lock meanwhile.
 */
@AzkitStorageTest
class LostResponseIT {

    private TestStorage storage;
    private BlobContainerClient container;
    private AzureBlobLockProvider other;

    @BeforeEach
    void setUp(TestStorage storage) {
        this.storage = storage;
        container = storage.createContainer();
        other = AzureBlobLockProvider.builder().containerClient(container).build();
    }

    @ParameterizedTest(name = "tracked={0}")
    @ValueSource(booleans = {true, false})
    void aCreateWhoseResponseIsLostTakesTheLockOnce(boolean tracked) {
        FaultInjector faults = loseOneWrite();
        AzureBlobLockProvider provider = provider(faults, tracked);

        Optional<SimpleLock> lock = provider.lock(config("job", Duration.ofMinutes(5)));

        assertThat(faults.injected(Fault.LOST_RESPONSE)).isEqualTo(1);
        assertThat(lock).as("a create whose response was lost is our lock").isPresent();
        assertThat(other.lock(config("job", Duration.ofMinutes(5)))).as("another instance meanwhile").isEmpty();
        assertThat(logOf(() -> lock.get().unlock())).doesNotContain("WARN");
        assertThat(LockBlobs.isHeld(container, "job")).as("held after unlock").isFalse();
    }

    @ParameterizedTest(name = "tracked={0}")
    @ValueSource(booleans = {true, false})
    void aTakeOverWhoseResponseIsLostTakesTheLockOnce(boolean tracked) {
        // A lock whose lockAtMostFor has passed (its configuration was made a minute ago)
        other.lock(new LockConfiguration(ClockProvider.now().minusSeconds(60), "job", Duration.ofSeconds(30),
                Duration.ZERO)).orElseThrow();
        FaultInjector faults = loseOneWrite();
        AzureBlobLockProvider provider = provider(faults, tracked);

        Optional<SimpleLock> lock = provider.lock(config("job", Duration.ofMinutes(5)));

        assertThat(faults.injected(Fault.LOST_RESPONSE)).isEqualTo(1);
        assertThat(lock).as("a take-over whose response was lost is our lock").isPresent();
        assertThat(other.lock(config("job", Duration.ofMinutes(5)))).as("another instance meanwhile").isEmpty();
        assertThat(logOf(() -> lock.get().unlock())).doesNotContain("WARN");
        assertThat(LockBlobs.isHeld(container, "job")).as("held after unlock").isFalse();
    }

    @ParameterizedTest(name = "tracked={0}")
    @ValueSource(booleans = {true, false})
    void anExtendWhoseResponseIsLostExtendsTheLock(boolean tracked) {
        FaultInjector faults = loseOneWrite();
        faults.enabled(false);
        AzureBlobLockProvider provider = provider(faults, tracked);
        SimpleLock lock = provider.lock(config("job", Duration.ofMinutes(1))).orElseThrow();
        faults.enabled(true);

        Optional<SimpleLock> extended = lock.extend(Duration.ofMinutes(10), Duration.ZERO);

        assertThat(faults.injected(Fault.LOST_RESPONSE)).isEqualTo(1);
        assertThat(extended).as("an extend whose response was lost is done").isPresent();
        assertThat(LockBlobs.lockUntil(container, "job")).isAfter(ClockProvider.now().plus(Duration.ofMinutes(9)));
        assertThat(logOf(() -> extended.get().unlock())).doesNotContain("WARN");
        assertThat(LockBlobs.isHeld(container, "job")).as("held after unlock").isFalse();
    }

    @ParameterizedTest(name = "tracked={0}")
    @ValueSource(booleans = {true, false})
    void anUnlockWhoseResponseIsLostReleasesTheLockWithoutAWarning(boolean tracked) {
        FaultInjector faults = loseOneWrite();
        faults.enabled(false);
        AzureBlobLockProvider provider = provider(faults, tracked);
        SimpleLock lock = provider.lock(config("job", Duration.ofMinutes(5))).orElseThrow();
        faults.enabled(true);

        String log = logOf(lock::unlock);

        assertThat(faults.injected(Fault.LOST_RESPONSE)).isEqualTo(1);
        assertThat(log).as("no 'taken by another instance' warning for our own unlock").doesNotContain("WARN");
        assertThat(other.lock(config("job", Duration.ofMinutes(5)))).as("free after unlock").isPresent();
    }

    private FaultInjector loseOneWrite() {
        return FaultInjector.builder().seed(5L)
                .rule(FaultRule.loseResponse().on(Operation.CONDITIONAL_WRITE).limit(1)).build();
    }

    private AzureBlobLockProvider provider(FaultInjector faults, boolean tracked) {
        return AzureBlobLockProvider.builder()
                .containerClient(FaultyClients.container(storage, container, faults, tracked)).build();
    }

    private static LockConfiguration config(String name, Duration lockAtMostFor) {
        return new LockConfiguration(ClockProvider.now(), name, lockAtMostFor, Duration.ZERO);
    }

    /** What slf4j-simple (which writes to {@code System.err}) logs while {@code action} runs. */
    static String logOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        return log;
    }
}
