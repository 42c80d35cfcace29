package io.github.azkit.storage;

/**
 * The Azure Storage service a request went to, as {@link TransactionCounter} tells them apart. Azure prices
 * transactions per service (and, for blobs, per access tier), so a cost estimate needs to know which one was called.
 *
 * <p>The service is read from the request's host name ({@code <account>.blob.core.windows.net},
 * {@code <account>.table.core.windows.net}, private endpoints and sovereign clouds alike); for an address that does
 * not name one (Azurite or another emulator at {@code 127.0.0.1:10000/<account>}, a custom domain), from the Azure
 * SDK client library named in the {@code User-Agent} header ({@code azsdk-java-azure-storage-blob/...},
 * {@code azsdk-java-azure-data-tables/...}); otherwise it is {@link #OTHER}.
 *
 * <p>Immutable; thread-safe.
 */
public enum StorageService {
    /** Blob Storage: host label {@code blob}, or the {@code azure-storage-blob} client library. */
    BLOB,
    /** Data Lake Storage: host label {@code dfs}, or the {@code azure-storage-file-datalake} client library. */
    DATA_LAKE,
    /** Azure Files: host label {@code file}, or the {@code azure-storage-file-share} client library. */
    FILE,
    /** Queue Storage: host label {@code queue}, or the {@code azure-storage-queue} client library. */
    QUEUE,
    /** Table Storage: host label {@code table}, or the {@code azure-data-tables} client library. */
    TABLE,
    /** A request whose host and {@code User-Agent} name none of the services above. */
    OTHER
}
