package io.github.azkit.election;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobStorageException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a period complete, with the schedule's identity, in the election blob (fenced: under the term's lease, If-Match on the term's ETag), then
 * releases the lease. A record whose outcome is unknown is retried while the lease is held; a refused one (the lease
 * lost or the term superseded) revokes the period, so another instance runs it.
 */
final class CompletionRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicElector.class);

    private final ElectorState state;
    private final ElectorTimer timer;
    private final ElectorEvents events;
    private final BlobClient blob;
    private final Duration leaseDuration;
    private final @Nullable Duration operationTimeout;
    /** The schedule's identity, recorded with each completed period. */
    private final String schedule;

    CompletionRecorder(ElectorState state, ElectorTimer timer, ElectorEvents events, BlobClient blob,
            Duration leaseDuration, @Nullable Duration operationTimeout, String schedule) {
        this.state = state;
        this.timer = timer;
        this.events = events;
        this.blob = blob;
        this.leaseDuration = leaseDuration;
        this.operationTimeout = operationTimeout;
        this.schedule = schedule;
    }

    /** Records the period complete and releases the lease; retries while the outcome is unknown and the lease held. */
    void record(PeriodContext context) {
        AutoRenewingLease held;
        RuntimeException refused = null;
        synchronized (state.lock) {
            if (state.running != context || state.lease == null) {
                return; // revoked meanwhile; a job that returned during close() is still recorded
            }
            held = state.lease;
            try {
                state.blob = FencedBlob.recordCompleted(blob, held.leaseId(), Objects.requireNonNull(state.blob),
                        context.period(), schedule, operationTimeout);
                state.knownCompleted = context.period();
            } catch (RuntimeException e) {
                if (!state.closed && held.isHeld() && isUnknownOutcome(e)) {
                    // Not refused, not known to be written: keep the lease (so nobody runs the period again) and
                    // try again; the lease's own expiry bounds how long.
                    LOG.debug("Recording period {} of {} as complete had no answer; retrying", context.period(),
                            blob.getBlobName(), e);
                    state.unrecorded = context;
                    timer.soon(leaseDuration.dividedBy(5), () -> record(context));
                    return;
                }
                refused = e;
            }
            state.unrecorded = null;
            state.lease = null;
            state.running = null;
        }
        ElectorLease.closeQuietly(held);
        if (refused != null) {
            LOG.warn("Could not record period {} of {} as complete (lease lost or term superseded: {}); another "
                    + "instance runs it", context.period(), blob.getBlobName(), refused.toString());
            events.revoked(context);
            timer.poll();
            return;
        }
        LOG.info("Period {} of {} completed with fencing token {}", context.period(), blob.getBlobName(),
                context.fencingToken());
        events.periodCompleted(context);
        timer.tickNow();
    }

    private static boolean isUnknownOutcome(RuntimeException e) {
        return !(e instanceof BlobStorageException storage) || AutoRenewingLease.isTransient(storage);
    }
}
