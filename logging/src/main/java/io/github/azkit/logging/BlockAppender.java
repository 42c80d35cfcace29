package io.github.azkit.logging;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.BlockList;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.github.azkit.storage.BlockIds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends blocks to one block blob and keeps it at most {@code maxBlocks} committed blocks, dropping the oldest
 * (never the header) in the same Put Block List that adds the new ones.
 *
 * <p>The committed block list is cached with its ETag, so an append costs one Put Block per new block and one
 * Put Block List, and no read. Every commit is conditional on the cached ETag ({@code If-None-Match: *} while the
 * blob does not exist); when another writer has committed in between, the commit fails with 412 (or 409), and this
 * appender reads the block list again, stages its blocks again (the other writer's commit discarded them) and
 * commits again, so no entry is lost and this writer's entries keep their order.
 *
 * <p>Thread-safe: appends through one instance are serialized.
 */
final class BlockAppender {

    private static final Logger LOGGER = LoggerFactory.getLogger(BlockAppender.class);
    /** The most commit attempts after losing races before giving up with the last 412. */
    static final int MAX_CONFLICTS = 1_000;
    /** The most 400 InvalidBlockList answers (staged blocks discarded by another commit) before giving up. */
    static final int MAX_INVALID_LISTS = 3;

    private final BlockBlobClient blob;
    private final int maxBlocks;
    private final byte @Nullable [] header;
    private final BlockIdSource ids = new BlockIdSource();
    private final BlobHttpHeaders httpHeaders;
    private final ReentrantLock lock = new ReentrantLock();

    private boolean loaded;
    private List<String> committed = List.of();
    private @Nullable String etag;
    private long conflicts;
    private boolean validated;

    BlockAppender(BlockBlobClient blob, int maxBlocks, byte @Nullable [] header, String contentType) {
        this.blob = blob;
        this.maxBlocks = maxBlocks;
        this.header = header == null ? null : header.clone();
        this.httpHeaders = new BlobHttpHeaders().setContentType(contentType);
    }

    /**
     * Stages {@code blocks} and commits them after the existing ones.
     *
     * @return {@code true} if this commit created the blob
     */
    boolean append(List<byte[]> blocks) {
        if (blocks.isEmpty()) {
            return false;
        }
        lock.lock();
        try {
            if (!loaded) {
                load();
            }
            List<String> added = new ArrayList<>(blocks.size());
            for (int i = 0; i < blocks.size(); i++) {
                added.add(ids.next());
            }
            stage(added, blocks);
            int invalidLists = 0;
            for (int attempt = 1; ; attempt++) {
                boolean hasHeader = header != null && !committed.isEmpty()
                        && committed.get(0).equals(BlockIdSource.HEADER_ID);
                if (header != null && !hasHeader) {
                    blob.stageBlock(BlockIdSource.HEADER_ID, BinaryData.fromBytes(header));
                }
                List<String> list = plan(committed, header != null, added, maxBlocks);
                if (attempt == 1 && !validated) {
                    BlockIds.validate(list); // the service's id rules, checked once per loaded list
                    validated = true;
                }
                boolean creating = etag == null;
                BlobRequestConditions conditions = creating
                        ? new BlobRequestConditions().setIfNoneMatch("*")
                        : new BlobRequestConditions().setIfMatch(etag);
                try {
                    Response<BlockBlobItem> response = blob.commitBlockListWithResponse(
                            new BlockBlobCommitBlockListOptions(list).setHeaders(httpHeaders)
                                    .setRequestConditions(conditions), null, Context.NONE);
                    committed = Collections.unmodifiableList(list);
                    etag = response.getValue().getETag();
                    return creating;
                } catch (BlobStorageException e) {
                    if (isInvalidBlockList(e)) {
                        invalidLists++;
                    }
                    if (!lostRace(e) || attempt >= MAX_CONFLICTS || invalidLists > MAX_INVALID_LISTS) {
                        loaded = false;
                        throw e;
                    }
                    conflicts++;
                    LOGGER.debug("Lost a commit race on {} (status {}), reading the block list again",
                            blob.getBlobName(), e.getStatusCode());
                    load();
                    stage(added, blocks);
                }
            }
        } catch (RuntimeException e) {
            loaded = false;
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private static boolean lostRace(BlobStorageException e) {
        int status = e.getStatusCode();
        // 412: the ETag changed; 409: the blob was created by someone else; 400 InvalidBlockList: our staged
        // blocks were discarded by another writer's commit.
        return status == 412 || status == 409 || isInvalidBlockList(e);
    }

    private static boolean isInvalidBlockList(BlobStorageException e) {
        return e.getStatusCode() == 400 && e.getErrorCode() != null
                && "InvalidBlockList".equals(e.getErrorCode().toString());
    }

    private void stage(List<String> added, List<byte[]> blocks) {
        for (int i = 0; i < added.size(); i++) {
            blob.stageBlock(added.get(i), BinaryData.fromBytes(blocks.get(i)));
        }
    }

    /** Reads the committed block list and its ETag (one Get Block List). */
    private void load() {
        try {
            Response<BlockList> response = blob.listBlocksWithResponse(BlockListType.COMMITTED, (String) null, null,
                    Context.NONE);
            List<String> names = new ArrayList<>(response.getValue().getCommittedBlocks().size());
            for (Block block : response.getValue().getCommittedBlocks()) {
                names.add(block.getName());
            }
            committed = Collections.unmodifiableList(names);
            validated = false;
            etag = response.getHeaders().getValue(HttpHeaderName.ETAG);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404) {
                throw e;
            }
            committed = List.of();
            etag = null;
        }
        loaded = true;
    }

    /**
     * The block list to commit: the header (if any), then the newest of the existing data blocks and the added
     * blocks, at most {@code maxBlocks} in all.
     */
    static List<String> plan(List<String> committed, boolean withHeader, List<String> added, int maxBlocks) {
        int skip = !committed.isEmpty() && committed.get(0).equals(BlockIdSource.HEADER_ID) ? 1 : 0;
        int room = maxBlocks - (withHeader ? 1 : 0);
        int total = committed.size() - skip + added.size();
        int drop = Math.max(0, total - room);
        List<String> list = new ArrayList<>(Math.min(total, room) + 1);
        if (withHeader) {
            list.add(BlockIdSource.HEADER_ID);
        }
        for (int i = skip + drop; i < committed.size(); i++) {
            list.add(committed.get(i));
        }
        int fromAdded = Math.max(0, drop - (committed.size() - skip));
        list.addAll(added.subList(fromAdded, added.size()));
        return list;
    }

    /** Times this appender lost a commit race and committed again. */
    long conflicts() {
        lock.lock();
        try {
            return conflicts;
        } finally {
            lock.unlock();
        }
    }
}
