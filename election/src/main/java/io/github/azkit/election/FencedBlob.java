package io.github.azkit.election;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.LeaseStateType;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The election blob's metadata: the fencing token of the latest term and the last completed period. Every write is
 * made under the lease and with If-Match on the ETag just read, so a client whose lease is gone, or who read before
 * a newer term began, cannot write.
 */
final class FencedBlob {

    static final String TOKEN = "azkitfencingtoken";
    static final String COMPLETED = "azkitlastcompletedperiod";

    /** What the blob says: the token, the last completed period (or null), the ETag and whether it is leased. */
    record State(long token, @Nullable Long lastCompleted, String etag, Map<String, String> metadata,
            boolean leased) {
    }

    private FencedBlob() {
    }

    /** Reads the metadata (1 read). */
    static State read(BlobClient blob, @Nullable String leaseId) {
        BlobRequestConditions conditions = leaseId == null ? null : new BlobRequestConditions().setLeaseId(leaseId);
        BlobProperties properties = blob.getPropertiesWithResponse(conditions, null, Context.NONE).getValue();
        Map<String, String> metadata = properties.getMetadata() == null ? Map.of() : properties.getMetadata();
        String completed = metadata.get(COMPLETED);
        return new State(parse(metadata.get(TOKEN)), completed == null ? null : Long.parseLong(completed),
                properties.getETag(), metadata, properties.getLeaseState() == LeaseStateType.LEASED);
    }

    /** Begins a term: reads under the lease, then writes token + 1 (1 read, 1 write). */
    static State beginTerm(BlobClient blob, String leaseId) {
        State current = read(blob, leaseId);
        Map<String, String> metadata = new HashMap<>(current.metadata());
        long token = current.token() + 1;
        metadata.put(TOKEN, Long.toString(token));
        String etag = write(blob, leaseId, current.etag(), metadata);
        return new State(token, current.lastCompleted(), etag, Map.copyOf(metadata), true);
    }

    /** Records that {@code period} is complete, if the blob is unchanged since {@code state} (1 write). */
    static State recordCompleted(BlobClient blob, String leaseId, State state, long period) {
        Map<String, String> metadata = new HashMap<>(state.metadata());
        metadata.put(COMPLETED, Long.toString(period));
        String etag = write(blob, leaseId, state.etag(), metadata);
        return new State(state.token(), period, etag, Map.copyOf(metadata), true);
    }

    private static String write(BlobClient blob, String leaseId, String etag, Map<String, String> metadata) {
        Response<Void> response = blob.setMetadataWithResponse(metadata,
                new BlobRequestConditions().setLeaseId(leaseId).setIfMatch(etag), null, Context.NONE);
        return Objects.requireNonNull(response.getHeaders().getValue(HttpHeaderName.ETAG), "ETag");
    }

    private static long parse(@Nullable String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
