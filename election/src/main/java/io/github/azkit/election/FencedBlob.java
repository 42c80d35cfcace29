package io.github.azkit.election;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.LeaseStateType;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The election blob's metadata: the fencing token of the latest term, the last completed period and the identity of
 * the schedule that period belongs to ({@link Schedule#identity()}; absent in blobs written before it was recorded).
 * Every write is
 * made under the lease and with If-Match on the ETag just read, so a client whose lease is gone, or who read before
 * a newer term began, cannot write.
 *
 * <p><b>Lost responses.</b> A write whose response is lost after the service applied it is re-sent by the SDK and then
 * refused with 412 ({@code ConditionNotMet}: the ETag is the one our own write made). Since only the lease holder can
 * write the blob, a write that ends in 412 {@code ConditionNotMet}, a network error, a timeout or a 5xx is settled by
 * reading the blob under the lease (1 read): if it shows the values we wrote, the write succeeded; if it still shows
 * the ETag we wrote against, the write was not applied and is sent again (a few times); otherwise it was refused.
 */
final class FencedBlob {

    private static final Logger LOG = LoggerFactory.getLogger(FencedBlob.class);

    static final String TOKEN = "azkitfencingtoken";
    static final String COMPLETED = "azkitlastcompletedperiod";
    /** The schedule whose period {@link #COMPLETED} counts: indexes of different schedules are not comparable. */
    static final String SCHEDULE = "azkitschedule";
    private static final int WRITE_ATTEMPTS = 3;

    /**
     * What the blob says: the token, the last completed period (or null), the schedule that period belongs to (null
     * if none is recorded), the ETag and whether it is leased.
     */
    record State(long token, @Nullable Long lastCompleted, @Nullable String schedule, String etag,
            Map<String, String> metadata, boolean leased) {

        /**
         * The last completed period of {@code identity}'s schedule: null if the record belongs to another schedule
         * (its index means nothing to this one). A record without a schedule was written before schedules were
         * recorded, when every schedule was a fixed one: it is taken to be this schedule's if this schedule is fixed,
         * and another schedule's if this one is a calendar schedule.
         */
        @Nullable Long completedFor(String identity) {
            return isOtherSchedule(identity) ? null : lastCompleted;
        }

        /** Whether the record belongs to a schedule other than {@code identity}'s. */
        boolean isOtherSchedule(String identity) {
            if (lastCompleted == null) {
                return false;
            }
            return schedule == null ? !identity.startsWith(Schedule.FIXED_PREFIX) : !schedule.equals(identity);
        }
    }

    /** The blob's metadata holds a value this library cannot read (not written by it, or edited by hand). */
    static final class UnreadableMetadataException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final String blobName;
        private final String key;
        private final String value;

        UnreadableMetadataException(String blobName, String key, String value) {
            super("Election blob '" + blobName + "' has metadata " + key + "='" + value + "', which is not a whole "
                    + "number; nothing is elected on it until this is fixed: delete the metadata key '" + key
                    + "' (or the whole blob, which also forgets the completed periods)");
            this.blobName = blobName;
            this.key = key;
            this.value = value;
        }

        String blobName() {
            return blobName;
        }

        String key() {
            return key;
        }

        String value() {
            return value;
        }
    }

    private FencedBlob() {
    }

    /**
     * Reads the metadata (1 read).
     *
     * @throws UnreadableMetadataException if the token or the completed period is not a whole number
     */
    static State read(BlobClient blob, @Nullable String leaseId) {
        return read(blob, leaseId, null);
    }

    /** Reads the metadata (1 read), each call bounded by {@code timeout} (null: none). */
    static State read(BlobClient blob, @Nullable String leaseId, @Nullable Duration timeout) {
        BlobRequestConditions conditions = leaseId == null ? null : new BlobRequestConditions().setLeaseId(leaseId);
        BlobProperties properties = blob.getPropertiesWithResponse(conditions, timeout, Context.NONE).getValue();
        Map<String, String> metadata = properties.getMetadata() == null ? Map.of() : properties.getMetadata();
        Long token = parse(blob, metadata, TOKEN);
        return new State(token == null ? 0 : token, parse(blob, metadata, COMPLETED), metadata.get(SCHEDULE),
                properties.getETag(), metadata, properties.getLeaseState() == LeaseStateType.LEASED);
    }

    /** Begins a term: reads under the lease, then writes token + 1 (1 read, 1 write). */
    static State beginTerm(BlobClient blob, String leaseId) {
        return beginTerm(blob, leaseId, null);
    }

    /** Begins a term, each storage call bounded by {@code timeout} (null: none). */
    static State beginTerm(BlobClient blob, String leaseId, @Nullable Duration timeout) {
        State current = read(blob, leaseId, timeout);
        Map<String, String> metadata = new HashMap<>(current.metadata());
        long token = current.token() + 1;
        metadata.put(TOKEN, Long.toString(token));
        String etag = write(blob, leaseId, current.etag(), metadata, timeout);
        return new State(token, current.lastCompleted(), current.schedule(), etag, Map.copyOf(metadata), true);
    }

    /**
     * Records that {@code period} is complete, if the blob is unchanged since {@code state} (1 write), leaving the
     * recorded schedule as it was: the record as written before schedules were recorded (tests use it).
     */
    static State recordCompleted(BlobClient blob, String leaseId, State state, long period) {
        return recordCompleted(blob, leaseId, state, period, null, null);
    }

    /**
     * Records that {@code period} of the schedule {@code schedule} (null: leave the recorded one) is complete, each
     * storage call bounded by {@code timeout} (null: none).
     */
    static State recordCompleted(BlobClient blob, String leaseId, State state, long period,
            @Nullable String schedule, @Nullable Duration timeout) {
        Map<String, String> metadata = new HashMap<>(state.metadata());
        metadata.put(COMPLETED, Long.toString(period));
        if (schedule != null) {
            metadata.put(SCHEDULE, schedule);
        }
        String etag = write(blob, leaseId, state.etag(), metadata, timeout);
        return new State(state.token(), period, metadata.get(SCHEDULE), etag, Map.copyOf(metadata), true);
    }

    /** Writes under the lease, If-Match {@code etag}; settles an unknown outcome by reading (see the class doc). */
    private static String write(BlobClient blob, String leaseId, String etag, Map<String, String> metadata,
            @Nullable Duration timeout) {
        RuntimeException first = null;
        for (int attempt = 1; ; attempt++) {
            RuntimeException failure;
            try {
                Response<Void> response = blob.setMetadataWithResponse(metadata,
                        new BlobRequestConditions().setLeaseId(leaseId).setIfMatch(etag), timeout, Context.NONE);
                return Objects.requireNonNull(response.getHeaders().getValue(HttpHeaderName.ETAG), "ETag");
            } catch (BlobStorageException e) {
                if (!BlobErrorCode.CONDITION_NOT_MET.equals(e.getErrorCode()) && !AutoRenewingLease.isTransient(e)) {
                    throw e; // the lease is gone or taken: a definite refusal
                }
                failure = e;
            } catch (RuntimeException e) {
                failure = e;
            }
            if (first == null) {
                first = failure;
            } else {
                first.addSuppressed(failure);
            }
            BlobProperties now;
            try {
                now = blob.getPropertiesWithResponse(new BlobRequestConditions().setLeaseId(leaseId), timeout,
                        Context.NONE).getValue();
            } catch (RuntimeException e) {
                first.addSuppressed(e);
                throw first; // unknown still; the caller decides whether to try again
            }
            Map<String, String> seen = now.getMetadata() == null ? Map.of() : now.getMetadata();
            if (Objects.equals(seen.get(TOKEN), metadata.get(TOKEN))
                    && Objects.equals(seen.get(COMPLETED), metadata.get(COMPLETED))
                    && Objects.equals(seen.get(SCHEDULE), metadata.get(SCHEDULE))) {
                LOG.debug("Metadata write on {} was applied though its answer was {}", blob.getBlobName(),
                        failure.toString());
                return now.getETag();
            }
            if (!etag.equals(now.getETag()) || attempt >= WRITE_ATTEMPTS) {
                throw first; // someone else wrote (a newer term), or the service keeps failing
            }
            // Not applied: send it again.
        }
    }

    private static @Nullable Long parse(BlobClient blob, Map<String, String> metadata, String key) {
        String value = metadata.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UnreadableMetadataException(blob.getBlobName(), key, value);
        }
    }
}
