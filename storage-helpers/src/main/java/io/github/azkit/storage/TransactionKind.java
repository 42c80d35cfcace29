package io.github.azkit.storage;

/**
 * The kinds of storage transaction {@link TransactionCounter} tells apart. Azure bills most of them per 10,000
 * (write, list and batch operations at the "write"/"list" rate; read and other operations at the "read" rate; see
 * the Azure Storage pricing page); a table batch is billed as one transaction whatever its size.
 *
 * <p>Immutable; thread-safe.
 */
public enum TransactionKind {
    /**
     * A GET or HEAD of one blob, its properties, its block list, or one table entity (by its address, or by a query
     * whose filter is {@code PartitionKey eq ... and RowKey eq ...}).
     */
    READ,
    /** A PUT, POST, PATCH or MERGE that writes: upload, Put Block, Put Block List, insert, update, create. */
    WRITE,
    /** A listing: containers, blobs, tables, or a table query that may return many entities. */
    LIST,
    /** A lease operation on a blob or container: acquire, renew, change, release, break. */
    LEASE,
    /** A table entity-group transaction ({@code $batch}) or a blob batch. */
    BATCH,
    /** A DELETE of a blob, container, table or entity. */
    DELETE,
    /** Anything else (for example an OPTIONS request). */
    OTHER
}
