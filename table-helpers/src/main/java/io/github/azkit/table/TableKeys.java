package io.github.azkit.table;

import com.azure.data.tables.models.TableEntity;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Validates PartitionKey and RowKey values client-side, before the service (or Azurite, which is laxer) sees
 * them: at most {@value #MAX_KEY_BYTES} bytes in UTF-8, and none of {@code / \ # ?} or control characters
 * (U+0000 to U+001F and U+007F to U+009F). The error names the key and shows the value.
 *
 * <p>Stateless and thread-safe.
 */
public final class TableKeys {

    /** The largest key, in UTF-8 bytes (1 KiB). */
    public static final int MAX_KEY_BYTES = 1024;

    private TableKeys() {
    }

    /**
     * Checks a PartitionKey value.
     *
     * @param partitionKey the value
     * @return the value
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is too long or has a forbidden character
     */
    public static String checkPartitionKey(String partitionKey) {
        return check("PartitionKey", partitionKey);
    }

    /**
     * Checks a RowKey value.
     *
     * @param rowKey the value
     * @return the value
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is too long or has a forbidden character
     */
    public static String checkRowKey(String rowKey) {
        return check("RowKey", rowKey);
    }

    /**
     * Checks both keys of an entity.
     *
     * @param entity the entity
     * @return the entity
     * @throws NullPointerException if the entity or a key is null
     * @throws IllegalArgumentException if a key is too long or has a forbidden character
     */
    public static TableEntity checkKeys(TableEntity entity) {
        Objects.requireNonNull(entity, "entity");
        checkPartitionKey(entity.getPartitionKey());
        checkRowKey(entity.getRowKey());
        return entity;
    }

    private static String check(String name, String value) {
        Objects.requireNonNull(value, name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\' || c == '#' || c == '?' || Character.isISOControl(c)) {
                throw new IllegalArgumentException(name + " " + show(value) + " has the forbidden character "
                        + (Character.isISOControl(c) ? String.format("U+%04X", (int) c) : "'" + c + "'")
                        + " at index " + i + "; keys may not contain / \\ # ? or control characters: encode the "
                        + "value (for example with URL-safe Base64) or replace those characters");
            }
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException(name + " " + show(value) + " is " + bytes + " bytes in UTF-8; the "
                    + "limit is " + MAX_KEY_BYTES + ": use a shorter key (for example a hash of the value)");
        }
        return value;
    }

    private static String show(String value) {
        String escaped = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        StringBuilder out = new StringBuilder("\"");
        escaped.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }
}
