package io.github.azkit.examples.video;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** One person's browser for end-to-end tests: its own cookies, JSON in and out. */
final class Browser {

    record Reply(int status, JsonNode json) {
        String error() {
            return json.path("error").asText();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private String base;

    Browser(String base) {
        this.base = base;
    }

    /** Points the same browser (same cookies) at another instance of the service. */
    Browser at(String otherBase) {
        this.base = otherBase;
        return this;
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    Reply post(String path, Object body) {
        String json = body instanceof String text ? text : Json.write(body);
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    Reply put(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)));
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            JsonNode json = body.length == 0 ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(body);
            return new Reply(response.statusCode(), json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
