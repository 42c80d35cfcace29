package io.github.azkit.election;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a {@link PeriodicElector}'s {@code onX} listeners what happened; a listener that throws is logged at WARN and
 * ignored. Unreadable metadata is logged at ERROR and told once per distinct bad value, not on every poll.
 */
final class ElectorEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicElector.class);

    private final Consumer<? super PeriodContext> onJobStarted;
    private final Consumer<? super PeriodContext> onPeriodCompleted;
    private final Consumer<? super JobFailedEvent> onJobFailed;
    private final Consumer<? super PeriodContext> onRevoked;
    private final Consumer<? super MetadataUnreadableEvent> onMetadataUnreadable;
    /** The last unreadable metadata reported ("key=value"), so it is logged at ERROR once, not every poll. */
    private volatile @Nullable String lastUnreadable;

    ElectorEvents(Consumer<? super PeriodContext> onJobStarted, Consumer<? super PeriodContext> onPeriodCompleted,
            Consumer<? super JobFailedEvent> onJobFailed, Consumer<? super PeriodContext> onRevoked,
            Consumer<? super MetadataUnreadableEvent> onMetadataUnreadable) {
        this.onJobStarted = onJobStarted;
        this.onPeriodCompleted = onPeriodCompleted;
        this.onJobFailed = onJobFailed;
        this.onRevoked = onRevoked;
        this.onMetadataUnreadable = onMetadataUnreadable;
    }

    void jobStarted(PeriodContext context) {
        Listeners.tell(LOG, "onJobStarted", onJobStarted, context);
    }

    void periodCompleted(PeriodContext context) {
        Listeners.tell(LOG, "onPeriodCompleted", onPeriodCompleted, context);
    }

    void jobFailed(PeriodContext context, Throwable failure, boolean willRetry) {
        Listeners.tell(LOG, "onJobFailed", onJobFailed, new JobFailedEvent(context, failure, willRetry));
    }

    void revoked(PeriodContext context) {
        Listeners.tell(LOG, "onRevoked", onRevoked, context);
    }

    /** The blob was read: a later unreadable value is reported again. */
    void readable() {
        lastUnreadable = null;
    }

    void unreadable(FencedBlob.UnreadableMetadataException e) {
        String bad = e.key() + "=" + e.value();
        if (bad.equals(lastUnreadable)) {
            LOG.debug(e.getMessage());
            return;
        }
        lastUnreadable = bad;
        LOG.error(e.getMessage());
        Listeners.tell(LOG, "onMetadataUnreadable", onMetadataUnreadable,
                new MetadataUnreadableEvent(e.blobName(), e.key(), e.value(), e));
    }
}
