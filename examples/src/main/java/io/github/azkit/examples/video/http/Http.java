package io.github.azkit.examples.video.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.azkit.examples.video.Json;
import io.github.azkit.examples.video.ServiceException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading JSON request bodies and writing JSON errors, for every route class. Stateless; thread-safe. */
final class Http {

    private Http() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            // A cross-site form can post text/plain without a preflight; only JSON is accepted, so it cannot.
            throw new ServiceException(415, "The request body must be JSON, sent with Content-Type:"
                    + " application/json.");
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw new ServiceException(400, "The request needs a JSON object body.");
        }
        try {
            Object value = Json.MAPPER.readValue(bytes, Object.class);
            if (!(value instanceof Map)) {
                throw new ServiceException(400, "The request body must be a JSON object.");
            }
            return (Map<String, Object>) value;
        } catch (JsonProcessingException e) {
            throw new ServiceException(400, "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ServiceException(400, "The request body could not be read.");
        }
    }

    static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (!(value instanceof String text)) {
            throw new ServiceException(400, "'" + field + "' is required and must be a string.");
        }
        return text;
    }

    static int integer(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (!(value instanceof Integer number)) {
            throw new ServiceException(400, "'" + field + "' is required and must be a whole number.");
        }
        return number;
    }

    static void error(Context ctx, int status, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", message);
        ctx.status(status).json(error);
    }

    /** A missing API resource gets a JSON error; a missing page gets a page that says so, with a way back. */
    static void notFound(Context ctx) {
        if (ctx.path().startsWith("/api/")) {
            error(ctx, 404, "There is no such resource: " + ctx.path());
        } else {
            ctx.status(404).html("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found"
                    + "</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><main><h1>There is no such"
                    + " page</h1><p>Go to <a href=\"/dashboard.html\">your dashboard</a> or <a href=\"/\">sign in</a>."
                    + "</p></main></body></html>");
        }
    }
}
