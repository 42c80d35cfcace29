package io.github.azkit.election;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PeriodicElector}'s check, run after every wait while this instance holds no lease: if no period is due it
 * waits on its own clock (no storage); if one is due and the blob does not record it complete, it tries to acquire
 * the lease, begins a term (a new fencing token) and hands the period to the {@link JobRunner}.
 */
final class Campaign {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicElector.class);

    private final ElectorState state;
    private final ElectorTimer timer;
    private final ElectorEvents events;
    private final ElectorLease leases;
    private final JobRunner runner;
    private final Schedule schedule;
    private final BlobClient blob;
    private final @Nullable Duration operationTimeout;
    /** The other schedule last found recorded in the blob, so that the change is logged once, not every poll. */
    private @Nullable String otherScheduleLogged;

    Campaign(ElectorState state, ElectorTimer timer, ElectorEvents events, ElectorLease leases, JobRunner runner,
            Schedule schedule, BlobClient blob, @Nullable Duration operationTimeout) {
        this.state = state;
        this.timer = timer;
        this.events = events;
        this.leases = leases;
        this.runner = runner;
        this.schedule = schedule;
        this.blob = blob;
        this.operationTimeout = operationTimeout;
    }

    /** Checks whether a period is due and, if so, campaigns for it; always ends by scheduling the next wait. */
    void tick() {
        if (state.closed) {
            return;
        }
        synchronized (state.lock) {
            if (state.lease != null) {
                return;
            }
        }
        Instant now = schedule.now();
        long current = schedule.periodAt(now);
        if (current < 0) {
            timer.waitLocally(now, schedule.firstPeriodStart());
            return;
        }
        Long completed = state.knownCompleted;
        if (completed != null && completed >= current) {
            timer.waitLocally(now, schedule.periodStart(current + 1));
            return;
        }
        AutoRenewingLease acquired = null;
        try {
            FencedBlob.State seen = readOrEmpty();
            events.readable();
            Long seenCompleted = completed(seen);
            state.knownCompleted = seenCompleted;
            if (seenCompleted != null && seenCompleted >= current) {
                timer.waitLocally(now, schedule.periodStart(current + 1));
                return;
            }
            if (seen.leased()) {
                timer.poll();
                return;
            }
            acquired = leases.tryAcquire();
            if (acquired == null) {
                timer.poll();
                return;
            }
            FencedBlob.State term = FencedBlob.beginTerm(blob, acquired.leaseId(), operationTimeout);
            Long termCompleted = completed(term);
            state.knownCompleted = termCompleted;
            long target = schedule.target(termCompleted, schedule.periodAt(schedule.now()));
            if (target < 0) {
                ElectorLease.closeQuietly(acquired);
                timer.tickNow();
                return;
            }
            PeriodContext context = schedule.context(target, 1, new Term(term.token(), schedule.now(), acquired));
            synchronized (state.lock) {
                if (state.closed || !acquired.isHeld()) {
                    ElectorLease.closeQuietly(acquired);
                    timer.poll();
                    return;
                }
                state.lease = acquired;
                state.blob = term;
            }
            LOG.info("Elected to run period {} of {} with fencing token {}", target, blob.getBlobName(),
                    term.token());
            events.jobStarted(context);
            runner.run(context);
        } catch (RuntimeException e) {
            if (e instanceof FencedBlob.UnreadableMetadataException unreadable) {
                events.unreadable(unreadable);
            } else {
                LOG.debug("Checking period on {} failed; retrying after the poll interval", blob.getBlobName(), e);
            }
            if (acquired != null) {
                synchronized (state.lock) {
                    if (state.lease == acquired) {
                        state.lease = null;
                    }
                }
                ElectorLease.closeQuietly(acquired);
            }
            timer.poll();
        }
    }

    /**
     * The blob's last completed period of this elector's schedule: null if the record is another schedule's (its
     * index is not comparable to ours), which is logged once at INFO per other schedule seen.
     */
    private @Nullable Long completed(FencedBlob.State seen) {
        String ours = schedule.identity();
        if (seen.isOtherSchedule(ours)) {
            String theirs = seen.schedule() != null ? seen.schedule() : "a fixed schedule, recorded by an earlier version";
            if (!theirs.equals(otherScheduleLogged)) {
                otherScheduleLogged = theirs;
                LOG.info("{} records period {} of another schedule ({}) as complete; this elector's schedule is {}, "
                        + "so it takes no period of its own as complete: its current period runs, and its "
                        + "completion replaces the record", blob.getBlobName(), seen.lastCompleted(), theirs, ours);
            }
        }
        return seen.completedFor(ours);
    }

    private FencedBlob.State readOrEmpty() {
        try {
            return FencedBlob.read(blob, null, operationTimeout);
        } catch (BlobStorageException e) {
            if (BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
                return new FencedBlob.State(0, null, null, "", Map.of(), false);
            }
            throw e;
        }
    }
}
