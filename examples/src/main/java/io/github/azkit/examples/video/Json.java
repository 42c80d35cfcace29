package io.github.azkit.examples.video;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** The service's one JSON mapper. Thread-safe. */
public final class Json {

    /** The mapper: unknown properties are ignored so older instances read what newer ones write. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private Json() {
    }

    /**
     * Writes a value as JSON text.
     *
     * @param value the value
     * @return its JSON
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    /**
     * Reads JSON bytes as a value.
     *
     * @param json the bytes
     * @param type the value's class
     * @param <T> the value type
     * @return the value
     * @throws IllegalArgumentException if the bytes are not JSON of that shape
     */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName(), e);
        }
    }

    /**
     * Reads a JSON array of strings, as stored in a table property; null or empty reads as an empty list.
     *
     * @param json the property value
     * @return the list
     */
    public static List<String> strings(Object json) {
        if (json == null || json.toString().isEmpty()) {
            return List.of();
        }
        try {
            return List.copyOf(MAPPER.readValue(json.toString(), STRINGS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored list is not a JSON array of strings: " + json, e);
        }
    }
}
