package io.github.azkit.testing;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.util.BinaryData;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies a blob or table request into its {@link Operation} kinds (the table in {@link Operation}'s Javadoc),
 * and tells what it names. Stateless; thread-safe.
 */
final class RequestKinds {

    private RequestKinds() {
    }

    static Set<Operation> classify(HttpMethod method, URL url, HttpHeaders headers) {
        String query = url.getQuery() == null ? "" : url.getQuery().toLowerCase(Locale.ROOT);
        String path = decodedPath(url);
        String last = path.substring(path.lastIndexOf('/') + 1);
        String verb = method.name();
        EnumSet<Operation> kinds = EnumSet.noneOf(Operation.class);
        if (hasParameter(query, "comp", "lease")) {
            kinds.add(Operation.LEASE);
            return kinds;
        }
        if (last.equals("$batch") || hasParameter(query, "comp", "batch")) {
            kinds.add(Operation.WRITE);
            kinds.add(Operation.BATCH);
            return kinds;
        }
        switch (verb) {
            case "GET", "HEAD" -> kinds.add(isListing(last, query) ? Operation.LIST : Operation.READ);
            case "DELETE" -> {
                kinds.add(Operation.DELETE);
                kinds.add(Operation.WRITE);
                if (hasPrecondition(headers)) {
                    kinds.add(Operation.CONDITIONAL_WRITE);
                }
            }
            case "PUT", "POST", "PATCH" -> {
                kinds.add(Operation.WRITE);
                if (hasPrecondition(headers) || isCreateOnly(verb, last, query, headers)) {
                    kinds.add(Operation.CONDITIONAL_WRITE);
                }
                if (verb.equals("PUT") && hasParameter(query, "comp", "blocklist")) {
                    kinds.add(Operation.BLOCK_COMMIT);
                }
            }
            default -> {
                // OPTIONS and the like: no kind; only rules without on() match.
            }
        }
        return kinds;
    }

    /** Whether the request is for the table service: tables answer errors in JSON, blobs in XML. */
    static boolean isTable(URL url, HttpHeaders headers) {
        String accept = headers.getValue("Accept");
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains("json")) {
            return true;
        }
        if (headers.getValue("DataServiceVersion") != null) {
            return true;
        }
        String path = decodedPath(url);
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.equals("$batch") || last.equals("Tables") || last.contains("(");
    }

    /**
     * Whether the request names {@code name}: its URL path (see {@link FaultRule#named(String)}), or for a batch,
     * whose URL names no table, the URL of one of its sub-requests in the body. The body of a batch is replayable
     * by the time it reaches a {@code PER_RETRY} policy (the retry policy makes it so), so reading it here is safe;
     * a body that is not replayable is not read.
     */
    static boolean names(HttpRequest request, String name) {
        if (names(request.getUrl(), name)) {
            return true;
        }
        String query = request.getUrl().getQuery() == null ? "" : request.getUrl().getQuery();
        if (!decodedPath(request.getUrl()).endsWith("/$batch") && !hasParameter(query, "comp", "batch")) {
            return false;
        }
        BinaryData body = request.getBodyAsBinaryData();
        if (body == null || !body.isReplayable()) {
            return false;
        }
        String text = body.toString();
        for (String end : new String[] {"(", " ", "/", "?"}) {
            if (text.contains("/" + name + end)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the URL path names {@code name}: see {@link FaultRule#named(String)}. */
    static boolean names(URL url, String name) {
        String path = decodedPath(url);
        if (path.endsWith("/" + name)) {
            return true; // also a blob name with slashes
        }
        for (String segment : segments(path)) {
            if (segment.equals(name)) {
                return true;
            }
            int paren = segment.indexOf('(');
            if (paren > 0) {
                String table = segment.substring(0, paren);
                if (table.equals(name)) {
                    return true;
                }
                if (table.equals("Tables") && segment.equals("Tables('" + name + "')")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isListing(String last, String query) {
        if (hasParameter(query, "comp", "list")) {
            return true; // containers, blobs
        }
        // Tables: "Tables" lists tables; "name()" queries entities; "name(PartitionKey='p',RowKey='r')" is a read.
        return last.equals("Tables") || last.equals("Tables()") || last.endsWith("()");
    }

    /** An ETag precondition ({@code If-Match} other than {@code *}) or any {@code If-None-Match}. */
    private static boolean hasPrecondition(HttpHeaders headers) {
        String ifMatch = headers.getValue("If-Match");
        if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*")) {
            return true;
        }
        String ifNoneMatch = headers.getValue("If-None-Match");
        return ifNoneMatch != null && !ifNoneMatch.isBlank();
    }

    /** A table insert or table create ({@code POST}), or a container create: a retry after success is a 409. */
    private static boolean isCreateOnly(String verb, String last, String query, HttpHeaders headers) {
        if (verb.equals("POST") && isTableResource(last, headers)) {
            return true;
        }
        return verb.equals("PUT") && hasParameter(query, "restype", "container") && !query.contains("comp=");
    }

    private static boolean isTableResource(String last, HttpHeaders headers) {
        if (last.equals("Tables")) {
            return true;
        }
        String accept = headers.getValue("Accept");
        return (accept != null && accept.toLowerCase(Locale.ROOT).contains("json"))
                || headers.getValue("DataServiceVersion") != null;
    }

    private static boolean hasParameter(String query, String name, String value) {
        for (String pair : query.split("&")) {
            if (pair.equals(name + "=" + value)) {
                return true;
            }
        }
        return false;
    }

    static String decodedPath(URL url) {
        String raw = rawPath(url);
        try {
            String path = URI.create("http://h" + raw).getPath();
            return path == null ? "" : path;
        } catch (IllegalArgumentException notAUri) {
            return raw;
        }
    }

    private static String rawPath(URL url) {
        String path = url.getPath();
        return path == null ? "" : path;
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }
}
