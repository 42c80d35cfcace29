package io.github.azkit.shedlock;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.github.azkit.storage.AttemptTracker;
import io.github.azkit.storage.ConditionalBlobWrites;
import io.github.azkit.storage.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import net.javacrumbs.shedlock.core.AbstractSimpleLock;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.support.Utils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ShedLock lock provider on Azure Blob Storage: one small block blob per lock name in a container, holding until
 * when the lock is held ({@code lockUntil}), when and by which host it was taken, taken and released with
 * conditional writes.
 *
 * <pre>{@code
 * LockProvider locks = AzureBlobLockProvider.builder().containerClient(container).build();
 * new DefaultLockingTaskExecutor(locks).executeWithLock((Runnable) this::sendReport,
 *         new LockConfiguration(ClockProvider.now(), "send-report", Duration.ofMinutes(10), Duration.ofMinutes(1)));
 * }</pre>
 *
 * <p><b>How a lock is taken.</b> {@link #lock} reads the lock's blob (Get Blob). If it is absent, it creates it only
 * if it is still absent (Put Blob with {@code If-None-Match: *}); if it holds a {@code lockUntil} that is not after
 * now, it replaces it only if it is unchanged since the read (Put Blob with {@code If-Match} the read ETag); if the
 * lock is held, it returns empty without writing. Either write sets {@code lockUntil} to the configuration's
 * {@link LockConfiguration#getLockAtMostUntil() lockAtMostUntil}. Of two instances racing for a free lock, exactly
 * one write succeeds; the other gets 409 or 412 and returns empty. {@link SimpleLock#unlock()} writes
 * {@code lockUntil = max(now, lockAtLeastUntil)} ({@link LockConfiguration#getUnlockTime()}), as ShedLock defines
 * {@code lockAtLeastFor}, with {@code If-Match} the ETag of its own write; {@link SimpleLock#extend} writes a new
 * {@code lockUntil} the same way if the lock has not expired. The blob stays after unlock (about 100 bytes), so
 * later locks skip the creation.
 *
 * <p><b>Why conditional writes, not blob leases.</b> A blob lease lasts 15 to 60 seconds or is infinite. A
 * {@code lockAtMostFor} of minutes or hours would need a thread renewing the lease while the task runs, which
 * ShedLock's model does not have (the lock is a record with an expiry time, checked by whoever asks next); and an
 * infinite lease taken by an instance that then dies is never released, so the job would never run again until
 * someone breaks the lease by hand. A record with a {@code lockUntil} survives a dead holder exactly until
 * {@code lockAtMostFor} has passed and then frees itself, which is what ShedLock documents for every provider.
 *
 * <p><b>Time.</b> "Now" is ShedLock's {@link ClockProvider#now()}, the clock ShedLock itself stamps each
 * {@link LockConfiguration} with. As with ShedLock's other providers that keep time on the client, the clocks of
 * all instances sharing a lock must agree (NTP keeps them within milliseconds); a clock that is ahead by more than
 * a lock's remaining time can take that lock early, one behind frees its locks late. The storage service's
 * {@code Date} response header could serve as one clock for all instances, but it has a resolution of one second
 * (too coarse for sub-second {@code lockAtLeastFor} values and for ShedLock's own test suite), and ShedLock's
 * configurations and {@code lockAtLeastFor} arithmetic are already in {@code ClockProvider} time; mixing two clocks
 * would make the meaning of {@code lockUntil} depend on which one wrote it.
 *
 * <p><b>Lost responses.</b> Azure can apply a write and lose its response; the SDK's retry then fails with 409 or
 * 412 although the write was ours. Each write stores a fresh write id in the blob's metadata, and such a refusal
 * reads it back ({@link ConditionalBlobWrites}), so a lost response neither loses a lock this instance took nor
 * grants one twice. Add an {@link AttemptTracker} to the container client's pipeline so that only refusals after a
 * lost attempt need that read; without it every refusal (a lost race) costs one more read. If a write's every
 * attempt fails in transit and its read-back shows no write, the call throws and the lock, if the write landed after
 * all, stays held until {@code lockAtMostFor}: a missed run, never two. An unlock refused because another instance
 * holds the lock logs a WARN if this lock had expired (the task outlived {@code lockAtMostFor}); if it had not, no
 * one could have taken it first, so the unlock was applied and the freed lock taken before the read-back (DEBUG).
 *
 * <p><b>Cost, in storage transactions</b> (with an {@link AttemptTracker}): taking a free lock, 2 (Get Blob, Put
 * Blob; the first time a name is used the Get Blob is a 404); asking for a held lock, 1 (Get Blob); losing a race, 2
 * (3 without an {@link AttemptTracker}: the refusal is read back); unlocking, 1 (Put Blob); extending, 1 (Put Blob).
 *
 * <p><b>Lock names</b> become blob names as they are, after the optional {@linkplain Builder#blobPrefix prefix};
 * names that Azure would refuse or change (empty segments, a segment ending with {@code .}, control characters,
 * {@code \}, more than 1,024 characters) are refused with an {@link IllegalArgumentException}. Blob names are
 * case-sensitive, so {@code "Report"} and {@code "report"} are two locks.
 *
 * <p><b>Retries and timeouts.</b> Each SDK call is retried by the container client's own retry options; the provider
 * adds no retries of its own, so it takes no {@code RetryPolicy}. {@link Builder#operationTimeout(Duration)} bounds
 * each lock, unlock and extend as a whole.
 *
 * <p>Thread-safe: one provider may serve any number of threads and locks, and has no background work to close. Each
 * {@link SimpleLock} it returns is meant for the thread that took it, as in ShedLock; it may be unlocked or extended
 * once, after which it throws {@link IllegalStateException}.
 */
public final class AzureBlobLockProvider implements ExtensibleLockProvider {

    private static final Logger LOGGER = LoggerFactory.getLogger(AzureBlobLockProvider.class);

    private final BlobContainerClient container;
    private final String blobPrefix;
    private final @Nullable Duration operationTimeout;
    private final String lockedBy;

    private AzureBlobLockProvider(Builder builder) {
        this.container = Objects.requireNonNull(builder.containerClient);
        this.blobPrefix = builder.blobPrefix;
        this.operationTimeout = builder.operationTimeout;
        this.lockedBy = Utils.getHostname();
    }

    /**
     * Starts building a provider.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes the lock named in {@code lockConfiguration} if no one holds it: see the class comment for how. Costs 1
     * transaction when the lock is held, 2 when it is taken.
     *
     * @param lockConfiguration the lock's name, {@code lockAtMostFor} and {@code lockAtLeastFor}
     * @return the lock, or empty if another holder has it (or took it first)
     * @throws IllegalArgumentException if the lock's name cannot be a blob name (the message says why)
     * @throws IllegalStateException if the lock's blob holds something other than a lock record
     * @throws BlobStorageException for a storage error other than the expected refusals (a missing container, an
     *     authorization failure, a failure in transit after the client's retries)
     * @throws RuntimeException the SDK's failure when the {@linkplain Builder#operationTimeout operation timeout}
     *     runs out (with a {@link java.util.concurrent.TimeoutException} as cause)
     * @throws NullPointerException if {@code lockConfiguration} is null
     */
    @Override
    public Optional<SimpleLock> lock(LockConfiguration lockConfiguration) {
        Objects.requireNonNull(lockConfiguration, "'lockConfiguration' must not be null");
        BlobClient blob = container.getBlobClient(BlobNames.of(blobPrefix, lockConfiguration.getName()));
        long start = Ticker.systemTicker().read();
        Stored current = read(blob, start);
        Instant now = ClockProvider.now();
        LockRecord taken = new LockRecord(lockConfiguration.getLockAtMostUntil(), now, lockedBy);
        Optional<String> eTag;
        if (current == null) {
            eTag = ConditionalBlobWrites.uploadIfAbsent(blob, BinaryData.fromBytes(taken.toBytes()),
                    remaining(start), Context.NONE);
        } else if (current.record().isHeldAt(now)) {
            return Optional.empty();
        } else {
            eTag = ConditionalBlobWrites.uploadIfMatch(blob, BinaryData.fromBytes(taken.toBytes()), current.eTag(),
                    remaining(start), Context.NONE);
        }
        return eTag.map(e -> new BlobLock(lockConfiguration, blob, e, taken));
    }

    /** The blob's record and ETag (one Get Blob), or null if the blob does not exist. */
    private @Nullable Stored read(BlobClient blob, long start) {
        try {
            BlobDownloadContentResponse response = blob.downloadContentWithResponse(null, null, remaining(start),
                    Context.NONE);
            return new Stored(LockRecord.parse(response.getValue().toBytes(), describe(blob)),
                    response.getDeserializedHeaders().getETag());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404 && BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
                return null;
            }
            throw e;
        }
    }

    /** What is left of the operation timeout since {@code start} (at least 1 ms), or null for none. */
    private @Nullable Duration remaining(long start) {
        Duration timeout = operationTimeout;
        return timeout == null ? null : Duration.ofNanos(
                Math.max(timeout.toNanos() - (Ticker.systemTicker().read() - start), 1_000_000L));
    }

    private String describe(BlobClient blob) {
        return "Blob '" + blob.getBlobName() + "' in container '" + container.getBlobContainerName() + "'";
    }

    @Override
    public String toString() {
        return "AzureBlobLockProvider{container=" + container.getBlobContainerName() + ", blobPrefix='" + blobPrefix
                + "', operationTimeout=" + operationTimeout + "}";
    }

    /** A blob's record and the ETag it was read with. */
    private record Stored(LockRecord record, String eTag) {
    }

    /** A lock this provider holds: the blob and the ETag of the write that took (or last extended) it. */
    private final class BlobLock extends AbstractSimpleLock {
        private final BlobClient blob;
        private final String eTag;
        private final LockRecord record;

        BlobLock(LockConfiguration configuration, BlobClient blob, String eTag, LockRecord record) {
            super(configuration);
            this.blob = blob;
            this.eTag = eTag;
            this.record = record;
        }

        @Override
        protected void doUnlock() {
            long start = Ticker.systemTicker().read();
            boolean expired = !record.isHeldAt(ClockProvider.now());
            LockRecord released = record.withLockUntil(lockConfiguration.getUnlockTime());
            Optional<String> written = ConditionalBlobWrites.uploadIfMatch(blob,
                    BinaryData.fromBytes(released.toBytes()), eTag, remaining(start), Context.NONE);
            if (written.isPresent()) {
                return;
            }
            if (expired) {
                LOGGER.warn("Lock '{}' was taken by another instance before this one released it: the task ran longer"
                        + " than its lockAtMostFor ({}), so two instances may have run it at once; raise lockAtMostFor"
                        + " above the task's longest run", lockConfiguration.getName(),
                        lockConfiguration.getLockAtMostFor());
            } else {
                // Still held when the unlock was sent, so no other instance could take it first: the unlock was
                // applied, its response lost, and the freed lock taken by another instance before the read-back.
                LOGGER.debug("Unlock of '{}' was applied and the lock taken again by another instance before its"
                        + " lost response could be confirmed", lockConfiguration.getName());
            }
        }

        @Override
        protected Optional<SimpleLock> doExtend(LockConfiguration newConfiguration) {
            long start = Ticker.systemTicker().read();
            if (!record.isHeldAt(ClockProvider.now())) {
                return Optional.empty(); // expired: another instance may take it at any moment
            }
            LockRecord extended = record.withLockUntil(newConfiguration.getLockAtMostUntil());
            return ConditionalBlobWrites.uploadIfMatch(blob, BinaryData.fromBytes(extended.toBytes()), eTag,
                    remaining(start), Context.NONE).map(e -> new BlobLock(newConfiguration, blob, e, extended));
        }
    }

    /**
     * Builds an {@link AzureBlobLockProvider}. Mutable and not thread-safe; {@link #build()} validates and copies the
     * settings into an immutable provider.
     */
    public static final class Builder {
        private @Nullable BlobContainerClient containerClient;
        private String blobPrefix = "";
        private @Nullable Duration operationTimeout;

        private Builder() {
        }

        /**
         * Sets the container the lock blobs live in (required). It must exist; the provider never creates it. The
         * client's credentials, HTTP client, retry options and policies are used as they are; add an
         * {@link AttemptTracker} to its pipeline to save a read on each lost race.
         *
         * @param containerClient the container
         * @return this builder
         * @throws NullPointerException if {@code containerClient} is null
         */
        public Builder containerClient(BlobContainerClient containerClient) {
            this.containerClient = Objects.requireNonNull(containerClient, "'containerClient' must not be null");
            return this;
        }

        /**
         * Sets a prefix put before each lock name to make its blob name (default none), to keep the locks in a
         * folder of a container that holds other blobs: {@code "shedlock/"}.
         *
         * @param blobPrefix the prefix; empty for none
         * @return this builder
         * @throws IllegalArgumentException if no blob name can start with {@code blobPrefix} (the message says why)
         * @throws NullPointerException if {@code blobPrefix} is null
         */
        public Builder blobPrefix(String blobPrefix) {
            this.blobPrefix = BlobNames.prefix(Objects.requireNonNull(blobPrefix, "'blobPrefix' must not be null"));
            return this;
        }

        /**
         * Sets the bound on each lock, unlock and extend as a whole, the client's retries included (default none:
         * the client's own try timeouts and retry options bound each call).
         *
         * @param operationTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code operationTimeout} is zero or negative
         * @throws NullPointerException if {@code operationTimeout} is null
         */
        public Builder operationTimeout(Duration operationTimeout) {
            Objects.requireNonNull(operationTimeout, "'operationTimeout' must not be null");
            if (operationTimeout.isZero() || operationTimeout.isNegative()) {
                throw new IllegalArgumentException("'operationTimeout' must be positive, was " + operationTimeout);
            }
            this.operationTimeout = operationTimeout;
            return this;
        }

        /**
         * Validates the settings and builds the provider. Makes no storage call.
         *
         * @return the provider, ready to use
         * @throws IllegalStateException if {@code containerClient} was not set
         */
        public AzureBlobLockProvider build() {
            if (containerClient == null) {
                throw new IllegalStateException("'containerClient' must be set");
            }
            return new AzureBlobLockProvider(this);
        }
    }
}
