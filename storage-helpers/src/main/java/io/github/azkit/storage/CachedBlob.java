package io.github.azkit.storage;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
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
 *       to the error listener. The bad content is not downloaded again until the blob changes.</li>
 *   <li>A missing blob (or container) is the state {@link State#MISSING}, with no value; not an exception.</li>
 *   <li>Any other storage error keeps the previous value and is reported the same way; the next poll tries again.</li>
 * </ul>
 *
 * <p>Under lost responses, timeouts and 503s it stays exact because it only reads: a poll whose response is lost is
 * re-sent by the SDK's retry policy, and one that still fails is {@link Poll#FAILED}, keeps the previous whole value
 * and goes to the error listener; the next poll loads whatever version is current then.
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
    private final Consumer<? super RuntimeException> errorListener;
    private final @Nullable ScheduledExecutorService ownExecutor;
    private final ScheduledFuture<?> task;
    private final Object pollLock = new Object();

    private volatile Snapshot<T> snapshot = new Snapshot<>(State.NOT_LOADED, null, null, null, null, null);
    private @Nullable String seenETag; // guarded by pollLock: the ETag of the last body downloaded, parsed or not
    private volatile boolean closed;

    private CachedBlob(Builder<T> b) {
        this.blob = Objects.requireNonNull(b.blob, "'blobClient' must be set");
        this.parser = Objects.requireNonNull(b.parser, "'parser' must be set");
        this.clock = b.clock;
        this.errorListener = b.errorListener;
        ScheduledExecutorService executor = b.executor;
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "azkit-cached-blob-" + blob.getBlobName());
                t.setDaemon(true);
                return t;
            });
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
     * Polls now, on the calling thread (waiting for a scheduled poll in progress to finish first).
     *
     * @return what the poll found
     * @throws IllegalStateException if this cache is closed
     */
    public Poll refresh() {
        if (closed) {
            throw new IllegalStateException("this CachedBlob is closed; build a new one to keep polling");
        }
        synchronized (pollLock) {
            return poll();
        }
    }

    private void pollQuietly() {
        if (closed) {
            return;
        }
        try {
            synchronized (pollLock) {
                poll();
            }
        } catch (RuntimeException | Error e) {
            // poll() reports its own failures; this keeps an unexpected one from cancelling the schedule
            LOGGER.warn("Unexpected failure polling blob {}", blob.getBlobName(), e);
        }
    }

    private Poll poll() {
        Snapshot<T> before = snapshot;
        Instant now = clock.instant();
        BlobRequestConditions conditions = new BlobRequestConditions();
        if (seenETag != null) {
            conditions.setIfNoneMatch(seenETag);
        }
        BlobDownloadContentResponse response;
        try {
            response = blob.downloadContentWithResponse(null, conditions, null, Context.NONE);
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
            report(e);
            snapshot = new Snapshot<>(before.state(), before.value(), before.eTag(), before.loadedAt(), now, e);
            return Poll.FAILED;
        } catch (RuntimeException e) {
            report(e);
            snapshot = new Snapshot<>(before.state(), before.value(), before.eTag(), before.loadedAt(), now, e);
            return Poll.FAILED;
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
            report(failure);
            snapshot = new Snapshot<>(before.state() == State.LOADED ? State.LOADED : State.NOT_LOADED,
                    before.value(), before.eTag(), before.loadedAt(), now, failure);
            return Poll.PARSE_FAILED;
        }
        snapshot = new Snapshot<>(State.LOADED, parsed, eTag, now, now, null);
        return Poll.LOADED;
    }

    private void report(RuntimeException e) {
        try {
            errorListener.accept(e);
        } catch (RuntimeException listenerFailure) {
            LOGGER.warn("The error listener of CachedBlob {} threw", blob.getBlobName(), listenerFailure);
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

    /** Where the cache stands. */
    public enum State {
        /** No poll has loaded a value yet (none has run, or every one failed). */
        NOT_LOADED,
        /** A value parsed from the blob is available. */
        LOADED,
        /** The last poll found no blob (or no container); there is no value. */
        MISSING
    }

    /** What one poll found. */
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
     * One consistent view of a {@link CachedBlob}. Immutable; thread-safe if the value is.
     *
     * @param state where the cache stands
     * @param value the parsed value, or null when there is none
     * @param eTag the ETag of the blob content {@code value} was parsed from, or null
     * @param loadedAt when {@code value} was parsed, or null
     * @param lastPolledAt when the last poll finished, or null before the first
     * @param lastError the failure of the last poll that downloaded something or failed, or null if it succeeded;
     *     an unchanged poll after a parse failure keeps reporting it, since the blob still holds the bad content
     * @param <T> the parsed type
     */
    public record Snapshot<T>(State state, @Nullable T value, @Nullable String eTag, @Nullable Instant loadedAt,
                              @Nullable Instant lastPolledAt, @Nullable RuntimeException lastError) {

        Snapshot<T> with(Instant polledAt) {
            return new Snapshot<>(state, value, eTag, loadedAt, polledAt, lastError);
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
        private Consumer<? super RuntimeException> errorListener =
                e -> LOGGER.warn("CachedBlob poll failed: {}", e.getMessage());

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
            this.blob = Objects.requireNonNull(blob, "'blob' must not be null");
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
            this.parser = Objects.requireNonNull(parser, "'parser' must not be null");
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
            Objects.requireNonNull(pollInterval, "'pollInterval' must not be null");
            if (pollInterval.isZero() || pollInterval.isNegative()) {
                throw new IllegalArgumentException("'pollInterval' must be positive, was " + pollInterval);
            }
            this.pollInterval = pollInterval;
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
            this.executor = Objects.requireNonNull(executor, "'executor' must not be null");
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
            this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
            return this;
        }

        /**
         * Sets what hears about failed polls: parse failures ({@link IllegalStateException} with the parser's
         * exception as cause) and storage errors. Default: a warning in the log.
         *
         * @param errorListener the listener; it runs on the polling thread
         * @return this builder
         * @throws NullPointerException if {@code errorListener} is null
         */
        public Builder<T> errorListener(Consumer<? super RuntimeException> errorListener) {
            this.errorListener = Objects.requireNonNull(errorListener, "'errorListener' must not be null");
            return this;
        }

        /**
         * Validates, builds, and schedules the first poll at once and then every poll interval.
         *
         * @return the running cache; close it to stop polling
         * @throws NullPointerException if the blob client or the parser was not set
         */
        public CachedBlob<T> build() {
            return new CachedBlob<>(this);
        }
    }
}
