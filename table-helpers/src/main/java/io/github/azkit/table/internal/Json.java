package io.github.azkit.table.internal;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.models.JsonElement;
import com.azure.json.models.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Small JSON documents (backup manifests and checkpoints) through {@code azure-json}, which the Azure SDK already
 * carries and which needs no Jackson. Stateless and thread-safe.
 */
public final class Json {

    private Json() {
    }

    /**
     * Parses a JSON object.
     *
     * @param text the JSON
     * @return the object
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    public static JsonObject parse(String text) {
        try (JsonReader reader = JsonProviders.createReader(text)) {
            JsonObject object = JsonObject.fromJson(reader);
            if (object == null) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return object;
        } catch (IOException | IllegalStateException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The JSON text of an object.
     *
     * @param object the object
     * @return its text
     */
    public static String write(JsonObject object) {
        try {
            return object.toJsonString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A string field.
     *
     * @param object the object
     * @param field the field
     * @return its value, or null if it is missing, null or not a string
     */
    public static @Nullable String text(JsonObject object, String field) {
        JsonElement v = object.getProperty(field);
        return v != null && v.isString() ? v.asString().getValue() : null;
    }

    /**
     * A number field as a long.
     *
     * @param object the object
     * @param field the field
     * @return its value, or null if it is missing or not an integral number
     */
    public static @Nullable Long integer(JsonObject object, String field) {
        JsonElement v = object.getProperty(field);
        if (v == null || !v.isNumber()) {
            return null;
        }
        Number n = v.asNumber().getValue();
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte ? n.longValue()
                : null;
    }

    /**
     * A string or null.
     *
     * @param value the value
     * @return a JSON string, or JSON null
     */
    public static JsonElement stringOrNull(@Nullable String value) {
        return value == null ? com.azure.json.models.JsonNull.getInstance()
                : new com.azure.json.models.JsonString(value);
    }
}
