package io.github.azkit.table;

import com.azure.data.tables.models.TableEntity;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** Size arithmetic for entities: the service's stored-size formula and a bound on the JSON a request carries. */
final class EntitySizes {

    /** The largest entity the service stores, by its size formula. */
    static final int MAX_ENTITY_BYTES = 1024 * 1024;
    /** The most properties besides PartitionKey, RowKey and Timestamp. */
    static final int MAX_CUSTOM_PROPERTIES = 252;
    /** The largest String or Binary property value. */
    static final int MAX_VALUE_BYTES = 64 * 1024;

    private EntitySizes() {
    }

    static boolean isSystem(String name) {
        return name.startsWith("odata.") || name.contains("@odata.") || name.equals("PartitionKey")
                || name.equals("RowKey") || name.equals("Timestamp");
    }

    /** The service's formula: 4 + 2 * (|PK| + |RK|) + sum(8 + 2 * |name| + value size). */
    static long storedSize(TableEntity entity) {
        long size = 4 + 2L * (entity.getPartitionKey().length() + entity.getRowKey().length());
        for (Map.Entry<String, Object> p : entity.getProperties().entrySet()) {
            if (isSystem(p.getKey()) || p.getValue() == null) {
                continue;
            }
            size += 8 + 2L * p.getKey().length() + valueSize(p.getValue());
        }
        return size;
    }

    private static long valueSize(Object value) {
        if (value instanceof String s) {
            return 4 + 2L * s.length();
        } else if (value instanceof byte[] b) {
            return 4 + b.length;
        } else if (value instanceof Boolean) {
            return 1;
        } else if (value instanceof Integer) {
            return 4;
        } else if (value instanceof UUID) {
            return 16;
        } else {
            return 8;
        }
    }

    /** An upper bound of the bytes one entity adds to a batch request (JSON body plus multipart headers). */
    static long requestBytes(TableEntity entity) {
        long size = 600 + 3L * (jsonStringBytes(entity.getPartitionKey()) + jsonStringBytes(entity.getRowKey()));
        for (Map.Entry<String, Object> p : entity.getProperties().entrySet()) {
            Object v = p.getValue();
            if (v == null || p.getKey().startsWith("odata.")) {
                continue;
            }
            size += 2L * p.getKey().length() + 48; // "name":..., and "name@odata.type":"Edm.Xxx",
            if (v instanceof String s) {
                size += jsonStringBytes(s);
            } else if (v instanceof byte[] b) {
                size += 4L * ((b.length + 2) / 3) + 2;
            } else if (v instanceof OffsetDateTime) {
                size += 32;
            } else {
                size += 40;
            }
        }
        return size;
    }

    private static long jsonStringBytes(String s) {
        long bytes = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c) || c > 0x7e) {
                bytes += 6; // the worst case: \\uXXXX
            } else {
                bytes += 1;
            }
        }
        return bytes;
    }

    static int customPropertyCount(TableEntity entity) {
        int n = 0;
        for (String name : entity.getProperties().keySet()) {
            if (!isSystem(name)) {
                n++;
            }
        }
        return n;
    }

    /** Checks the documented entity limits the emulator does not enforce. */
    static void checkLimits(TableEntity entity) {
        String id = "entity (PartitionKey \"" + entity.getPartitionKey() + "\", RowKey \"" + entity.getRowKey() + "\")";
        int properties = customPropertyCount(entity);
        if (properties > MAX_CUSTOM_PROPERTIES) {
            throw new IllegalArgumentException(id + " has " + properties + " custom properties; the limit is "
                    + MAX_CUSTOM_PROPERTIES + ": remove properties or split the entity");
        }
        for (Map.Entry<String, Object> p : entity.getProperties().entrySet()) {
            Object v = p.getValue();
            long bytes = v instanceof String s ? 2L * s.length() : v instanceof byte[] b ? b.length : 0;
            if (bytes > MAX_VALUE_BYTES) {
                throw new IllegalArgumentException(id + " property '" + p.getKey() + "' is " + bytes + " bytes; "
                        + "a String or Binary value may be at most " + MAX_VALUE_BYTES + " bytes (64 KiB): spread "
                        + "it over several properties (EntitySchema does that for byte[]) or store it in a blob");
            }
        }
        long size = storedSize(entity);
        if (size > MAX_ENTITY_BYTES) {
            throw new IllegalArgumentException(id + " is " + size + " bytes; an entity may be at most "
                    + MAX_ENTITY_BYTES + " bytes (1 MiB): store large values in a blob");
        }
    }
}
