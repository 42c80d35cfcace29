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
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A synthetic response, built in memory: the error responses of {@link FaultRule#status(int)}, shaped as Azure
 * Storage sends them. Immutable; thread-safe.
 */
final class InjectedResponse extends HttpResponse {

    private static final HttpHeaderName ERROR_CODE = HttpHeaderName.fromString("x-ms-error-code");
    private static final HttpHeaderName VERSION = HttpHeaderName.fromString("x-ms-version");

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
        String requestId = UUID.randomUUID().toString();
        String time = DateTimeFormatter.ISO_INSTANT.format(ZonedDateTime.now(ZoneOffset.UTC));
        String message = switch (status) {
            case 503 -> "The server is busy.";
            case 500 -> "The server encountered an internal error. Please retry the request.";
            default -> "The request rate is too large. Please retry the request later.";
        } + "\nRequestId:" + requestId + "\nTime:" + time;
        boolean table = RequestKinds.isTable(request.getUrl(), request.getHeaders());
        HttpHeaders headers = new HttpHeaders()
                .set(HttpHeaderName.X_MS_REQUEST_ID, requestId)
                .set(ERROR_CODE, code)
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
        if (status == 429) {
            headers.set(HttpHeaderName.RETRY_AFTER, "1");
        }
        byte[] body;
        if (request.getHttpMethod() == HttpMethod.HEAD) {
            body = new byte[0];
        } else if (table) {
            headers.set(HttpHeaderName.CONTENT_TYPE, "application/json;odata=minimalmetadata;streaming=true;"
                    + "charset=utf-8");
            body = ("{\"odata.error\":{\"code\":\"" + code + "\",\"message\":{\"lang\":\"en-US\",\"value\":\""
                    + message.replace("\n", "\\n") + "\"}}}").getBytes(StandardCharsets.UTF_8);
        } else {
            headers.set(HttpHeaderName.CONTENT_TYPE, "application/xml");
            body = ("\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>"
                    + message + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        }
        headers.set(HttpHeaderName.CONTENT_LENGTH, Integer.toString(body.length));
        return new InjectedResponse(request, status, headers, body);
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
