package io.github.azkit.election;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobStorageException;
import io.github.azkit.storage.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among N candidates (threads, processes or machines) that share one blob: at most one holds the
 * blob's lease and leads; the others try to acquire it every {@code pollInterval} (spread by a random jitter either
 * way, so they do not all ask at once).
 *
 * <p>Each term begins by incrementing a fencing token in the blob's metadata with a conditional write under the
 * lease (If-Match on the ETag just read), so terms have strictly increasing tokens (see {@link Term}). A leader whose
 * lease renewals fail revokes itself (the {@link Builder#onRevoked} listener) when the lease could have expired by
 * its own monotonic ticker, which is before the service would grant the lease to another candidate (see
 * {@link AutoRenewingLease} for the clock rule). A leader revoked by force (break-lease) or stalled (a long
 * garbage-collection pause) can still be running briefly after another leader starts: use the fencing token to
 * make the leader's writes conditional.
 *
 * <p><b>Lost responses and faults.</b> A lost response never gives two leaders and never strands the lease for longer
 * than one lease duration: acquires propose their own lease id, so a retried acquire is answered 200 (see
 * {@link AutoRenewingLease}); a term's token write whose response is lost, re-sent and refused with 412 is settled by
 * reading the blob under the lease (1 read), so the term begins with the token it wrote; a term that cannot begin
 * (the outcome of the token write is still unknown) releases its lease at once. Lease validity is measured on a
 * monotonic {@link Ticker}, so setting the wall clock neither ends nor extends a term. A fencing token in the blob's
 * metadata that is not a whole number (written by hand) makes every term fail to begin: this is logged at ERROR,
 * naming the blob, the key and the value, once per distinct bad value; delete the key to heal it.
 *
 * <p>Cost (storage requests): an idle candidate makes 1 lease request per poll ({@code 3600 / pollInterval} per
 * hour); a leader makes 3 requests to begin a term (acquire, read, write) and then 1 renewal per renew interval
 * (720 per hour for a 15 s lease, 180 for a 60 s lease), and 1 to release. A token write whose answer was lost costs
 * 1 more read (2 if it must be re-sent); a fault-free term costs exactly as before.
 *
 * <p>{@link Builder#build()} returns a running election: the first attempt to acquire the lease runs at once on its
 * executor ({@code build()} itself never calls storage). {@link #close()} stops it.
 *
 * <p>Thread-safe: every method may be called from any thread; {@link #close()} is idempotent. Listeners run on the
 * election's executor thread.
 */
public final class LeaderElection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final BlobClient blob;
    private final Duration leaseDuration;
    private final Duration pollInterval;
    private final double jitter;
    private final Clock clock;
    private final Ticker ticker;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final @Nullable Duration operationTimeout;
    private final Consumer<? super Term> onElected;
    private final Consumer<? super Term> onRevoked;
    private final Object lock = new Object();
    private volatile boolean closed;
    private @Nullable ScheduledFuture<?> nextPoll;
    private volatile @Nullable Term term;
    private @Nullable AutoRenewingLease lease;
    private volatile @Nullable String lastUnreadable;

    private LeaderElection(Builder builder, BlobClient blob, Consumer<? super Term> onElected,
            Consumer<? super Term> onRevoked) {
        this.blob = blob;
        this.leaseDuration = builder.leaseDuration;
        this.pollInterval = builder.pollInterval;
        this.jitter = builder.jitter;
        this.clock = builder.clock;
        this.ticker = builder.ticker;
        this.operationTimeout = builder.operationTimeout;
        this.onElected = onElected;
        this.onRevoked = onRevoked;
        ScheduledExecutorService executor = builder.executor;
        this.ownsScheduler = executor == null;
        this.scheduler = executor != null ? executor : Threads.scheduler("azkit-election-" + blob.getBlobName());
    }

    /**
     * Starts building an election.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts campaigning: the first attempt to acquire the lease runs at once on the executor. */
    private void begin() {
        synchronized (lock) {
            nextPoll = scheduler.schedule(this::poll, 0, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Whether this candidate leads now (its term's lease is held, measured on the ticker).
     *
     * @return {@code true} if leading
     */
    public boolean isLeader() {
        Term current = term;
        return current != null && current.isValid();
    }

    /**
     * The current term, if this candidate leads.
     *
     * @return the term, or {@code null} if not leading
     */
    public @Nullable Term currentTerm() {
        Term current = term;
        return current != null && current.isValid() ? current : null;
    }

    /**
     * Stops campaigning; if leading, tells the {@link Builder#onRevoked} listener and then releases the lease, so
     * another candidate can lead at once. Does nothing if already closed.
     *
     * @throws BlobStorageException if releasing the lease fails for a reason other than the lease being gone
     */
    @Override
    public void close() {
        AutoRenewingLease toRelease;
        Term ended;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (nextPoll != null) {
                nextPoll.cancel(false);
            }
            toRelease = lease;
            ended = term;
            lease = null;
            term = null;
        }
        try {
            if (ended != null) {
                notifyRevoked(ended);
            }
            if (toRelease != null) {
                toRelease.close();
            }
        } finally {
            if (ownsScheduler) {
                scheduler.shutdownNow();
            }
        }
    }

    private void poll() {
        if (closed) {
            return;
        }
        AutoRenewingLease acquired = null;
        try {
            acquired = leaseBuilder().tryAcquire(operationTimeout, Context.NONE);
            if (acquired != null) {
                FencedBlob.State state = FencedBlob.beginTerm(blob, acquired.leaseId(), operationTimeout);
                lastUnreadable = null;
                Term newTerm = new Term(state.token(), clock.instant(), acquired);
                synchronized (lock) {
                    if (closed || !acquired.isHeld()) {
                        closeQuietly(acquired);
                        acquired = null;
                    } else {
                        lease = acquired;
                        term = newTerm;
                    }
                }
                if (acquired == null) {
                    schedulePoll();
                    return;
                }
                LOG.info("Elected leader of {} with fencing token {}", blob.getBlobName(), newTerm.fencingToken());
                Listeners.tell(LOG, "onElected", onElected, newTerm);
                return;
            }
        } catch (FencedBlob.UnreadableMetadataException e) {
            String bad = e.key() + "=" + e.value();
            if (!bad.equals(lastUnreadable)) {
                lastUnreadable = bad;
                LOG.error(e.getMessage());
            } else {
                LOG.debug(e.getMessage());
            }
            if (acquired != null) {
                closeQuietly(acquired);
            }
        } catch (RuntimeException e) {
            LOG.debug("Campaign attempt on {} failed; retrying", blob.getBlobName(), e);
            if (acquired != null) {
                closeQuietly(acquired);
            }
        }
        schedulePoll();
    }

    private AutoRenewingLease.Builder leaseBuilder() {
        AutoRenewingLease.Builder builder = AutoRenewingLease.builder().blobClient(blob).leaseDuration(leaseDuration)
                .ticker(ticker).executor(scheduler).onLeaseLost(event -> leaseLost(event.lease()));
        return operationTimeout == null ? builder : builder.operationTimeout(operationTimeout);
    }

    private void leaseLost(AutoRenewingLease lost) {
        Term ended;
        synchronized (lock) {
            if (lease != lost) {
                return;
            }
            ended = term;
            lease = null;
            term = null;
        }
        if (ended != null) {
            notifyRevoked(ended);
        }
        schedulePoll();
    }

    private void schedulePoll() {
        synchronized (lock) {
            if (!closed) {
                Duration delay = Polling.jittered(pollInterval, jitter);
                nextPoll = scheduler.schedule(this::poll, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    private void notifyRevoked(Term ended) {
        LOG.info("Revoked as leader of {} (fencing token {})", blob.getBlobName(), ended.fencingToken());
        Listeners.tell(LOG, "onRevoked", onRevoked, ended);
    }

    private static void closeQuietly(AutoRenewingLease lease) {
        try {
            lease.close();
        } catch (RuntimeException e) {
            LOG.debug("Releasing lease failed", e);
        }
    }

    /**
     * Builds a {@link LeaderElection}. Mutable and not thread-safe; {@link #build()} copies the settings, so one
     * builder can build several elections.
     */
    public static final class Builder {
        private @Nullable BlobClient blob;
        private Duration leaseDuration = Duration.ofSeconds(15);
        private Duration pollInterval = Duration.ofSeconds(5);
        private double jitter = 0.2;
        private Clock clock = Clock.systemUTC();
        private Ticker ticker = Ticker.systemTicker();
        private @Nullable ScheduledExecutorService executor;
        private @Nullable Duration operationTimeout;
        private Consumer<? super Term> onElected = Listeners.none();
        private Consumer<? super Term> onRevoked = Listeners.none();

        private Builder() {
        }

        /**
         * The blob all candidates share (created empty if missing; its container must exist).
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
         * The lease duration, 15 to 60 whole seconds (default 15). A shorter lease fails over sooner and costs more
         * renewals. There is no infinite lease here: a dead leader would then lead for ever.
         *
         * @param leaseDuration the duration
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws NullPointerException if {@code leaseDuration} is null
         */
        public Builder leaseDuration(Duration leaseDuration) {
            this.leaseDuration = Validation.leaseDuration(leaseDuration, "");
            return this;
        }

        /**
         * How often a candidate that does not lead tries to acquire the lease (default 5 seconds). Failover takes at
         * most the lease duration plus this interval.
         *
         * @param pollInterval the interval
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @throws NullPointerException if {@code pollInterval} is null
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Validation.positive("pollInterval", pollInterval);
            return this;
        }

        /**
         * The jitter of the polls, as a fraction of the poll interval between 0 and 1 (default 0.2): each poll waits
         * a random time between {@code (1 - jitter) * pollInterval} and {@code (1 + jitter) * pollInterval} (0.2
         * spreads it over plus or minus 20%, as every azkit jitter does), so candidates do not all ask at once; a
         * dead leader is therefore replaced up to {@code jitter * pollInterval} later than the lease plus the poll
         * interval.
         *
         * @param jitter between 0 and 1
         * @return this builder
         * @throws IllegalArgumentException if not between 0 and 1
         */
        public Builder jitter(double jitter) {
            this.jitter = Polling.jitter(jitter);
            return this;
        }

        /**
         * The wall clock, for {@link Term#startedAt()} only. Default: the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
            return this;
        }

        /**
         * The monotonic source for lease validity. Default: {@link Ticker#systemTicker()}.
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
         * The executor for polls, renewals and listeners; never shut down by the election. Default: one daemon
         * thread named {@code azkit-election-<blob>-1}, shut down on close.
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
         * The timeout of each storage call the election makes in the background (an acquire, a metadata read or
         * write, a renewal, the release on close). Default: none (the SDK client's own timeouts apply).
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
         * Who to tell that this candidate now leads, with the new term and its fencing token. Runs on the
         * election's executor and must not block: start the leader's work on another thread. An exception it throws
         * is logged at WARN and ignored. A later call replaces the listener. Default: nobody (a leader can also ask
         * {@link LeaderElection#currentTerm()}).
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onElected(Consumer<? super Term> listener) {
            this.onElected = Objects.requireNonNull(listener, "'listener' must not be null");
            return this;
        }

        /**
         * Who to tell that this candidate no longer leads for a term: its lease was lost or refused, or the election
         * was closed. Told before another candidate can acquire the lease (unless the lease was taken from
         * it by force, for example by a break-lease), and exactly once for each term given to {@link #onElected}.
         * With a single-thread executor (the default), the two listeners for a term never overlap and come in order.
         * Runs on the election's executor and must not block: stop the leader's work at once. An exception it throws
         * is logged at WARN and ignored. A later call replaces the listener. Default: nobody.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onRevoked(Consumer<? super Term> listener) {
            this.onRevoked = Objects.requireNonNull(listener, "'listener' must not be null");
            return this;
        }

        /**
         * Builds the election and starts campaigning: the first attempt to acquire the lease runs at once on the
         * executor. Does not call storage itself.
         *
         * @return the running election; close it to stop
         * @throws IllegalStateException if {@code blobClient} was not set
         */
        public LeaderElection build() {
            if (blob == null) {
                throw new IllegalStateException("'blobClient' must be set");
            }
            LeaderElection election = new LeaderElection(this, blob, onElected, onRevoked);
            election.begin();
            return election;
        }
    }
}
