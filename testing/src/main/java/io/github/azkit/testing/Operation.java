package io.github.azkit.testing;

/**
 * The kinds of storage request a {@link FaultRule} can target; see {@link FaultRule#on(Operation)}.
 *
 * <p>One request has a <em>set</em> of kinds: a Put Block List with {@code If-Match} is a {@link #WRITE}, a
 * {@link #CONDITIONAL_WRITE} and a {@link #BLOCK_COMMIT} at once. How each request is classified:
 *
 * <table>
 * <caption>Classification</caption>
 * <tr><th>Request</th><th>Kinds</th></tr>
 * <tr><td>{@code GET} / {@code HEAD} of a blob, container properties, a table entity
 *     {@code name(PartitionKey='a',RowKey='b')}</td><td>{@link #READ}</td></tr>
 * <tr><td>{@code GET ?comp=list}, {@code GET /Tables}, an entity query {@code GET /name()}</td>
 *     <td>{@link #LIST}</td></tr>
 * <tr><td>{@code PUT} / {@code POST} / {@code PATCH} (Put Blob, Put Block, metadata, upserts; the table client sends
 *     a merge as {@code PATCH})</td>
 *     <td>{@link #WRITE}</td></tr>
 * <tr><td>a write with {@code If-Match: <etag>} or any {@code If-None-Match}; a table insert
 *     ({@code POST /name} or {@code POST /Tables}); container create ({@code PUT ?restype=container})</td>
 *     <td>{@link #WRITE}, {@link #CONDITIONAL_WRITE}</td></tr>
 * <tr><td>{@code PUT ?comp=blocklist}</td><td>{@link #WRITE}, {@link #BLOCK_COMMIT} (and
 *     {@link #CONDITIONAL_WRITE} with a precondition)</td></tr>
 * <tr><td>{@code POST /$batch} (tables), {@code POST ?comp=batch} (blobs)</td>
 *     <td>{@link #WRITE}, {@link #BATCH}</td></tr>
 * <tr><td>{@code PUT ?comp=lease} (any lease action, blob or container)</td><td>{@link #LEASE} only</td></tr>
 * <tr><td>{@code DELETE}</td><td>{@link #DELETE}, {@link #WRITE} (and {@link #CONDITIONAL_WRITE} with
 *     {@code If-Match: <etag>})</td></tr>
 * </table>
 *
 * <p>{@link #CONDITIONAL_WRITE} means "a write whose retry, after a first attempt that was applied, is refused":
 * an ETag precondition (HTTP 412 on the retry) or a create-only request (HTTP 409). {@code If-Match: *} does not
 * count: an update with {@code *} replays harmlessly, and a delete with {@code *} (what the table client sends for
 * an unconditional delete) is targeted with {@link #DELETE}. A lease action is only a {@link #LEASE}, not a
 * {@link #WRITE}: it changes no data, and rules on writes should not take lease renewals with them.
 *
 * <p>Immutable; thread-safe.
 */
public enum Operation {
    /** Reads one blob, entity or set of properties. */
    READ,
    /** Changes data: any {@code PUT}, {@code POST}, {@code PATCH} or {@code DELETE}, except leases. */
    WRITE,
    /** A write with a precondition that an applied first attempt invalidates (ETag or create-only). */
    CONDITIONAL_WRITE,
    /** Put Block List: commits staged blocks. */
    BLOCK_COMMIT,
    /** A table entity-group transaction or a blob batch. */
    BATCH,
    /** Any lease action on a blob or container. */
    LEASE,
    /** Lists containers, blobs or tables, or queries entities. */
    LIST,
    /** Deletes a blob, container, entity or table. */
    DELETE
}
