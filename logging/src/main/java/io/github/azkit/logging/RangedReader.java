package io.github.azkit.logging;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockList;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads a log blob's entries in order by ranges: one Get Block List, then one ranged GET per group of at most
 * {@link #MAX_BLOCKS_PER_RANGE} blocks or {@link #MAX_RANGE_BYTES} bytes, never one download of a huge blob (Azurite
 * opens one file per block and fails on ranges of many blocks). Each range is read with {@code If-Match} on the ETag
 * of the block list. If a writer commits meanwhile (412), the reader reads the new block list and goes on after the
 * last block it delivered (or from the oldest block left, if that one was trimmed away, since everything older was
 * trimmed too), so each entry is delivered at most once and in order, and entries committed during the read may be
 * included. Stateless and thread-safe.
 */
final class RangedReader {

    static final int MAX_BLOCKS_PER_RANGE = 200;
    static final long MAX_RANGE_BYTES = 8L * 1024 * 1024;
    private static final int MAX_RESTARTS = 50;

    private RangedReader() {
    }

    /** The entries of the blob, oldest first, without the header block; empty if the blob does not exist. */
    static List<String> readEntries(BlockBlobClient blob, Deadline deadline, Context context) {
        List<String> entries = new ArrayList<>();
        forEachEntry(blob, entries::add, deadline, context);
        return entries;
    }

    /**
     * Gives each entry of the blob to {@code action}, oldest first, without the header block; every SDK call gets
     * {@code context} and what is left of {@code deadline}.
     */
    static void forEachEntry(BlockBlobClient blob, Consumer<? super String> action, Deadline deadline,
            Context context) {
        String lastDelivered = null;
        for (int restarts = 0; ; restarts++) {
            try {
                readFrom(blob, lastDelivered, action, deadline, context);
                return;
            } catch (Restart restart) {
                lastDelivered = restart.lastDelivered;
                if (restarts >= MAX_RESTARTS) {
                    throw restart.cause;
                }
            }
        }
    }

    /** A 412 during a ranged read, with the id of the last block whose entries were delivered. */
    private static final class Restart extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient @Nullable String lastDelivered;
        private final transient BlobStorageException cause;

        Restart(@Nullable String lastDelivered, BlobStorageException cause) {
            super(null, null, false, false);
            this.lastDelivered = lastDelivered;
            this.cause = cause;
        }
    }

    private static void readFrom(BlockBlobClient blob, @Nullable String after, Consumer<? super String> action,
            Deadline deadline, Context context) {
        Response<BlockList> response;
        try {
            response = blob.listBlocksWithResponse(BlockListType.COMMITTED, (String) null, deadline.remaining(),
                    context);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return;
            }
            throw e;
        }
        String etag = response.getHeaders().getValue(HttpHeaderName.ETAG);
        List<Block> blocks = response.getValue().getCommittedBlocks();
        int i = !blocks.isEmpty() && blocks.get(0).getName().equals(BlockIdSource.HEADER_ID) ? 1 : 0;
        if (after != null) {
            for (int j = blocks.size() - 1; j >= i; j--) {
                if (blocks.get(j).getName().equals(after)) {
                    i = j + 1;
                    break;
                }
            }
        }
        long offset = 0;
        for (int j = 0; j < i; j++) {
            offset += blocks.get(j).getSizeLong();
        }
        String lastDelivered = after;
        BlobRequestConditions conditions = new BlobRequestConditions().setIfMatch(etag);
        List<String> entries = new ArrayList<>();
        while (i < blocks.size()) {
            long start = offset;
            int count = 0;
            while (i < blocks.size() && count < MAX_BLOCKS_PER_RANGE
                    && (count == 0 || offset - start + blocks.get(i).getSizeLong() <= MAX_RANGE_BYTES)) {
                offset += blocks.get(i).getSizeLong();
                i++;
                count++;
            }
            if (offset > start) {
                ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(offset - start,
                        Integer.MAX_VALUE));
                try {
                    blob.downloadStreamWithResponse(out, new BlobRange(start, offset - start), null, conditions,
                            false, deadline.remaining(), context);
                } catch (BlobStorageException e) {
                    if (e.getStatusCode() == 412) {
                        throw new Restart(lastDelivered, e);
                    }
                    throw e;
                }
                entries.clear();
                LineCodec.split(out.toString(StandardCharsets.UTF_8), entries);
                entries.forEach(action);
            }
            lastDelivered = blocks.get(i - 1).getName();
        }
    }
}
