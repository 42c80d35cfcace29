package io.github.azkit.testing;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A synthetic response, built in memory: the error responses of {@link FaultRule#status(int)} and the refusals of
 * {@link AzureLimitsGuard}, shaped as Azure Storage sends them. Immutable; thread-safe.
 */
final class InjectedResponse extends HttpResponse {

    private static final HttpHeaderName ERROR_CODE = HttpHeaderName.fromString("x-ms-error-code");
    private static final HttpHeaderName VERSION = HttpHeaderName.fromString("x-ms-version");
    private static final String TABLE_JSON =
            "application/json;odata=minimalmetadata;streaming=true;charset=utf-8";

    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;

    InjectedResponse(HttpRequest request, int status, HttpHeaders headers, byte[] body) {
        super(request);
        this.status = status;
        this.headers = headers;
        this.body = body.clone();
    }

    /**
     * The error response Azure Storage sends with {@code status}: for blobs an XML {@code <Error>} body and
     * {@code x-ms-error-code}; for tables a JSON {@code odata.error} body; {@code Retry-After: 1} on 429.
     */
    static InjectedResponse error(HttpRequest request, int status) {
        String code = switch (status) {
            case 503 -> "ServerBusy";
            case 500 -> "InternalError";
            case 429 -> "TooManyRequests";
            default -> throw new IllegalArgumentException("no injected error for status " + status);
        };
        String message = switch (status) {
            case 503 -> "The server is busy.";
            case 500 -> "The server encountered an internal error. Please retry the request.";
            default -> "The request rate is too large. Please retry the request later.";
        };
        return error(request, status, code, message, Map.of());
    }

    /**
     * The error response Azure Storage sends for a refused request: for blobs an XML {@code <Error>} body with the
     * refusal's extra elements ({@code HeaderName}...) and {@code x-ms-error-code}; for tables a JSON
     * {@code odata.error} body; or, for an action of a table batch, a 202 batch response whose change set answers
     * the error with the message {@code "N:..."}, N the action's index.
     */
    static InjectedResponse refusal(HttpRequest request, Refusal refusal) {
        if (refusal.batchIndex() >= 0) {
            return batchError(request, refusal);
        }
        return error(request, refusal.status(), refusal.code(), refusal.message(), refusal.details());
    }

    private static InjectedResponse error(HttpRequest request, int status, String code, String text,
            Map<String, String> details) {
        String requestId = UUID.randomUUID().toString();
        String message = text + "\nRequestId:" + requestId + "\nTime:" + now();
        boolean table = RequestKinds.isTable(request.getUrl(), request.getHeaders());
        HttpHeaders headers = headers(request, requestId, table).set(ERROR_CODE, code);
        if (status == 429) {
            headers.set(HttpHeaderName.RETRY_AFTER, "1");
        }
        byte[] body;
        if (request.getHttpMethod() == HttpMethod.HEAD) {
            body = new byte[0];
        } else if (table) {
            headers.set(HttpHeaderName.CONTENT_TYPE, TABLE_JSON);
            body = tableError(code, message).getBytes(StandardCharsets.UTF_8);
        } else {
            headers.set(HttpHeaderName.CONTENT_TYPE, "application/xml");
            StringBuilder xml = new StringBuilder("\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>")
                    .append(code).append("</Code><Message>").append(escapeXml(message)).append("</Message>");
            details.forEach((name, value) -> xml.append('<').append(name).append('>').append(escapeXml(value))
                    .append("</").append(name).append('>'));
            body = xml.append("</Error>").toString().getBytes(StandardCharsets.UTF_8);
        }
        headers.set(HttpHeaderName.CONTENT_LENGTH, Integer.toString(body.length));
        return new InjectedResponse(request, status, headers, body);
    }

    /** A 202 batch response with one change set response: the failing action's error, as Azure sends it. */
    private static InjectedResponse batchError(HttpRequest request, Refusal refusal) {
        String requestId = UUID.randomUUID().toString();
        String batch = "batchresponse_" + UUID.randomUUID();
        String changeset = "changesetresponse_" + UUID.randomUUID();
        String message = refusal.batchIndex() + ":" + refusal.message() + "\nRequestId:" + requestId + "\nTime:"
                + now();
        String text = "--" + batch + "\r\n"
                + "Content-Type: multipart/mixed; boundary=" + changeset + "\r\n\r\n"
                + "--" + changeset + "\r\n"
                + "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "HTTP/1.1 " + refusal.status() + " " + reason(refusal.status()) + "\r\n"
                + "X-Content-Type-Options: nosniff\r\n"
                + "DataServiceVersion: 3.0;\r\n"
                + "Content-Type: " + TABLE_JSON + "\r\n\r\n"
                + tableError(refusal.code(), message) + "\r\n"
                + "--" + changeset + "--\r\n"
                + "--" + batch + "--\r\n";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        HttpHeaders headers = headers(request, requestId, true)
                .set(HttpHeaderName.CONTENT_TYPE, "multipart/mixed; boundary=" + batch)
                .set(HttpHeaderName.CONTENT_LENGTH, Integer.toString(body.length));
        return new InjectedResponse(request, 202, headers, body);
    }

    private static HttpHeaders headers(HttpRequest request, String requestId, boolean table) {
        HttpHeaders headers = new HttpHeaders()
                .set(HttpHeaderName.X_MS_REQUEST_ID, requestId)
                .set(HttpHeaderName.DATE, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        ZonedDateTime.now(ZoneOffset.UTC)))
                .set(HttpHeaderName.SERVER, (table ? "Windows-Azure-Table/1.0" : "Windows-Azure-Blob/1.0")
                        + " Microsoft-HTTPAPI/2.0");
        String version = request.getHeaders().getValue(VERSION);
        if (version != null) {
            headers.set(VERSION, version);
        }
        String clientRequestId = request.getHeaders().getValue(HttpHeaderName.X_MS_CLIENT_REQUEST_ID);
        if (clientRequestId != null) {
            headers.set(HttpHeaderName.X_MS_CLIENT_REQUEST_ID, clientRequestId);
        }
        return headers;
    }

    private static String tableError(String code, String message) {
        return "{\"odata.error\":{\"code\":\"" + code + "\",\"message\":{\"lang\":\"en-US\",\"value\":\""
                + escapeJson(message) + "\"}}}";
    }

    private static String escapeJson(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(ZonedDateTime.now(ZoneOffset.UTC));
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Request Entity Too Large";
            default -> "Error";
        };
    }

    @Override
    public int getStatusCode() {
        return status;
    }

    @Override
    @Deprecated
    public String getHeaderValue(String name) {
        return headers.getValue(HttpHeaderName.fromString(name));
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }

    @Override
    public Flux<ByteBuffer> getBody() {
        return Flux.defer(() -> Flux.just(ByteBuffer.wrap(body).asReadOnlyBuffer()));
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
        return Mono.fromSupplier(body::clone);
    }

    @Override
    public Mono<String> getBodyAsString() {
        return getBodyAsString(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<String> getBodyAsString(Charset charset) {
        return Mono.fromSupplier(() -> new String(body, charset));
    }

    @Override
    public BinaryData getBodyAsBinaryData() {
        return BinaryData.fromBytes(body);
    }
}
