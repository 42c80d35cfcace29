package io.github.azkit.election;

import com.azure.core.http.RequestConditions;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import java.time.Duration;
import java.util.Objects;
import io.github.azkit.storage.Ticker;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blob lease that renews itself in the background and says at once when it is lost.
 *
 * <p>Acquire one with {@link #builder()}: the blob is created (empty) if it does not exist, the lease is acquired for
 * 15 to 60 seconds (or for ever, {@link Builder#infiniteLease()}), and then renewed every {@code renewInterval} (by default a third of the
 * lease, so two renewals in a row may fail before the lease is at risk). {@link #close()} stops renewing and releases
 * the lease.
 *
 * <p><b>When the lease counts as lost.</b> The lease's validity is measured on a monotonic {@link Ticker} (by
 * default {@link System#nanoTime()}), never on the wall clock, from the moment each acquire or renew request was first
 * <em>sent</em>, which is no later than the moment the service started the lease period. The lease is held until
 * {@code sent + 90% of the lease duration}: this tolerates a local ticker that runs up to 10% slower than the
 * service's clock. So when renewals fail (the service is unreachable, the process was stalled), the
 * {@link Builder#onLeaseLost} listener runs before the service could grant the lease to anyone else. Setting
 * the wall clock (an NTP step, a VM restore) neither shortens nor lengthens a lease; absolute clock differences
 * between machines do not matter either. A refusal by the service (the lease was broken or taken) is reported as
 * lost too. An infinite lease is never renewed, so its loss (someone breaking it) is not noticed until
 * {@link #close()}.
 *
 * <p><b>Lost responses.</b> Every acquire proposes its own lease id (a random UUID), so when an acquire's response is
 * lost after the service granted the lease, the SDK's retry of the same request is answered 200 (the service accepts
 * an acquire that proposes the id of the lease it holds): the lease is never held by nobody-who-knows. If the acquire
 * still fails for a reason that leaves its outcome unknown (the SDK gave up on a timeout or network error, or a 5xx),
 * the lease is released with that id at once (1 more lease request), so it is not stranded; if that release fails
 * too, the lease expires by itself within one lease duration. A renewal whose response is lost is retried with the
 * same id and succeeds; a renewal that fails without an answer counts as neither renewed nor refused: validity stays
 * timed from the last successful renewal's send time, and the renewal is tried again (every fifth of the renew
 * interval) until it succeeds, the service refuses it, or the validity runs out. A release whose response is lost is
 * answered, on retry, 409 ({@code LeaseNotPresentWithLeaseOperation}, or {@code LeaseIdMismatchWithLeaseOperation}
 * if another client has already taken the free lease): that counts as released, quietly.
 *
 * <p>Cost: acquiring costs 1 lease request (plus 1 write and 1 more lease request when the blob must be created;
 * plus 1 release after an acquire whose outcome is unknown), each renewal 1 lease request ({@code 3600 / renewInterval} per hour: 720 for a 15 s lease at the default interval,
 * 180 for a 60 s lease), closing 1 lease request.
 *
 * <p>Thread-safe: every method may be called from any thread; {@link #close()} is idempotent. Listeners run on the
 * lease's executor thread.
 */
public final class AutoRenewingLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AutoRenewingLease.class);

    private enum State { HELD, LOST, CLOSED }

    private final BlobClient blob;
    private final BlobLeaseClient leaseClient;
    /** Null for an infinite lease. */
    private final @Nullable Duration leaseDuration;
    private final long validityNanos;
    private final Duration renewInterval;
    private final Ticker ticker;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final @Nullable Duration operationTimeout;
    private final Consumer<? super LeaseLostEvent> onLeaseLost;
    private final Consumer<? super RenewalFailedEvent> onRenewalFailed;
    private final Object lock = new Object();
    private volatile State state = State.HELD;
    /** On the ticker: the lease is surely held while {@code ticker.read() - deadline < 0}; unused if infinite. */
    private volatile long deadline;
    private @Nullable ScheduledFuture<?> renewal;
    private @Nullable ScheduledFuture<?> watchdog;

    private AutoRenewingLease(Builder builder, BlobLeaseClient leaseClient, long sent,
            ScheduledExecutorService scheduler, boolean ownsScheduler) {
        this.blob = Objects.requireNonNull(builder.blob);
        this.leaseClient = leaseClient;
        Duration duration = builder.infinite ? null : builder.leaseDuration;
        this.leaseDuration = duration;
        this.validityNanos = duration == null ? Long.MAX_VALUE : duration.minus(duration.dividedBy(10)).toNanos();
        this.renewInterval = builder.renewInterval != null ? builder.renewInterval
                : builder.leaseDuration.dividedBy(3);
        this.ticker = builder.ticker;
        this.scheduler = scheduler;
        this.ownsScheduler = ownsScheduler;
        this.operationTimeout = builder.operationTimeout;
        this.onLeaseLost = builder.onLeaseLost;
        this.onRenewalFailed = builder.onRenewalFailed;
        this.deadline = duration == null ? Long.MAX_VALUE : sent + validityNanos;
    }

    /**
     * Starts building a lease.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The lease id, to pass to writes that must be made under the lease (for example
     * {@code new BlobRequestConditions().setLeaseId(lease.leaseId())}).
     *
     * @return the lease id
     */
    public String leaseId() {
        return leaseClient.getLeaseId();
    }

    /**
     * The leased blob.
     *
     * @return the blob client given to the builder
     */
    public BlobClient blobClient() {
        return blob;
    }

    /**
     * The lease duration asked of the service.
     *
     * @return 15 to 60 seconds, or {@code null} for an infinite lease ({@link #isInfinite()})
     */
    public @Nullable Duration leaseDuration() {
        return leaseDuration;
    }

    /**
     * Whether this is an infinite lease ({@link Builder#infiniteLease()}), which is never renewed and never runs
     * out by time.
     *
     * @return {@code true} for an infinite lease
     */
    public boolean isInfinite() {
        return leaseDuration == null;
    }

    /**
     * How much longer the lease is surely held, measured on the ticker, if no renewal succeeds before then.
     *
     * @return a positive duration while held, {@link Duration#ZERO} once closed, lost or run out, and {@code null}
     *     (no limit) while an infinite lease is held
     */
    public @Nullable Duration remainingValidity() {
        if (state != State.HELD) {
            return Duration.ZERO;
        }
        if (isInfinite()) {
            return null;
        }
        long left = deadline - ticker.read();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /**
     * Whether the lease is held: not closed, not lost, and its validity not run out on the ticker.
     *
     * @return {@code true} if the lease is held now
     */
    public boolean isHeld() {
        return state == State.HELD && (isInfinite() || deadline - ticker.read() > 0);
    }

    /**
     * Stops renewing and releases the lease. Does nothing if already closed; if the lease was lost, only stops. A
     * release that the service answers "no such lease" (for example the retry of a release whose response was lost)
     * counts as released. A release that fails without an answer (the SDK's retries gave up on network errors or
     * timeouts) is logged at WARN and not thrown: the lease is no longer renewed, so it runs out by itself within one
     * lease duration. The release is bounded by the builder's {@link Builder#operationTimeout(Duration)}.
     *
     * @throws BlobStorageException if the service refuses the release for a reason other than the lease being gone
     */
    @Override
    public void close() {
        boolean release;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            release = state == State.HELD;
            state = State.CLOSED;
            cancelTimers();
        }
        try {
            if (release) {
                leaseClient.releaseLeaseWithResponse((RequestConditions) null, operationTimeout, Context.NONE);
            }
        } catch (BlobStorageException e) {
            if (isLeaseGone(e)) {
                LOG.debug("Lease {} on {} was already gone at close", leaseId(), blob.getBlobName());
            } else if (isTransient(e)) {
                LOG.warn("Could not release the lease on {} ({}); it runs out by itself within {}",
                        blob.getBlobName(), e.getErrorCode(), lifetime());
            } else {
                throw e;
            }
        } catch (RuntimeException e) {
            if (e.getCause() instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                // Our own thread was interrupted (a shutdown): not a storage problem worth a warning.
                LOG.debug("Release of the lease on {} interrupted; it runs out by itself within {}",
                        blob.getBlobName(), lifetime());
            } else {
                LOG.warn("Could not release the lease on {} ({}); it runs out by itself within {}",
                        blob.getBlobName(), e.toString(), lifetime());
            }
        } finally {
            if (ownsScheduler) {
                scheduler.shutdownNow();
            }
        }
    }

    private String lifetime() {
        return leaseDuration == null ? "never (an infinite lease: break it)" : Validation.seconds(leaseDuration) + " s";
    }

    @Override
    public String toString() {
        return "AutoRenewingLease[" + blob.getBlobName() + ", " + state + ", remainingValidity="
                + remainingValidity() + "]";
    }

    private void start() {
        if (isInfinite()) {
            return;
        }
        synchronized (lock) {
            scheduleRenewal(renewInterval);
            armWatchdog();
        }
    }

    // Both called with lock held.
    private void scheduleRenewal(Duration delay) {
        renewal = scheduler.schedule(this::renew, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void armWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        long left = deadline - ticker.read();
        watchdog = scheduler.schedule(this::checkExpiry, Math.max(0, left), TimeUnit.NANOSECONDS);
    }

    private void cancelTimers() {
        if (renewal != null) {
            renewal.cancel(false);
        }
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }

    private void checkExpiry() {
        synchronized (lock) {
            if (state != State.HELD) {
                return;
            }
            if (deadline - ticker.read() > 0) {
                armWatchdog();
                return;
            }
        }
        lose(null);
    }

    private void renew() {
        if (state != State.HELD) {
            return;
        }
        long sent = ticker.read();
        long leftNanos = deadline - sent;
        if (leftNanos <= 0) {
            lose(null);
            return;
        }
        Duration left = Duration.ofNanos(leftNanos);
        try {
            // A renewal whose response is lost is retried by the SDK with the same lease id, and succeeds.
            leaseClient.renewLeaseWithResponse((RequestConditions) null, Deadline.min(left, operationTimeout),
                    Context.NONE);
        } catch (BlobStorageException e) {
            if (isLeaseGone(e)) {
                lose(e);
            } else {
                renewalFailed(e, left);
            }
            return;
        } catch (RuntimeException e) {
            // No answer: not renewed as far as we know, not refused either. Validity stays timed from the last
            // successful renewal's send time; try again.
            renewalFailed(e, left);
            return;
        }
        synchronized (lock) {
            if (state != State.HELD) {
                return;
            }
            deadline = sent + validityNanos;
            scheduleRenewal(renewInterval);
            armWatchdog();
        }
    }

    private void renewalFailed(RuntimeException e, Duration left) {
        LOG.debug("Renewing lease on {} failed; retrying", blob.getBlobName(), e);
        synchronized (lock) {
            if (state != State.HELD) {
                return;
            }
            Duration retry = renewInterval.dividedBy(5);
            scheduleRenewal(retry.compareTo(left) < 0 ? retry : left);
        }
        Listeners.tell(LOG, "onRenewalFailed", onRenewalFailed, new RenewalFailedEvent(this, e));
    }

    private void lose(@Nullable RuntimeException cause) {
        synchronized (lock) {
            if (state != State.HELD) {
                return;
            }
            state = State.LOST;
            cancelTimers();
        }
        LOG.info("Lease on {} lost ({})", blob.getBlobName(), cause == null ? "not renewed in time" : cause.getMessage());
        Listeners.tell(LOG, "onLeaseLost", onLeaseLost, new LeaseLostEvent(this, cause));
    }

    static boolean isLeaseGone(BlobStorageException e) {
        int status = e.getStatusCode();
        return status == 409 || status == 412 || status == 404;
    }

    /** A status that says nothing about whether the request was applied: a timeout, throttling or a 5xx. */
    static boolean isTransient(BlobStorageException e) {
        int status = e.getStatusCode();
        return status == 408 || status == 429 || status >= 500;
    }

    /**
     * Builds and acquires an {@link AutoRenewingLease}. Mutable and not thread-safe; {@link #acquire()} and
     * {@link #tryAcquire()} copy the settings, so one builder can acquire many leases.
     */
    public static final class Builder {
        private @Nullable BlobClient blob;
        private Duration leaseDuration = Duration.ofSeconds(15);
        private boolean infinite;
        private @Nullable Duration renewInterval;
        private Ticker ticker = Ticker.systemTicker();
        private @Nullable ScheduledExecutorService executor;
        private @Nullable Duration operationTimeout;
        private Consumer<? super LeaseLostEvent> onLeaseLost = Listeners.none();
        private Consumer<? super RenewalFailedEvent> onRenewalFailed = Listeners.none();

        private Builder() {
        }

        /**
         * The blob to lease, as {@code BlobLeaseClientBuilder.blobClient(...)} takes it. Its container must exist;
         * the blob is created empty if it does not.
         *
         * @param blobClient the blob
         * @return this builder
         * @throws NullPointerException if {@code blobClient} is null
         */
        public Builder blobClient(BlobClient blobClient) {
            this.blob = Objects.requireNonNull(blobClient, "'blobClient' must not be null");
            return this;
        }

        /**
         * The lease duration: 15 to 60 whole seconds. Default 15 seconds. Replaces an earlier
         * {@link #infiniteLease()}.
         *
         * @param leaseDuration the duration
         * @return this builder
         * @throws IllegalArgumentException if out of range, for example
         *     {@code "'leaseDuration' must be between 15 and 60 seconds, was 5 ..."}
         * @throws NullPointerException if {@code leaseDuration} is null
         */
        public Builder leaseDuration(Duration leaseDuration) {
            this.leaseDuration = Validation.leaseDuration(leaseDuration,
                    "; use infiniteLease() for an infinite lease");
            this.infinite = false;
            return this;
        }

        /**
         * Asks for an infinite lease instead of one of {@link #leaseDuration(Duration)}: it is never renewed and
         * never runs out by time, so its loss (someone breaking it) is not noticed until
         * {@link AutoRenewingLease#close()}, and if
         * this process dies it stays held until someone breaks it. A later {@link #leaseDuration(Duration)}
         * replaces it.
         *
         * @return this builder
         */
        public Builder infiniteLease() {
            this.infinite = true;
            return this;
        }

        /**
         * How often to renew. Default: a third of the lease duration. Must be positive and less than 90% of the lease
         * duration (checked when acquiring). Not used by an infinite lease.
         *
         * @param renewInterval the interval
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @throws NullPointerException if {@code renewInterval} is null
         */
        public Builder renewInterval(Duration renewInterval) {
            this.renewInterval = Validation.positive("renewInterval", renewInterval);
            return this;
        }

        /**
         * The monotonic source that measures the lease's validity and the timeouts. Default:
         * {@link Ticker#systemTicker()}. Tests pass a fake one together with a fake
         * {@link #executor(ScheduledExecutorService)}.
         *
         * @param ticker the ticker
         * @return this builder
         * @throws NullPointerException if {@code ticker} is null
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "'ticker' must not be null");
            return this;
        }

        /**
         * The executor that runs renewals and listeners. It is never shut down by the lease. Default: one daemon
         * thread per lease, named {@code azkit-lease-<blob>-1}, shut down when the lease is closed.
         *
         * @param executor the executor
         * @return this builder
         * @throws NullPointerException if {@code executor} is null
         */
        public Builder executor(ScheduledExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "'executor' must not be null");
            return this;
        }

        /**
         * The timeout of each storage call the lease makes in the background: a renewal (which is also never given
         * longer than the lease has left) and the release in {@link AutoRenewingLease#close()}. Default: none
         * (the SDK client's own timeouts apply). {@link #acquire(Duration, Context)} takes its own timeout.
         *
         * @param operationTimeout the timeout
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @throws NullPointerException if {@code operationTimeout} is null
         */
        public Builder operationTimeout(Duration operationTimeout) {
            this.operationTimeout = Validation.positive("operationTimeout", operationTimeout);
            return this;
        }

        /**
         * Who to tell when the lease is lost: the service refused a renewal (someone broke or took the lease), or
         * the local ticker says the lease may have expired because renewals did not succeed in time. Told before the
         * service would let another client acquire the lease, and at most once per lease. Runs on the lease's
         * executor and must not block; an exception it throws is logged at WARN and ignored. A later call
         * replaces the listener. Default: nobody.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onLeaseLost(Consumer<? super LeaseLostEvent> listener) {
            this.onLeaseLost = Objects.requireNonNull(listener, "'listener' must not be null");
            return this;
        }

        /**
         * Who to tell when a renewal fails with an error that may heal (a timeout, a 5xx); the lease is still held
         * and renewal is tried again soon. Runs on the lease's executor and must not block; an exception it throws
         * is logged at WARN and ignored. A later call replaces the listener. Default: nobody.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onRenewalFailed(Consumer<? super RenewalFailedEvent> listener) {
            this.onRenewalFailed = Objects.requireNonNull(listener, "'listener' must not be null");
            return this;
        }

        /**
         * Acquires the lease, creating the blob if it is missing, and starts renewing it. Same as
         * {@code acquire(null, Context.NONE)}.
         *
         * @return the held lease
         * @throws IllegalStateException if {@code blobClient} was not set, or the renew interval is too long
         * @throws BlobStorageException if the service refuses, for example {@code LeaseAlreadyPresent} (409) when
         *     another client holds the lease, or {@code ContainerNotFound}
         */
        public AutoRenewingLease acquire() {
            return acquire(null, Context.NONE);
        }

        /**
         * Acquires the lease, creating the blob if it is missing, and starts renewing it. Runs on the calling
         * thread and blocks on storage.
         *
         * @param timeout bounds the whole operation (creating the blob included), or {@code null} for no limit
         * @param context passed to every SDK call this operation makes
         * @return the held lease
         * @throws IllegalStateException if {@code blobClient} was not set, the renew interval is too long, or the
         *     timeout ran out (caused by a {@link java.util.concurrent.TimeoutException})
         * @throws BlobStorageException if the service refuses, for example {@code LeaseAlreadyPresent} (409) when
         *     another client holds the lease, or {@code ContainerNotFound}
         * @throws NullPointerException if {@code context} is null
         */
        public AutoRenewingLease acquire(@Nullable Duration timeout, Context context) {
            AutoRenewingLease lease = acquire(true, timeout, context);
            return Objects.requireNonNull(lease);
        }

        /**
         * Acquires the lease if nobody else holds it, creating the blob if it is missing, and starts renewing it.
         * Same as {@code tryAcquire(null, Context.NONE)}.
         *
         * @return the held lease, or {@code null} if another client holds it
         * @throws IllegalStateException if {@code blobClient} was not set, or the renew interval is too long
         * @throws BlobStorageException if the service refuses for another reason, for example
         *     {@code ContainerNotFound}
         */
        public @Nullable AutoRenewingLease tryAcquire() {
            return tryAcquire(null, Context.NONE);
        }

        /**
         * Acquires the lease if nobody else holds it, creating the blob if it is missing, and starts renewing it.
         * Runs on the calling thread and blocks on storage.
         *
         * @param timeout bounds the whole operation (creating the blob included), or {@code null} for no limit
         * @param context passed to every SDK call this operation makes
         * @return the held lease, or {@code null} if another client holds it
         * @throws IllegalStateException if {@code blobClient} was not set, the renew interval is too long, or the
         *     timeout ran out (caused by a {@link java.util.concurrent.TimeoutException})
         * @throws BlobStorageException if the service refuses for another reason, for example
         *     {@code ContainerNotFound}
         * @throws NullPointerException if {@code context} is null
         */
        public @Nullable AutoRenewingLease tryAcquire(@Nullable Duration timeout, Context context) {
            return acquire(false, timeout, context);
        }

        private @Nullable AutoRenewingLease acquire(boolean throwIfHeld, @Nullable Duration timeout,
                Context context) {
            Objects.requireNonNull(context, "'context' must not be null");
            BlobClient target = blob;
            if (target == null) {
                throw new IllegalStateException("'blobClient' must be set before acquiring a lease");
            }
            if (renewInterval != null && !infinite
                    && renewInterval.compareTo(leaseDuration.minus(leaseDuration.dividedBy(10))) >= 0) {
                throw new IllegalStateException("'renewInterval' must be less than 90% of the lease duration ("
                        + Validation.seconds(leaseDuration) + " s), was " + Validation.seconds(renewInterval)
                        + " s; use the default (a third of the lease)");
            }
            Deadline deadline = Deadline.after(timeout, ticker);
            BlobLeaseClient leaseClient = new BlobLeaseClientBuilder().blobClient(target)
                    .leaseId(UUID.randomUUID().toString()).buildClient();
            int seconds = infinite ? -1 : (int) leaseDuration.getSeconds();
            long sent;
            try {
                sent = acquireCreatingBlob(target, leaseClient, seconds, deadline, context);
            } catch (BlobStorageException e) {
                BlobErrorCode code = e.getErrorCode();
                if (!throwIfHeld && (BlobErrorCode.LEASE_ALREADY_PRESENT.equals(code)
                        || BlobErrorCode.LEASE_IS_BREAKING_AND_CANNOT_BE_ACQUIRED.equals(code))) {
                    return null;
                }
                if (isTransient(e)) {
                    releaseUnknown(target, leaseClient, e, context);
                }
                throw e;
            } catch (RuntimeException e) {
                releaseUnknown(target, leaseClient, e, context);
                throw e;
            }
            ScheduledExecutorService given = executor;
            ScheduledExecutorService used = given != null ? given
                    : Threads.scheduler("azkit-lease-" + target.getBlobName());
            AutoRenewingLease lease = new AutoRenewingLease(this, leaseClient, sent, used, given == null);
            lease.start();
            return lease;
        }

        /**
         * An acquire whose outcome is unknown may have been granted: release the proposed id, so the lease is not
         * stranded for a whole period. A 409 means it was not granted (or is already gone): fine. Bounded by the
         * operation timeout, since the acquire's own time may be spent.
         */
        private void releaseUnknown(BlobClient target, BlobLeaseClient leaseClient, RuntimeException cause,
                Context context) {
            try {
                leaseClient.releaseLeaseWithResponse((RequestConditions) null, operationTimeout, context);
                LOG.debug("Released lease {} on {} after an acquire with unknown outcome", leaseClient.getLeaseId(),
                        target.getBlobName(), cause);
            } catch (RuntimeException e) {
                LOG.debug("Release after an acquire with unknown outcome on {} failed ({}); a lease granted then "
                        + "runs out within its duration", target.getBlobName(), e.toString());
            }
        }

        private long acquireCreatingBlob(BlobClient target, BlobLeaseClient leaseClient, int seconds,
                Deadline deadline, Context context) {
            long sent = ticker.read();
            try {
                leaseClient.acquireLeaseWithResponse(seconds, null, deadline.remaining("Acquiring a lease"), context);
                return sent;
            } catch (BlobStorageException e) {
                if (!BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
                    throw e;
                }
            }
            try {
                target.getBlockBlobClient().uploadWithResponse(
                        new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(new byte[0]))
                                .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")),
                        deadline.remaining("Acquiring a lease"), context);
            } catch (BlobStorageException e) {
                if (e.getStatusCode() != 409 && e.getStatusCode() != 412) {
                    throw e;
                }
                // Another candidate created it (and may hold the lease): fine.
            }
            sent = ticker.read();
            leaseClient.acquireLeaseWithResponse(seconds, null, deadline.remaining("Acquiring a lease"), context);
            return sent;
        }
    }
}
