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
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.github.azkit.storage.BlockIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 * <p><b>Lost responses.</b> A commit can be applied by the service and still fail here: its response is lost and
 * the SDK's retry of it gets 412 (or 409 when it created the blob), or the failure is a transport error, a timeout
 * or a 5xx that outlasts the SDK's retries. This is the ambiguous case. After every such failure the appender reads
 * the committed block list once (the read a lost race spends anyway) and looks for this append's block ids, which
 * no other writer uses ({@link BlockIdSource}): if one is there, the commit was applied and the append succeeds
 * without committing again; if none is, it stages and commits again, conditional on the ETag it has just read, so
 * that a late application of the earlier request cannot be committed a second time (the second commit then fails
 * with 412 and the next read finds the ids). A commit is conditional on a list that does not hold the ids, so no
 * block is ever committed twice. After {@value #MAX_UNCERTAIN} transport-level failures in one append, the last is
 * thrown with the earlier ones suppressed; a failure of the Get Block List itself is thrown as it is.
 *
 * <p>An append that throws may or may not have been committed. The appender remembers its block ids and bytes: if
 * the next append through this instance carries exactly the same blocks (a caller's retry, as
 * {@link AsyncLogWriter} does), it reuses those ids and, when the earlier commit was applied, commits nothing. So a
 * retried append is written once; the flip side is that a deliberate repeat of exactly the same entries right after
 * a failure is taken as a retry.
 *
 * <p>The one case that cannot be told apart: if between this append's lost commit and its read of the list other
 * writers commit so many blocks that the cap ({@code maxBlocks}) trims all of this append's blocks off the head,
 * the read cannot find them and the append is committed again (the entries then appear twice, both copies past
 * the oldest entries kept). It needs {@code maxBlocks} blocks from others within one retry.
 *
 * <p>Thread-safe: appends through one instance are serialized.
 */
final class BlockAppender {

    private static final Logger LOGGER = LoggerFactory.getLogger(BlockAppender.class);
    /** The most commit attempts after losing races before giving up with the last 412. */
    static final int MAX_CONFLICTS = 1_000;
    /** The most 400 InvalidBlockList answers (staged blocks discarded by another commit) before giving up. */
    static final int MAX_INVALID_LISTS = 3;
    /** The most commits of one append that fail without a status saying they were refused (transport, 5xx). */
    static final int MAX_UNCERTAIN = 3;

    private final BlockBlobClient blob;
    private final int maxBlocks;
    private final byte @Nullable [] header;
    private final BlockIdSource ids = new BlockIdSource();
    private final BlobHttpHeaders httpHeaders;
    private final ReentrantLock lock = new ReentrantLock();

    private boolean loaded;
    private List<String> committed = List.of();
    private @Nullable String etag;
    /**
     * The ETag Get Block List gave for a blob without committed blocks, which {@link #load} does not use as
     * {@link #etag}: Azurite answers so for a blob that holds only staged blocks, and refuses {@code If-Match} on that
     * ETag forever. Used only if a create ({@code If-None-Match: *}) was refused and the list is still empty: an
     * empty blob that someone else committed.
     */
    private @Nullable String emptyBlobEtag;
    private long conflicts;
    private long appliedDespiteFailure;
    private boolean validated;
    /** The last append, if it threw: a retry with the same blocks reuses its ids. Written under the lock. */
    private volatile @Nullable InDoubt inDoubt;

    /** An append that threw and may have been committed. */
    private record InDoubt(List<String> ids, List<byte[]> blocks, boolean triedCreate) {
        boolean sameBlocks(List<byte[]> other) {
            if (other.size() != blocks.size()) {
                return false;
            }
            for (int i = 0; i < blocks.size(); i++) {
                if (!Arrays.equals(blocks.get(i), other.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    BlockAppender(BlockBlobClient blob, int maxBlocks, byte @Nullable [] header, String contentType) {
        this.blob = blob;
        this.maxBlocks = maxBlocks;
        this.header = header == null ? null : header.clone();
        this.httpHeaders = new BlobHttpHeaders().setContentType(contentType);
    }

    /**
     * Stages {@code blocks} and commits them after the existing ones, exactly once even when a commit's response
     * is lost (see the class comment for the one edge).
     *
     * @param deadline bounds the whole append, its re-reads and re-commits included; each SDK call gets what is left
     * @param context passed to every SDK call
     * @return {@code true} if this append created the blob
     */
    boolean append(List<byte[]> blocks, Deadline deadline, Context context) {
        if (blocks.isEmpty()) {
            return false;
        }
        lock.lock();
        List<String> added = null;
        boolean triedCreate = false;
        try {
            InDoubt last = inDoubt;
            InDoubt retry = last != null && last.sameBlocks(blocks) ? last : null;
            inDoubt = null;
            if (retry != null) {
                added = retry.ids();
                triedCreate = retry.triedCreate();
            } else {
                added = new ArrayList<>(blocks.size());
                for (int i = 0; i < blocks.size(); i++) {
                    added.add(ids.next());
                }
            }
            if (!loaded) {
                load(deadline, context);
            }
            if (retry != null && holdsAny(added)) {
                appliedDespiteFailure++;
                LOGGER.debug("The append to {} that failed before was committed after all; not committing it again",
                        blob.getBlobName());
                return triedCreate && createdWith(added);
            }
            stage(added, blocks, deadline, context);
            int invalidLists = 0;
            boolean createRefused = false;
            List<RuntimeException> uncertain = new ArrayList<>(0);
            for (int attempt = 1; ; attempt++) {
                boolean hasHeader = header != null && !committed.isEmpty()
                        && committed.get(0).equals(BlockIdSource.HEADER_ID);
                if (header != null && !hasHeader) {
                    blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(BlockIdSource.HEADER_ID,
                            BinaryData.fromBytes(header)), deadline.remaining(), context);
                }
                List<String> list = plan(committed, header != null, added, maxBlocks);
                if (attempt == 1 && !validated) {
                    BlockIds.validate(list); // the service's id rules, checked once per loaded list
                    validated = true;
                }
                boolean creating = etag == null;
                triedCreate |= creating;
                String emptyBlob = creating && createRefused ? emptyBlobEtag : null;
                BlobRequestConditions conditions = emptyBlob != null
                        ? new BlobRequestConditions().setIfMatch(emptyBlob)
                        : creating
                        ? new BlobRequestConditions().setIfNoneMatch("*")
                        : new BlobRequestConditions().setIfMatch(etag);
                String committedAgainst = etag;
                Duration timeout = deadline.remaining();
                try {
                    Response<BlockBlobItem> response = blob.commitBlockListWithResponse(
                            new BlockBlobCommitBlockListOptions(list).setHeaders(httpHeaders)
                                    .setRequestConditions(conditions), timeout, context);
                    committed = Collections.unmodifiableList(list);
                    etag = response.getValue().getETag();
                    return creating;
                } catch (RuntimeException e) {
                    BlobStorageException refused = e instanceof BlobStorageException bse && !mayHaveApplied(bse)
                            ? bse : null;
                    if (refused != null && !lostRace(refused)) {
                        throw e; // refused for good (403, 404 container, ...): nothing was applied
                    }
                    if (refused != null && isInvalidBlockList(refused)) {
                        invalidLists++;
                    }
                    createRefused = creating && refused != null && !isInvalidBlockList(refused);
                    if (refused == null) {
                        uncertain.add(e);
                    }
                    // A 412/409 may be our own request applied and retried by the SDK; a transport error or 5xx
                    // may have been applied too. The read a lost race needs anyway tells which.
                    LOGGER.debug("Commit to {} failed ({}), reading the block list to see whether it was applied",
                            blob.getBlobName(), refused != null ? "status " + refused.getStatusCode() : e.toString());
                    if (deadline.hasExpired()) {
                        RuntimeException expired = deadline.expired();
                        expired.addSuppressed(e);
                        throw expired; // the commit may have been applied: in doubt, as for any failure here
                    }
                    load(deadline, context);
                    if (holdsAny(added)) {
                        appliedDespiteFailure++;
                        LOGGER.debug("The commit to {} was applied although it failed here; not committing again",
                                blob.getBlobName());
                        return triedCreate && createdWith(added);
                    }
                    if (refused != null) {
                        if (attempt >= MAX_CONFLICTS || invalidLists > MAX_INVALID_LISTS) {
                            throw e;
                        }
                        conflicts++;
                    } else if (uncertain.size() >= MAX_UNCERTAIN) {
                        for (RuntimeException earlier : uncertain.subList(0, uncertain.size() - 1)) {
                            e.addSuppressed(earlier);
                        }
                        throw e;
                    }
                    if (refused != null || !Objects.equals(committedAgainst, etag)) {
                        stage(added, blocks, deadline, context); // another writer's commit discarded our staged blocks
                    }
                }
            }
        } catch (RuntimeException e) {
            loaded = false;
            if (added != null) {
                inDoubt = new InDoubt(added, blocks, triedCreate);
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a failed commit may have been applied: a transport failure or timeout (not a
     * {@link BlobStorageException}), or a 5xx/408 answer that outlasted the SDK's retries.
     */
    private static boolean mayHaveApplied(BlobStorageException e) {
        return e.getStatusCode() >= 500 || e.getStatusCode() == 408;
    }

    /** Whether the cached committed list holds any of {@code added} (ours are most likely at the end). */
    private boolean holdsAny(List<String> added) {
        Set<String> ours = new HashSet<>(added);
        for (int i = committed.size() - 1; i >= 0; i--) {
            if (ours.contains(committed.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the cached list starts (after the header) with our blocks, as when our commit created the blob. */
    private boolean createdWith(List<String> added) {
        int first = !committed.isEmpty() && committed.get(0).equals(BlockIdSource.HEADER_ID) ? 1 : 0;
        return committed.size() > first && added.contains(committed.get(first));
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

    private void stage(List<String> added, List<byte[]> blocks, Deadline deadline, Context context) {
        for (int i = 0; i < added.size(); i++) {
            blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(added.get(i),
                    BinaryData.fromBytes(blocks.get(i))), deadline.remaining(), context);
        }
    }

    /** Reads the committed block list and its ETag (one Get Block List). */
    private void load(Deadline deadline, Context context) {
        try {
            Response<BlockList> response = blob.listBlocksWithResponse(BlockListType.COMMITTED, (String) null,
                    deadline.remaining(), context);
            List<String> names = new ArrayList<>(response.getValue().getCommittedBlocks().size());
            for (Block block : response.getValue().getCommittedBlocks()) {
                names.add(block.getName());
            }
            committed = Collections.unmodifiableList(names);
            validated = false;
            String read = response.getHeaders().getValue(HttpHeaderName.ETAG);
            // The service returns an ETag only for a blob with committed blocks; Azurite returns one for a blob
            // holding only staged blocks too (ours, after a commit that failed unsent), and then refuses If-Match on
            // it forever. No committed block: create it (If-None-Match: *), as when the blob does not exist.
            etag = names.isEmpty() ? null : read;
            emptyBlobEtag = names.isEmpty() ? read : null;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404) {
                throw e;
            }
            committed = List.of();
            etag = null;
            emptyBlobEtag = null;
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

    /** Times a commit that failed here (or an append that threw) turned out to be applied. */
    long appliedDespiteFailure() {
        lock.lock();
        try {
            return appliedDespiteFailure;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the last append threw and may have been committed (a retry of it would reuse its ids). */
    boolean hasAppendInDoubt() {
        return inDoubt != null; // without the lock: called inside a map's compute while an append may run
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
