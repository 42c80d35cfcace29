package io.github.azkit.testing;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The table limits of {@link AzureLimits}, checked on one entity (its JSON body) or one entity URL, and the size
 * arithmetic of the data model page. Stateless; thread-safe.
 */
final class TableLimits {

    static final String PROPERTY_VALUE_TOO_LARGE_MESSAGE = "The property value exceeds the maximum allowed size (64KB)."
            + " If the property value is a string, it is UTF-16 encoded and the maximum number of characters should"
            + " be 32K or less.";
    static final String ENTITY_TOO_LARGE_MESSAGE = "The entity is larger than the maximum allowed size (1MB).";
    static final String TOO_MANY_PROPERTIES_MESSAGE = "The entity contains more properties than allowed. Each entity"
            + " can include up to 252 properties to store data. Each entity also has 3 system properties.";
    static final String PROPERTY_NAME_TOO_LONG_MESSAGE = "The property name exceeds the maximum allowed length (255).";
    static final String KEY_VALUE_TOO_LARGE_MESSAGE = "The key value exceeds the maximum allowed size (1KB).";
    static final String QUERY_SYNTAX_MESSAGE = "Bad Request - Error in query syntax.";

    private static final String PARTITION_KEY = "PartitionKey";
    private static final String ROW_KEY = "RowKey";
    private static final String TIMESTAMP = "Timestamp";
    private static final String TYPE_SUFFIX = "@odata.type";

    private TableLimits() {
    }

    /**
     * Checks an entity body (the JSON an insert, update, merge or upsert sends).
     *
     * @return the refusal, or null when Azure would accept it (or the body is not a JSON object: left to the service)
     */
    static @Nullable Refusal checkEntity(byte[] json) {
        Map<String, Object> entity = parse(json);
        return entity == null ? null : checkEntity(entity);
    }

    static @Nullable Refusal checkEntity(Map<String, Object> entity) {
        for (String key : new String[] {PARTITION_KEY, ROW_KEY}) {
            if (entity.get(key) instanceof String value) {
                Refusal refusal = checkKey(key, value, false);
                if (refusal != null) {
                    return refusal;
                }
            }
        }
        int custom = 0;
        for (String name : entity.keySet()) {
            if (isCustomProperty(name)) {
                custom++;
            }
        }
        if (custom > AzureLimits.MAX_CUSTOM_PROPERTIES) {
            return Refusal.of(400, AzureLimits.TOO_MANY_PROPERTIES, TOO_MANY_PROPERTIES_MESSAGE,
                    custom + " properties besides PartitionKey, RowKey and Timestamp; the limit is "
                            + AzureLimits.MAX_CUSTOM_PROPERTIES);
        }
        for (Map.Entry<String, Object> property : entity.entrySet()) {
            String name = property.getKey();
            if (!isCustomProperty(name)) {
                continue;
            }
            if (name.length() > AzureLimits.MAX_PROPERTY_NAME_CHARS) {
                return Refusal.of(400, AzureLimits.PROPERTY_NAME_TOO_LONG, PROPERTY_NAME_TOO_LONG_MESSAGE,
                        "property name of " + name.length() + " characters; the limit is "
                                + AzureLimits.MAX_PROPERTY_NAME_CHARS);
            }
            long bytes = valueBytes(property.getValue(), type(entity, name));
            if (bytes > AzureLimits.MAX_PROPERTY_VALUE_BYTES) {
                return Refusal.of(400, AzureLimits.PROPERTY_VALUE_TOO_LARGE, PROPERTY_VALUE_TOO_LARGE_MESSAGE,
                        "property '" + name + "' holds " + bytes + " bytes" + describeString(property.getValue())
                                + "; the limit is " + AzureLimits.MAX_PROPERTY_VALUE_BYTES);
            }
        }
        long size = entitySize(entity);
        if (size > AzureLimits.MAX_ENTITY_BYTES) {
            return Refusal.of(400, AzureLimits.ENTITY_TOO_LARGE, ENTITY_TOO_LARGE_MESSAGE,
                    "entity of " + size + " bytes as Azure counts them; the limit is " + AzureLimits.MAX_ENTITY_BYTES);
        }
        return null;
    }

    /**
     * Checks the keys named in an entity URL ({@code table(PartitionKey='p',RowKey='r')}, already percent-decoded):
     * a forbidden character there is a 400 {@code InvalidInput}.
     */
    static @Nullable Refusal checkUrlKeys(String decodedPath) {
        int open = decodedPath.indexOf("(PartitionKey='");
        if (open < 0) {
            return null;
        }
        String keys = decodedPath.substring(open + 1);
        for (String key : new String[] {PARTITION_KEY, ROW_KEY}) {
            String value = quotedValue(keys, key);
            if (value != null) {
                Refusal refusal = checkKey(key, value, true);
                if (refusal != null) {
                    return refusal;
                }
            }
        }
        return null;
    }

    /** The PartitionKey of an entity URL, or null when it names none. */
    static @Nullable String urlPartitionKey(String decodedPath) {
        int open = decodedPath.indexOf("(PartitionKey='");
        return open < 0 ? null : quotedValue(decodedPath.substring(open + 1), PARTITION_KEY);
    }

    /**
     * A key's refusal: a forbidden character (400 {@code OutOfRangeInput} in a body, 400 {@code InvalidInput} in a
     * URL), or a key over 1 KiB in both UTF-8 and UTF-16 (400 {@code KeyValueTooLarge}).
     */
    static @Nullable Refusal checkKey(String name, String value, boolean inUrl) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (AzureLimits.FORBIDDEN_KEY_CHARACTERS.indexOf(c) >= 0 || isControl(c)) {
                String why = name + " '" + printable(value) + "' holds the forbidden character "
                        + String.format(Locale.ROOT, "U+%04X", (int) c) + " at " + i;
                return inUrl
                        ? Refusal.of(400, AzureLimits.INVALID_INPUT, QUERY_SYNTAX_MESSAGE, why)
                        : Refusal.of(400, AzureLimits.OUT_OF_RANGE_INPUT,
                                "The '" + name + "' parameter of value '" + value + "' is out of range.", why);
            }
        }
        long utf16 = 2L * value.length();
        long utf8 = value.getBytes(StandardCharsets.UTF_8).length;
        if (Math.min(utf16, utf8) > AzureLimits.MAX_KEY_BYTES) {
            return Refusal.of(400, AzureLimits.KEY_VALUE_TOO_LARGE, KEY_VALUE_TOO_LARGE_MESSAGE,
                    name + " of " + value.length() + " characters (" + utf8 + " bytes in UTF-8, " + utf16
                            + " in UTF-16); the limit is " + AzureLimits.MAX_KEY_BYTES + " bytes");
        }
        return null;
    }

    /**
     * The entity's size as Azure counts it: {@code 4 + 2 * (len(PartitionKey) + len(RowKey))}, plus
     * {@code 8 + 2 * len(name) + valueBytes} for each other property (Timestamp and annotations excluded).
     */
    static long entitySize(Map<String, Object> entity) {
        long size = 4;
        for (String key : new String[] {PARTITION_KEY, ROW_KEY}) {
            if (entity.get(key) instanceof String value) {
                size += 2L * value.length();
            }
        }
        for (Map.Entry<String, Object> property : entity.entrySet()) {
            if (isCustomProperty(property.getKey())) {
                size += 8 + 2L * property.getKey().length()
                        + storedBytes(property.getValue(), type(entity, property.getKey()));
            }
        }
        return size;
    }

    /**
     * A value's size as Azure counts it: String {@code 4 + 2 * chars}, Binary {@code 4 + bytes}, Boolean 1, Int32 4,
     * Int64, Double and DateTime 8, Guid 16. The 64 KiB limit of a String or Binary value is on the value itself;
     * {@link #valueBytes} returns that, and {@link #entitySize} adds the 4-byte length prefix.
     */
    static long valueBytes(@Nullable Object value, @Nullable String type) {
        if (value == null) {
            return 0;
        }
        String edm = type != null ? type : implicitType(value);
        return switch (edm) {
            case "Edm.String" -> 2L * value.toString().length();
            case "Edm.Binary" -> binaryLength(value.toString());
            case "Edm.Boolean" -> 1;
            case "Edm.Int32" -> 4;
            case "Edm.Guid" -> 16;
            default -> 8; // Edm.Int64, Edm.Double, Edm.DateTime
        };
    }

    /** {@link #valueBytes} plus the 4-byte length a String or Binary value carries in the entity's size. */
    private static long storedBytes(@Nullable Object value, @Nullable String type) {
        String edm = value == null ? "" : type != null ? type : implicitType(value);
        long bytes = valueBytes(value, type);
        return edm.equals("Edm.String") || edm.equals("Edm.Binary") ? bytes + 4 : bytes;
    }

    private static String implicitType(Object value) {
        if (value instanceof String) {
            return "Edm.String";
        }
        if (value instanceof Boolean) {
            return "Edm.Boolean";
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return "Edm.Int32";
        }
        if (value instanceof Long l) {
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? "Edm.Int32" : "Edm.Int64";
        }
        if (value instanceof BigInteger) {
            return "Edm.Int64";
        }
        return "Edm.Double";
    }

    private static long binaryLength(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException notBase64) {
            return base64.length() / 4L * 3; // the service will refuse it for its own reasons
        }
    }

    static boolean isCustomProperty(String name) {
        return !name.startsWith("odata.") && !name.contains("@") && !name.equals(PARTITION_KEY)
                && !name.equals(ROW_KEY) && !name.equals(TIMESTAMP);
    }

    private static @Nullable String type(Map<String, Object> entity, String name) {
        Object type = entity.get(name + TYPE_SUFFIX);
        return type instanceof String s ? s : null;
    }

    private static boolean isControl(char c) {
        return c <= 0x1F || (c >= 0x7F && c <= 0x9F);
    }

    private static String describeString(@Nullable Object value) {
        return value instanceof String s ? " (" + s.length() + " characters, 2 bytes each)" : "";
    }

    private static String printable(String value) {
        String shown = value.length() > 60 ? value.substring(0, 60) + "..." : value;
        StringBuilder out = new StringBuilder();
        for (char c : shown.toCharArray()) {
            out.append(isControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /** The value of {@code name='...'} in an OData key list, with {@code ''} unescaped; null when absent. */
    private static @Nullable String quotedValue(String keys, String name) {
        int at = keys.indexOf(name + "='");
        if (at < 0) {
            return null;
        }
        StringBuilder value = new StringBuilder();
        for (int i = at + name.length() + 2; i < keys.length(); i++) {
            char c = keys.charAt(i);
            if (c == '\'') {
                if (i + 1 < keys.length() && keys.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i++;
                    continue;
                }
                return value.toString();
            }
            value.append(c);
        }
        return value.toString();
    }

    /** The JSON object of an entity body, or null when the body is not one. */
    @SuppressWarnings("unchecked")
    static @Nullable Map<String, Object> parse(byte[] json) {
        try (JsonReader reader = JsonProviders.createReader(json)) {
            reader.nextToken();
            Object value = reader.readUntyped();
            return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }
}
