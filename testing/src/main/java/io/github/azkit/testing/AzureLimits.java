package io.github.azkit.testing;

import java.time.Duration;

/**
 * Azure Storage's published limits that Azurite does not enforce, in one place, each with the answer Azure gives
 * when a request passes it and the page that says so. {@link AzureLimitsGuard} refuses requests by these numbers.
 *
 * <p>Sources, cited by short name below:
 * <ul>
 *   <li><b>data model</b>: "Understanding the Table service data model" (REST API reference, Table service):
 *       255 properties with the 3 system ones, property names up to 255 characters, keys up to 1 KiB without
 *       {@code / \ # ?} or control characters, String and Binary values up to 64 KiB (UTF-16 strings: 32K
 *       characters), entities up to 1 MiB.</li>
 *   <li><b>entity group transactions</b>: "Performing entity group transactions": one partition key, at most 100
 *       actions, at most 4 MiB of payload; errors come back as a 202 batch response whose change set answers
 *       400 with {@code "N:message"}, N the index of the failing action.</li>
 *   <li><b>table error codes</b>: "Table Storage error codes" ({@code PropertyValueTooLarge},
 *       {@code EntityTooLarge}, {@code TooManyProperties}, {@code PropertyNameTooLong}: 400; {@code InvalidInput}
 *       400 "The batch request operation exceeds the maximum 100 changes per change set.").</li>
 *   <li><b>blob error codes</b>: "Azure Blob Storage error codes" ({@code BlockListTooLong} 400,
 *       {@code BlockCountExceedsLimit} 409, {@code InvalidBlockList} 400, {@code InvalidBlockId} 400).</li>
 *   <li><b>common error codes</b>: "Common REST API error codes" ({@code InvalidHeaderValue} 400,
 *       {@code RequestBodyTooLarge} 413, {@code MetadataTooLarge} 400, {@code OutOfRangeInput} 400,
 *       {@code InvalidInput} 400).</li>
 *   <li><b>Put Block</b>, <b>Put Block List</b>, <b>Put Blob</b>, <b>Lease Blob</b>, <b>Lease Container</b>,
 *       <b>Set Blob Metadata</b>: the REST API reference page of each operation.</li>
 *   <li><b>scale targets</b>: "Scalability and performance targets for Blob storage" (block and blob sizes).</li>
 * </ul>
 *
 * <p>Where a page names no error code for a limit, the constant's Javadoc says which answer is used and where it
 * was seen. Not stateless, hence not checked: the 100,000 uncommitted blocks of a blob
 * ({@code BlockCountExceedsLimit} 409), which depends on the blocks staged by earlier requests.
 *
 * <p>Immutable constants; thread-safe.
 */
public final class AzureLimits {

    private AzureLimits() {
    }

    /**
     * Bytes in a String or Binary property value: 64 KiB (a string counts 2 bytes per UTF-16 character, so 32,768
     * characters). Over it: 400 {@value #PROPERTY_VALUE_TOO_LARGE}. Source: data model; table error codes.
     */
    public static final int MAX_PROPERTY_VALUE_BYTES = 64 * 1024;

    /** Error code for {@link #MAX_PROPERTY_VALUE_BYTES}, with status 400. */
    public static final String PROPERTY_VALUE_TOO_LARGE = "PropertyValueTooLarge";

    /**
     * Bytes in an entity, computed as the data model page and Azure's sizing formula count them:
     * {@code 4 + 2 * (len(PartitionKey) + len(RowKey))} plus, for each property, {@code 8 + 2 * len(name)} and the
     * value's size (String {@code 4 + 2 * chars}, Binary {@code 4 + bytes}, Boolean 1, Int32 4, Int64, Double and
     * DateTime 8, Guid 16). Over it: 400 {@value #ENTITY_TOO_LARGE}. Source: data model; table error codes.
     */
    public static final int MAX_ENTITY_BYTES = 1024 * 1024;

    /** Error code for {@link #MAX_ENTITY_BYTES}, with status 400. */
    public static final String ENTITY_TOO_LARGE = "EntityTooLarge";

    /**
     * Properties of an entity besides PartitionKey, RowKey and Timestamp: 252 (255 in all). Over it: 400
     * {@value #TOO_MANY_PROPERTIES}. Source: data model; table error codes.
     */
    public static final int MAX_CUSTOM_PROPERTIES = 252;

    /** Error code for {@link #MAX_CUSTOM_PROPERTIES}, with status 400. */
    public static final String TOO_MANY_PROPERTIES = "TooManyProperties";

    /** Characters in a property name: 255. Over it: 400 {@value #PROPERTY_NAME_TOO_LONG}. Source: data model. */
    public static final int MAX_PROPERTY_NAME_CHARS = 255;

    /** Error code for {@link #MAX_PROPERTY_NAME_CHARS}, with status 400. */
    public static final String PROPERTY_NAME_TOO_LONG = "PropertyNameTooLong";

    /**
     * Size of a PartitionKey or RowKey: 1 KiB. The page does not say in which encoding; the guard refuses a key only
     * when it is over 1 KiB both in UTF-8 and in UTF-16, so it never refuses a key Azure accepts. Over it: 400
     * {@value #KEY_VALUE_TOO_LARGE} (the code the SDK's {@code TableErrorCode} lists for it; no captured Azure
     * response was found to confirm it). Source: data model.
     */
    public static final int MAX_KEY_BYTES = 1024;

    /** Error code for {@link #MAX_KEY_BYTES}, with status 400. */
    public static final String KEY_VALUE_TOO_LARGE = "KeyValueTooLarge";

    /**
     * A PartitionKey or RowKey in an entity body with {@code /}, {@code \}, {@code #}, {@code ?} or a control
     * character (U+0000 to U+001F, U+007F to U+009F): 400 {@value #OUT_OF_RANGE_INPUT}, "The 'RowKey' parameter of
     * value '...' is out of range." A key with such a character in a request URL (an update, upsert or delete):
     * 400 {@value #INVALID_INPUT}, "Bad Request - Error in query syntax." Source: data model (the characters);
     * common error codes; the answers as Azure sends them, seen in SDK issue reports and in emulators checked
     * against Azure.
     */
    public static final String FORBIDDEN_KEY_CHARACTERS = "/\\#?";

    /** Error code for a forbidden character in a key in an entity body, with status 400. */
    public static final String OUT_OF_RANGE_INPUT = "OutOfRangeInput";

    /**
     * Error code, with status 400, for a batch over {@link #MAX_BATCH_ACTIONS} (message {@code "0:The batch request
     * operation exceeds the maximum 100 changes per change set."}) and for a forbidden character in a key in a
     * request URL.
     */
    public static final String INVALID_INPUT = "InvalidInput";

    /**
     * Actions in one entity group transaction: 100. Over it: a 202 batch response whose change set answers 400
     * {@value #INVALID_INPUT} at index 0 (the SDK throws {@code TableTransactionFailedException}). Source: entity
     * group transactions; table error codes; the index as Azure reports it, from Azurite's batch error notes
     * checked against the service.
     */
    public static final int MAX_BATCH_ACTIONS = 100;

    /**
     * A transaction whose actions name more than one PartitionKey: a 202 batch response whose change set answers
     * 400 {@value} at the index of the first action with another key, "N:All commands in a batch must operate on
     * same entity group." Source: entity group transactions; the message and index as Azure sends them, from an
     * emulator's tests checked against Azure.
     */
    public static final String COMMANDS_IN_BATCH_ACT_ON_DIFFERENT_PARTITIONS = "CommandsInBatchActOnDifferentPartitions";

    /**
     * Bytes in an entity group transaction's body: 4 MiB. Over it: 413 {@value #REQUEST_BODY_TOO_LARGE} for the
     * whole request ({@code TableServiceException}). Source: entity group transactions; common error codes.
     */
    public static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

    /** Error code, with status 413, for a batch, block or blob body over its limit. */
    public static final String REQUEST_BODY_TOO_LARGE = "RequestBodyTooLarge";

    /**
     * Blocks named in one Put Block List: 50,000 (a block blob has at most 50,000 committed blocks, and the list
     * names every block of the new blob). Over it: 400 {@value #BLOCK_LIST_TOO_LONG}, "The block list may not
     * contain more than 50,000 blocks." The error code table also lists 409 {@code BlockCountExceedsLimit} for
     * the committed count; the guard answers for the list, which is what the request carries. Source: Put Block
     * List; blob error codes.
     */
    public static final int MAX_COMMITTED_BLOCKS = 50_000;

    /** Error code for {@link #MAX_COMMITTED_BLOCKS}, with status 400. */
    public static final String BLOCK_LIST_TOO_LONG = "BlockListTooLong";

    /**
     * Uncommitted blocks of one blob: 100,000; over it 409 {@code BlockCountExceedsLimit}. Needs the history of the
     * blob, so the guard does not check it. Source: Put Block; blob error codes.
     */
    public static final int MAX_UNCOMMITTED_BLOCKS = 100_000;

    /**
     * Bytes in a block id before Base64 encoding: 64; all ids of a blob have the same length. A Put Block whose id
     * is longer or not Base64: 400 {@value #INVALID_BLOCK_ID}. A Put Block List with such an id or with ids of
     * different lengths: 400 {@value #INVALID_BLOCK_LIST}. Source: Put Block; Put Block List; blob error codes.
     */
    public static final int MAX_BLOCK_ID_BYTES = 64;

    /** Error code for a Put Block whose id breaks {@link #MAX_BLOCK_ID_BYTES}, with status 400. */
    public static final String INVALID_BLOCK_ID = "InvalidBlockId";

    /** Error code for a Put Block List whose ids break {@link #MAX_BLOCK_ID_BYTES}, with status 400. */
    public static final String INVALID_BLOCK_LIST = "InvalidBlockList";

    /**
     * Bytes in one block (Put Block): 4000 MiB. Over it: 413 {@value #REQUEST_BODY_TOO_LARGE}. Source: Put Block;
     * scale targets.
     */
    public static final long MAX_BLOCK_BYTES = 4000L * 1024 * 1024;

    /**
     * Bytes in one Put Blob: 5000 MiB. Over it: 413 {@value #REQUEST_BODY_TOO_LARGE}. Source: Put Blob; scale
     * targets.
     */
    public static final long MAX_PUT_BLOB_BYTES = 5000L * 1024 * 1024;

    /**
     * Shortest finite lease: 15 seconds (a lease is 15 to 60 seconds, or infinite: {@code x-ms-lease-duration: -1}).
     * Any other {@code x-ms-lease-duration}: 400 {@value #INVALID_HEADER_VALUE} naming the header and value. Source:
     * Lease Blob; Lease Container; common error codes.
     */
    public static final Duration MIN_LEASE = Duration.ofSeconds(15);

    /** Longest finite lease: 60 seconds. See {@link #MIN_LEASE}. */
    public static final Duration MAX_LEASE = Duration.ofSeconds(60);

    /**
     * Longest lease break period: 60 seconds ({@code x-ms-lease-break-period} 0 to 60). Otherwise: 400
     * {@value #INVALID_HEADER_VALUE}. Source: Lease Blob; Lease Container.
     */
    public static final Duration MAX_LEASE_BREAK = Duration.ofSeconds(60);

    /** Error code for a lease duration or break period out of range, with status 400. */
    public static final String INVALID_HEADER_VALUE = "InvalidHeaderValue";

    /**
     * Bytes of metadata on a blob or container: 8 KiB, names and values together. Over it: 400
     * {@value #METADATA_TOO_LARGE}. Source: Set Blob Metadata; Put Blob; common error codes.
     */
    public static final int MAX_METADATA_BYTES = 8 * 1024;

    /** Error code for {@link #MAX_METADATA_BYTES}, with status 400. */
    public static final String METADATA_TOO_LARGE = "MetadataTooLarge";
}
