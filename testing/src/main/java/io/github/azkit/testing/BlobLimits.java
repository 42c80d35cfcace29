package io.github.azkit.testing;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The blob and container limits of {@link AzureLimits}, checked on one request: lease durations and break periods,
 * metadata size, block and blob sizes, block ids, and the blocks of a Put Block List. Stateless; thread-safe.
 */
final class BlobLimits {

    static final String INVALID_HEADER_MESSAGE = "The value for one of the HTTP headers is not in the correct format.";
    static final String BLOCK_LIST_TOO_LONG_MESSAGE = "The block list may not contain more than 50,000 blocks.";
    static final String INVALID_BLOCK_LIST_MESSAGE = "The specified block list is invalid.";
    static final String INVALID_BLOCK_ID_MESSAGE =
            "The specified block ID is invalid. The block ID must be Base64-encoded.";
    static final String METADATA_TOO_LARGE_MESSAGE =
            "The size of the specified metadata exceeds the maximum size permitted.";

    private static final Pattern BLOCK = Pattern.compile("<(Latest|Committed|Uncommitted)>([^<]*)</\\1>");

    private BlobLimits() {
    }

    /** Checks what the headers and query of a blob or container request carry (no body needed). */
    static @Nullable Refusal checkHeaders(String verb, String query, HttpHeaders headers) {
        if (hasParameter(query, "comp", "lease")) {
            Refusal refusal = checkLease(headers);
            if (refusal != null) {
                return refusal;
            }
        }
        Refusal metadata = checkMetadata(headers);
        if (metadata != null) {
            return metadata;
        }
        if (!verb.equals("PUT")) {
            return null;
        }
        long length = contentLength(headers);
        if (hasParameter(query, "comp", "block")) {
            if (length > AzureLimits.MAX_BLOCK_BYTES) {
                return tooLarge("block", length, AzureLimits.MAX_BLOCK_BYTES);
            }
            String id = parameter(query, "blockid");
            if (id != null) {
                String why = blockIdProblem(id);
                if (why != null) {
                    return Refusal.of(400, AzureLimits.INVALID_BLOCK_ID, INVALID_BLOCK_ID_MESSAGE, why)
                            .withDetails(Map.of("QueryParameterName", "blockid", "QueryParameterValue", id));
                }
            }
        } else if (!query.contains("comp=") && !query.contains("restype=")
                && "BlockBlob".equalsIgnoreCase(headers.getValue("x-ms-blob-type"))
                && length > AzureLimits.MAX_PUT_BLOB_BYTES) {
            return tooLarge("Put Blob", length, AzureLimits.MAX_PUT_BLOB_BYTES);
        }
        return null;
    }

    /** Checks the body of a Put Block List: how many blocks it names, and their ids. */
    static @Nullable Refusal checkBlockList(byte[] body) {
        String xml = new String(body, StandardCharsets.UTF_8);
        Matcher block = BLOCK.matcher(xml);
        int count = 0;
        int idLength = -1;
        String firstId = null;
        Refusal invalid = null;
        while (block.find()) {
            count++;
            if (invalid != null) {
                continue;
            }
            String id = block.group(2).trim();
            String why = blockIdProblem(id);
            if (why != null) {
                invalid = Refusal.of(400, AzureLimits.INVALID_BLOCK_LIST, INVALID_BLOCK_LIST_MESSAGE, why);
                continue;
            }
            int length = Base64.getDecoder().decode(id).length;
            if (idLength < 0) {
                idLength = length;
                firstId = id;
            } else if (length != idLength) {
                invalid = Refusal.of(400, AzureLimits.INVALID_BLOCK_LIST, INVALID_BLOCK_LIST_MESSAGE,
                        "block id '" + id + "' is " + length + " bytes, but '" + firstId + "' is " + idLength
                                + ": all ids of a blob must have the same length");
            }
        }
        if (count > AzureLimits.MAX_COMMITTED_BLOCKS) {
            return Refusal.of(400, AzureLimits.BLOCK_LIST_TOO_LONG, BLOCK_LIST_TOO_LONG_MESSAGE,
                    "Put Block List names " + count + " blocks; the limit is " + AzureLimits.MAX_COMMITTED_BLOCKS);
        }
        return invalid;
    }

    private static @Nullable Refusal checkLease(HttpHeaders headers) {
        String action = headers.getValue("x-ms-lease-action");
        String duration = headers.getValue("x-ms-lease-duration");
        if (duration != null && "acquire".equalsIgnoreCase(action)) {
            Integer seconds = integer(duration);
            if (seconds == null || (seconds != -1
                    && (seconds < AzureLimits.MIN_LEASE.toSeconds() || seconds > AzureLimits.MAX_LEASE.toSeconds()))) {
                return invalidHeader("x-ms-lease-duration", duration, "a lease of " + duration
                        + " seconds; Azure takes 15 to 60, or -1 for infinite");
            }
        }
        String breakPeriod = headers.getValue("x-ms-lease-break-period");
        if (breakPeriod != null && "break".equalsIgnoreCase(action)) {
            Integer seconds = integer(breakPeriod);
            if (seconds == null || seconds < 0 || seconds > AzureLimits.MAX_LEASE_BREAK.toSeconds()) {
                return invalidHeader("x-ms-lease-break-period", breakPeriod, "a break period of " + breakPeriod
                        + " seconds; Azure takes 0 to 60");
            }
        }
        return null;
    }

    private static @Nullable Refusal checkMetadata(HttpHeaders headers) {
        long bytes = 0;
        for (HttpHeader header : headers) {
            String name = header.getName().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-ms-meta-")) {
                bytes += name.length() - "x-ms-meta-".length();
                bytes += header.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (bytes > AzureLimits.MAX_METADATA_BYTES) {
            return Refusal.of(400, AzureLimits.METADATA_TOO_LARGE, METADATA_TOO_LARGE_MESSAGE,
                    "metadata of " + bytes + " bytes (names and values); the limit is "
                            + AzureLimits.MAX_METADATA_BYTES);
        }
        return null;
    }

    /** Why a block id is not one Azure takes (not Base64, or over 64 bytes decoded), or null when it is fine. */
    static @Nullable String blockIdProblem(String id) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(id);
        } catch (IllegalArgumentException notBase64) {
            return "block id '" + id + "' is not Base64";
        }
        if (decoded.length > AzureLimits.MAX_BLOCK_ID_BYTES) {
            return "block id '" + id + "' is " + decoded.length + " bytes decoded; the limit is "
                    + AzureLimits.MAX_BLOCK_ID_BYTES;
        }
        return null;
    }

    private static Refusal invalidHeader(String name, String value, String why) {
        return Refusal.of(400, AzureLimits.INVALID_HEADER_VALUE, INVALID_HEADER_MESSAGE, why)
                .withDetails(Map.of("HeaderName", name, "HeaderValue", value));
    }

    private static Refusal tooLarge(String what, long length, long limit) {
        return Refusal.of(413, AzureLimits.REQUEST_BODY_TOO_LARGE, BatchLimits.BODY_TOO_LARGE_MESSAGE,
                what + " of " + length + " bytes; the limit is " + limit)
                .withDetails(Map.of("MaxLimit", Long.toString(limit)));
    }

    private static long contentLength(HttpHeaders headers) {
        String value = headers.getValue("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    private static @Nullable Integer integer(String value) {
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    static boolean hasParameter(String query, String name, String value) {
        String found = parameter(query, name);
        return found != null && found.equalsIgnoreCase(value);
    }

    /** A query parameter's value, percent-decoded; null when absent. */
    static @Nullable String parameter(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equalsIgnoreCase(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
