package io.github.azkit.election;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import io.github.azkit.storage.Ticker;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PeriodicElector}'s lease on the election blob: acquiring one for a term, and what losing it does (the
 * running job is interrupted, the pending wait cancelled, {@code onRevoked} told, and polling resumes).
 */
final class ElectorLease {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicElector.class);

    private final ElectorState state;
    private final ElectorTimer timer;
    private final ElectorEvents events;
    private final BlobClient blob;
    private final Duration leaseDuration;
    private final Ticker ticker;
    private final ScheduledExecutorService scheduler;
    private final @Nullable Duration operationTimeout;

    ElectorLease(ElectorState state, ElectorTimer timer, ElectorEvents events, BlobClient blob,
            Duration leaseDuration, Ticker ticker, ScheduledExecutorService scheduler,
            @Nullable Duration operationTimeout) {
        this.state = state;
        this.timer = timer;
        this.events = events;
        this.blob = blob;
        this.leaseDuration = leaseDuration;
        this.ticker = ticker;
        this.scheduler = scheduler;
        this.operationTimeout = operationTimeout;
    }

    /** Acquires the lease if nobody holds it (1 lease request, more if the blob must be created). */
    @Nullable AutoRenewingLease tryAcquire() {
        AutoRenewingLease.Builder builder = AutoRenewingLease.builder().blobClient(blob).leaseDuration(leaseDuration)
                .ticker(ticker).executor(scheduler).onLeaseLost(event -> lost(event.lease()));
        if (operationTimeout != null) {
            builder.operationTimeout(operationTimeout);
        }
        return builder.tryAcquire(operationTimeout, Context.NONE);
    }

    /** The term's lease is lost: revoke the running period, if any, and poll again. */
    private void lost(AutoRenewingLease lost) {
        PeriodContext ended;
        synchronized (state.lock) {
            if (state.lease != lost) {
                return;
            }
            ended = state.running;
            state.lease = null;
            state.running = null;
            state.unrecorded = null;
            if (state.jobThread != null) {
                state.jobThread.interrupt();
            }
            timer.cancel();
        }
        if (ended != null) {
            events.revoked(ended);
        }
        timer.poll();
    }

    /** Releases a lease; a failure is logged, and the lease then runs out by itself. */
    static void closeQuietly(AutoRenewingLease lease) {
        try {
            lease.close();
        } catch (RuntimeException e) {
            LOG.debug("Releasing lease failed; it will expire", e);
        }
    }
}
