package io.github.azkit.storage;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import io.github.azkit.storage.internal.Checks;
import io.github.azkit.storage.internal.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value parsed from a blob (a configuration file, a catalogue, a lookup table) that reloads when the blob
 * changes. Every poll interval it sends one conditional Get Blob (If-None-Match: the ETag last seen): when the blob
 * is unchanged that is one transaction with no body downloaded; when it changed, the same request downloads the new
 * content, which is parsed off to the side and then swapped in atomically, so readers of {@link #get()} see either
 * the old value or the new one, never a half-built one.
 *
 * <ul>
 *   <li>A blob that fails to parse keeps the previous value; the failure is in {@link Snapshot#lastError()} and goes
 *       to the {@linkplain Builder#onPollFailed(Consumer) poll-failed listener}. The bad content is not downloaded
 *       again until the blob changes.</li>
 *   <li>A missing blob (or container) is the state {@link State#MISSING}, with no value; not an exception.</li>
 *   <li>Any other storage error keeps the previous value and is reported the same way; the next poll tries again.</li>
 * </ul>
 *
 * <p>Under lost responses, timeouts and 503s it stays exact because it only reads: a poll whose response is lost is
 * re-sent by the SDK's retry policy, and one that still fails is {@link Poll#FAILED}, keeps the previous whole value
 * and goes to the poll-failed listener; the next poll loads whatever version is current then. Each poll is bounded
 * by the builder's {@linkplain Builder#operationTimeout(Duration) operation timeout}.
 *
 * <pre>{@code
 * try (CachedBlob<Properties> config = CachedBlob.<Properties>builder()
 *         .blobClient(container.getBlobClient("config.properties"))
 *         .parser(CachedBlobIT::parseProperties)
 *         .pollInterval(Duration.ofSeconds(30))
 *         .build()) {
 *     config.refresh();                       // optional: load now instead of on the first scheduled poll
 *     Optional<Properties> now = config.get();
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #get()} and {@link #snapshot()} are wait-free reads of one volatile reference; polls
 * (scheduled or by {@link #refresh()}) run one at a time.
 *
 * @param <T> the parsed type; it should be immutable, since every reader shares the one instance
 */
public final class CachedBlob<T> implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(CachedBlob.class);

    private final BlobClient blob;
    private final Function<BinaryData, ? extends T> parser;
    private final Clock clock;
    private final Consumer<? super PollFailedEvent<T>> pollFailedListener;
    private final @Nullable Duration operationTimeout;
    private final @Nullable ScheduledExecutorService ownExecutor;
    private final ScheduledFuture<?> task;
    private final Object pollLock = new Object();

    private volatile Snapshot<T> snapshot = new Snapshot<>(State.NOT_LOADED, null, null, null, null, null);
    private @Nullable String seenETag; // guarded by pollLock: the ETag of the last body downloaded, parsed or not
    private volatile boolean closed;

    private CachedBlob(Builder<T> b) {
        this.blob = Objects.requireNonNull(b.blob);
        this.parser = Objects.requireNonNull(b.parser);
        this.clock = b.clock;
        this.pollFailedListener = b.pollFailedListener;
        this.operationTimeout = b.operationTimeout;
        ScheduledExecutorService executor = b.executor;
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(
                    DaemonThreads.factory("azkit-cached-blob-" + blob.getBlobName()));
            this.ownExecutor = executor;
        } else {
            this.ownExecutor = null;
        }
        long interval = b.pollInterval.toNanos();
        this.task = executor.scheduleWithFixedDelay(this::pollQuietly, 0, interval, TimeUnit.NANOSECONDS);
    }

    /**
     * A new builder.
     *
     * @param <T> the parsed type
     * @return a builder
     */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /**
     * The current value.
     *
     * @return the value parsed from the blob, or empty before the first successful load and while the blob is
     *     missing
     */
    public Optional<T> get() {
        return Optional.ofNullable(snapshot.value());
    }

    /**
     * Everything known about the cache at this moment, as one consistent snapshot.
     *
     * @return the snapshot
     */
    public Snapshot<T> snapshot() {
        return snapshot;
    }

    /**
     * Polls now, on the calling thread (waiting for a scheduled poll in progress to finish first), bounded by the
     * builder's operation timeout. A failure is not thrown: it is the result {@link Poll#FAILED} or
     * {@link Poll#PARSE_FAILED}, it is in {@link Snapshot#lastError()}, and it goes to the poll-failed listener.
     *
     * @return what the poll found
     * @throws IllegalStateException if this cache is closed
     */
    public Poll refresh() {
        return refresh(operationTimeout, Context.NONE);
    }

    /**
     * Like {@link #refresh()}, bounded by {@code timeout} instead of the builder's operation timeout and passing
     * {@code context} to the SDK call.
     *
     * @param timeout the bound on the poll, or null for none
     * @param context passed to the SDK call; {@link Context#NONE} for none
     * @return what the poll found; {@link Poll#FAILED} if the timeout ran out
     * @throws IllegalStateException if this cache is closed
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if {@code context} is null
     */
    public Poll refresh(@Nullable Duration timeout, Context context) {
        Checks.timeout(timeout);
        Checks.notNull(context, "context");
        if (closed) {
            throw new IllegalStateException("this CachedBlob is closed; build a new one to keep polling");
        }
        synchronized (pollLock) {
            return poll(timeout, context);
        }
    }

    private void pollQuietly() {
        if (closed) {
            return;
        }
        try {
            synchronized (pollLock) {
                poll(operationTimeout, Context.NONE);
            }
        } catch (RuntimeException | Error e) {
            // poll() reports its own failures; this keeps an unexpected one from cancelling the schedule
            LOGGER.warn("Unexpected failure polling blob {}", blob.getBlobName(), e);
        }
    }

    private Poll poll(@Nullable Duration timeout, Context context) {
        Snapshot<T> before = snapshot;
        Instant now = clock.instant();
        BlobRequestConditions conditions = new BlobRequestConditions();
        if (seenETag != null) {
            conditions.setIfNoneMatch(seenETag);
        }
        BlobDownloadContentResponse response;
        try {
            response = blob.downloadContentWithResponse(null, conditions, timeout, context);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 304) {
                snapshot = before.with(now);
                return Poll.UNCHANGED;
            }
            if (e.getStatusCode() == 404) {
                seenETag = null;
                snapshot = new Snapshot<>(State.MISSING, null, null, null, now, null);
                return Poll.MISSING;
            }
            return failed(before, now, e);
        } catch (RuntimeException e) {
            return failed(before, now, e);
        }
        if (response.getStatusCode() == 304) {
            snapshot = before.with(now);
            return Poll.UNCHANGED;
        }
        String eTag = response.getDeserializedHeaders().getETag();
        seenETag = eTag;
        T parsed;
        try {
            parsed = Objects.requireNonNull(parser.apply(response.getValue()), "the parser returned null");
        } catch (RuntimeException e) {
            IllegalStateException failure = new IllegalStateException("blob " + blob.getBlobName() + " (ETag " + eTag
                    + ") could not be parsed; keeping the previous value: " + e.getMessage(), e);
            snapshot = new Snapshot<>(before.state() == State.LOADED ? State.LOADED : State.NOT_LOADED,
                    before.value(), before.eTag(), before.loadedAt(), now, failure);
            report(Poll.PARSE_FAILED, failure);
            return Poll.PARSE_FAILED;
        }
        snapshot = new Snapshot<>(State.LOADED, parsed, eTag, now, now, null);
        return Poll.LOADED;
    }

    private Poll failed(Snapshot<T> before, Instant now, RuntimeException e) {
        snapshot = new Snapshot<>(before.state(), before.value(), before.eTag(), before.loadedAt(), now, e);
        report(Poll.FAILED, e);
        return Poll.FAILED;
    }

    private void report(Poll result, RuntimeException failure) {
        try {
            pollFailedListener.accept(new PollFailedEvent<>(blob.getBlobName(), result, failure, snapshot));
        } catch (RuntimeException listenerFailure) {
            LOGGER.warn("The poll-failed listener of CachedBlob {} threw; ignored", blob.getBlobName(),
                    listenerFailure);
        }
    }

    /**
     * Stops polling. The last value stays readable. Idempotent. Shuts down the executor only if this cache created
     * it.
     */
    @Override
    public void close() {
        closed = true;
        task.cancel(false);
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    /** Where the cache stands. Immutable; thread-safe. */
    public enum State {
        /** No poll has loaded a value yet (none has run, or every one failed). */
        NOT_LOADED,
        /** A value parsed from the blob is available. */
        LOADED,
        /** The last poll found no blob (or no container); there is no value. */
        MISSING
    }

    /** What one poll found. Immutable; thread-safe. */
    public enum Poll {
        /** The blob changed (or was read for the first time) and the new value was parsed and swapped in. */
        LOADED,
        /** The blob's ETag is the one last seen: one request, no body downloaded. */
        UNCHANGED,
        /** The blob (or its container) does not exist. */
        MISSING,
        /** The blob changed but its content did not parse; the previous value is kept. */
        PARSE_FAILED,
        /** The request failed (for example 403 or a 503 the SDK's retries did not cure); nothing changed. */
        FAILED
    }

    /**
     * One consistent view of a {@link CachedBlob}: a result the library returns, which may gain accessors in later
     * versions, so it has no public constructor. Immutable; thread-safe if the value is.
     *
     * @param <T> the parsed type
     */
    public static final class Snapshot<T> {
        private final State state;
        private final @Nullable T value;
        private final @Nullable String eTag;
        private final @Nullable Instant loadedAt;
        private final @Nullable Instant lastPolledAt;
        private final @Nullable RuntimeException lastError;

        Snapshot(State state, @Nullable T value, @Nullable String eTag, @Nullable Instant loadedAt,
                @Nullable Instant lastPolledAt, @Nullable RuntimeException lastError) {
            this.state = state;
            this.value = value;
            this.eTag = eTag;
            this.loadedAt = loadedAt;
            this.lastPolledAt = lastPolledAt;
            this.lastError = lastError;
        }

        Snapshot<T> with(Instant polledAt) {
            return new Snapshot<>(state, value, eTag, loadedAt, polledAt, lastError);
        }

        /**
         * Where the cache stands.
         *
         * @return the state
         */
        public State state() {
            return state;
        }

        /**
         * The parsed value.
         *
         * @return the value, or null when there is none
         */
        public @Nullable T value() {
            return value;
        }

        /**
         * The ETag of the blob content {@link #value()} was parsed from.
         *
         * @return the ETag, or null when there is no value
         */
        public @Nullable String eTag() {
            return eTag;
        }

        /**
         * When {@link #value()} was parsed, on the builder's clock.
         *
         * @return the time, or null when there is no value
         */
        public @Nullable Instant loadedAt() {
            return loadedAt;
        }

        /**
         * When the last poll finished, on the builder's clock.
         *
         * @return the time, or null before the first poll
         */
        public @Nullable Instant lastPolledAt() {
            return lastPolledAt;
        }

        /**
         * The failure of the last poll that downloaded something or failed; an unchanged poll after a parse failure
         * keeps reporting it, since the blob still holds the bad content.
         *
         * @return the failure, or null if that poll succeeded
         */
        public @Nullable RuntimeException lastError() {
            return lastError;
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Snapshot<?> other && state == other.state && Objects.equals(value, other.value)
                    && Objects.equals(eTag, other.eTag) && Objects.equals(loadedAt, other.loadedAt)
                    && Objects.equals(lastPolledAt, other.lastPolledAt) && Objects.equals(lastError, other.lastError);
        }

        @Override
        public int hashCode() {
            return Objects.hash(state, value, eTag, loadedAt, lastPolledAt, lastError);
        }

        @Override
        public String toString() {
            return "Snapshot[state=" + state + ", value=" + value + ", eTag=" + eTag + ", loadedAt=" + loadedAt
                    + ", lastPolledAt=" + lastPolledAt + ", lastError=" + lastError + "]";
        }
    }

    /**
     * The event of a poll that failed: the request failed ({@link Poll#FAILED}) or the blob's new content did not
     * parse ({@link Poll#PARSE_FAILED}). Immutable; thread-safe if the snapshot's value is.
     *
     * @param <T> the parsed type
     */
    public static final class PollFailedEvent<T> {
        private final String blobName;
        private final Poll result;
        private final RuntimeException failure;
        private final Snapshot<T> snapshot;

        PollFailedEvent(String blobName, Poll result, RuntimeException failure, Snapshot<T> snapshot) {
            this.blobName = blobName;
            this.result = result;
            this.failure = failure;
            this.snapshot = snapshot;
        }

        /**
         * The name of the blob polled.
         *
         * @return the blob name
         */
        public String blobName() {
            return blobName;
        }

        /**
         * What the poll found.
         *
         * @return {@link Poll#FAILED} or {@link Poll#PARSE_FAILED}
         */
        public Poll result() {
            return result;
        }

        /**
         * The failure: the storage error, or an {@link IllegalStateException} with the parser's exception as cause.
         *
         * @return the failure
         */
        public RuntimeException failure() {
            return failure;
        }

        /**
         * The cache's snapshot after the poll (the previous value is kept).
         *
         * @return the snapshot
         */
        public Snapshot<T> snapshot() {
            return snapshot;
        }

        @Override
        public String toString() {
            return "PollFailedEvent[blob=" + blobName + ", result=" + result + ", failure=" + failure + "]";
        }
    }

    /**
     * Builds a {@link CachedBlob}; {@link #build()} starts polling. Mutable and not thread-safe.
     *
     * @param <T> the parsed type
     */
    public static final class Builder<T> {
        private @Nullable BlobClient blob;
        private @Nullable Function<BinaryData, ? extends T> parser;
        private Duration pollInterval = Duration.ofSeconds(30);
        private @Nullable ScheduledExecutorService executor;
        private Clock clock = Clock.systemUTC();
        private @Nullable Duration operationTimeout;
        private Consumer<? super PollFailedEvent<T>> pollFailedListener =
                e -> LOGGER.warn("CachedBlob poll of {} failed ({}): {}", e.blobName(), e.result(),
                        e.failure().getMessage());

        private Builder() {
        }

        /**
         * Sets the blob to read (required).
         *
         * @param blob the blob
         * @return this builder
         * @throws NullPointerException if {@code blob} is null
         */
        public Builder<T> blobClient(BlobClient blob) {
            this.blob = Checks.notNull(blob, "blob");
            return this;
        }

        /**
         * Sets how the blob's content becomes a value (required). It runs on the polling thread; an exception from
         * it (or a null result) counts as a parse failure.
         *
         * @param parser the parser
         * @return this builder
         * @throws NullPointerException if {@code parser} is null
         */
        public Builder<T> parser(Function<BinaryData, ? extends T> parser) {
            this.parser = Checks.notNull(parser, "parser");
            return this;
        }

        /**
         * Sets the time between the end of one poll and the start of the next (default 30 s). Each poll is one
         * read transaction.
         *
         * @param pollInterval positive
         * @return this builder
         * @throws IllegalArgumentException if {@code pollInterval} is zero or negative
         * @throws NullPointerException if {@code pollInterval} is null
         */
        public Builder<T> pollInterval(Duration pollInterval) {
            this.pollInterval = Checks.positive(pollInterval, "pollInterval");
            return this;
        }

        /**
         * Sets the scheduler that runs the polls (default: a single daemon thread owned by the cache and shut down
         * by {@link CachedBlob#close()}; an executor given here is not shut down).
         *
         * @param executor the scheduler
         * @return this builder
         * @throws NullPointerException if {@code executor} is null
         */
        public Builder<T> executor(ScheduledExecutorService executor) {
            this.executor = Checks.notNull(executor, "executor");
            return this;
        }

        /**
         * Sets the clock for {@link Snapshot#loadedAt()} and {@link Snapshot#lastPolledAt()} (default UTC).
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder<T> clock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /**
         * Sets the bound on each poll, scheduled or by {@link CachedBlob#refresh()} (default: none beyond the SDK's
         * own retry policy). A poll that runs out of time is {@link Poll#FAILED} and keeps the previous value.
         *
         * @param operationTimeout positive
         * @return this builder
         * @throws IllegalArgumentException if {@code operationTimeout} is zero or negative
         * @throws NullPointerException if {@code operationTimeout} is null
         */
        public Builder<T> operationTimeout(Duration operationTimeout) {
            this.operationTimeout = Checks.positive(operationTimeout, "operationTimeout");
            return this;
        }

        /**
         * Sets what hears about failed polls: storage errors and parse failures. It runs on the thread that polled
         * (the cache's scheduler thread, or the caller of {@link CachedBlob#refresh()}) and must not block; an
         * exception it throws is logged at WARN and ignored. A later call replaces the earlier listener. Default: a
         * WARN in the log.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder<T> onPollFailed(Consumer<? super PollFailedEvent<T>> listener) {
            this.pollFailedListener = Checks.notNull(listener, "listener");
            return this;
        }

        /**
         * Validates, builds, and schedules the first poll at once and then every poll interval.
         *
         * @return the running cache; close it to stop polling
         * @throws IllegalStateException naming each required setting not set (the blob client, the parser)
         */
        public CachedBlob<T> build() {
            String missing = (blob == null ? " 'blobClient'" : "") + (parser == null ? " 'parser'" : "");
            if (!missing.isEmpty()) {
                throw new IllegalStateException("CachedBlob.builder() is missing required settings:" + missing);
            }
            return new CachedBlob<>(this);
        }
    }
}
