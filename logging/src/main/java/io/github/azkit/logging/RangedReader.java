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

/**
 * Reads a log blob's entries in order by ranges: one Get Block List, then one ranged GET per group of at most
 * {@link #MAX_BLOCKS_PER_RANGE} blocks or {@link #MAX_RANGE_BYTES} bytes, never one download of a huge blob (Azurite
 * opens one file per block and fails on ranges of many blocks). Every range is read with {@code If-Match} on the
 * ETag of the block list, so the entries come from one version of the blob; if a writer commits meanwhile, the
 * read starts again. Stateless and thread-safe.
 */
final class RangedReader {

    static final int MAX_BLOCKS_PER_RANGE = 200;
    static final long MAX_RANGE_BYTES = 8L * 1024 * 1024;
    private static final int MAX_RESTARTS = 20;

    private RangedReader() {
    }

    /** The entries of the blob, oldest first, without the header block; empty if the blob does not exist. */
    static List<String> readEntries(BlockBlobClient blob) {
        for (int attempt = 1; ; attempt++) {
            try {
                return readOnce(blob);
            } catch (BlobStorageException e) {
                if (e.getStatusCode() != 412 || attempt >= MAX_RESTARTS) {
                    throw e;
                }
            }
        }
    }

    private static List<String> readOnce(BlockBlobClient blob) {
        Response<BlockList> response;
        try {
            response = blob.listBlocksWithResponse(BlockListType.COMMITTED, (String) null, null, Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return List.of();
            }
            throw e;
        }
        String etag = response.getHeaders().getValue(HttpHeaderName.ETAG);
        List<Block> blocks = response.getValue().getCommittedBlocks();
        List<String> entries = new ArrayList<>();
        long offset = 0;
        int i = 0;
        if (!blocks.isEmpty() && blocks.get(0).getName().equals(BlockIdSource.HEADER_ID)) {
            offset = blocks.get(0).getSizeLong();
            i = 1;
        }
        BlobRequestConditions conditions = new BlobRequestConditions().setIfMatch(etag);
        while (i < blocks.size()) {
            long start = offset;
            int count = 0;
            while (i < blocks.size() && count < MAX_BLOCKS_PER_RANGE
                    && (count == 0 || offset - start + blocks.get(i).getSizeLong() <= MAX_RANGE_BYTES)) {
                offset += blocks.get(i).getSizeLong();
                i++;
                count++;
            }
            if (offset == start) {
                continue;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(offset - start, Integer.MAX_VALUE));
            blob.downloadStreamWithResponse(out, new BlobRange(start, offset - start), null, conditions, false, null,
                    Context.NONE);
            LineCodec.split(out.toString(StandardCharsets.UTF_8), entries);
        }
        return entries;
    }
}
