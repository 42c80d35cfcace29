package io.github.azkit.table.backup;

import com.azure.data.tables.models.TableEntity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One entity as the backup holds it: keys and typed properties, without the service's metadata
 * ({@code Timestamp}, {@code odata.*}, {@code *@odata.type}).
 *
 * <p>How the SDK's {@code getProperties()} maps to EDM types (measured on Azurite, see {@code EdmFidelityIT}):
 * {@code Integer} is Int32, {@code Long} Int64, {@code Double} Double, {@code Boolean}, {@code String},
 * {@code byte[]} Binary, {@code OffsetDateTime} DateTime, {@code UUID} Guid. A number without an annotation that
 * does not fit Int32 ({@code BigInteger}, {@code BigDecimal}) can only be an Edm.Double on the service. Null
 * values are not stored by the service and are left out.
 */
record BackupEntity(String partitionKey, String rowKey, List<Prop> properties) {

    record Prop(String name, EdmType type, Object value) {

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Prop p) || !name.equals(p.name) || type != p.type) {
                return false;
            }
            return switch (type) {
                case BINARY -> Arrays.equals((byte[]) value, (byte[]) p.value);
                case DOUBLE -> Double.doubleToRawLongBits((Double) value) == Double.doubleToRawLongBits((Double) p.value);
                default -> value.equals(p.value);
            };
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + type.hashCode();
        }

        @Override
        public String toString() {
            String v = type == EdmType.BINARY ? ((byte[]) value).length + " bytes" : String.valueOf(value);
            return name + ":" + type.edmName + "=" + (v.length() > 60 ? v.substring(0, 60) + "..." : v);
        }
    }

    static boolean isMetadata(String name) {
        return name.equals("PartitionKey") || name.equals("RowKey") || name.equals("Timestamp")
                || name.startsWith("odata.") || name.contains("@odata.");
    }

    static BackupEntity from(TableEntity entity) {
        List<Prop> props = new ArrayList<>();
        for (Map.Entry<String, Object> e : entity.getProperties().entrySet()) {
            String name = e.getKey();
            Object v = e.getValue();
            if (v == null || isMetadata(name)) {
                continue;
            }
            props.add(typed(name, v));
        }
        props.sort((a, b) -> a.name().compareTo(b.name()));
        return new BackupEntity(entity.getPartitionKey(), entity.getRowKey(), List.copyOf(props));
    }

    private static Prop typed(String name, Object v) {
        if (v instanceof String s) {
            return new Prop(name, EdmType.STRING, s);
        } else if (v instanceof Integer i) {
            return new Prop(name, EdmType.INT32, i);
        } else if (v instanceof Long l) {
            return new Prop(name, EdmType.INT64, l);
        } else if (v instanceof Double d) {
            return new Prop(name, EdmType.DOUBLE, d);
        } else if (v instanceof BigInteger || v instanceof BigDecimal || v instanceof Float) {
            return new Prop(name, EdmType.DOUBLE, ((Number) v).doubleValue());
        } else if (v instanceof Boolean b) {
            return new Prop(name, EdmType.BOOLEAN, b);
        } else if (v instanceof OffsetDateTime t) {
            return new Prop(name, EdmType.DATE_TIME, t.toInstant());
        } else if (v instanceof UUID u) {
            return new Prop(name, EdmType.GUID, u);
        } else if (v instanceof byte[] b) {
            return new Prop(name, EdmType.BINARY, b);
        }
        throw new IllegalStateException("property '" + name + "' has a value of type " + v.getClass().getName()
                + " that the backup format does not know; please report it with the SDK version");
    }

    /**
     * The entity to write with the SDK: every Double carries an explicit {@code @odata.type = Edm.Double}
     * annotation, and NaN and the infinities are written as the strings the service expects, so the service
     * stores Edm.Double and not Int32, String or a rounded number.
     */
    TableEntity toTableEntity() {
        TableEntity entity = new TableEntity(partitionKey, rowKey);
        for (Prop p : properties) {
            switch (p.type()) {
                case DOUBLE -> {
                    double d = (Double) p.value();
                    Object wire = Double.isNaN(d) ? "NaN"
                            : d == Double.POSITIVE_INFINITY ? "Infinity"
                            : d == Double.NEGATIVE_INFINITY ? "-Infinity" : (Object) d;
                    entity.addProperty(p.name(), wire);
                    entity.addProperty(p.name() + "@odata.type", "Edm.Double");
                }
                case DATE_TIME -> entity.addProperty(p.name(), OffsetDateTime.ofInstant((Instant) p.value(), ZoneOffset.UTC));
                default -> entity.addProperty(p.name(), p.value());
            }
        }
        return entity;
    }

    /** A conservative estimate of the entity's size in a batch request body, in bytes. */
    long estimatedWireSize() {
        long size = 400 + jsonLength(partitionKey) + jsonLength(rowKey);
        for (Prop p : properties) {
            size += 40 + jsonLength(p.name()) * 2L;
            size += switch (p.type()) {
                case STRING -> jsonLength((String) p.value());
                case BINARY -> (((byte[]) p.value()).length + 2L) / 3 * 4;
                default -> 40;
            };
        }
        return size;
    }

    private static long jsonLength(String s) {
        long n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x20 ? 6 : c < 0x80 ? (c == '"' || c == '\\' ? 2 : 1) : c < 0x800 ? 2 : 3;
        }
        return n;
    }

    /** A 16-byte digest of the properties, names, types and exact values (not the keys). */
    byte[] digest() {
        java.security.MessageDigest d = BackupCodec.sha256();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        for (Prop p : properties) {
            d.update(p.name().getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
            d.update((byte) 0);
            d.update((byte) p.type().tag);
            b.clear();
            switch (p.type()) {
                case STRING -> d.update(((String) p.value()).getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
                case BINARY -> d.update((byte[]) p.value());
                case INT32 -> d.update(b.putInt((Integer) p.value()).array(), 0, 4);
                case INT64 -> d.update(b.putLong((Long) p.value()).array(), 0, 8);
                case DOUBLE -> d.update(b.putLong(Double.doubleToRawLongBits((Double) p.value())).array(), 0, 8);
                case BOOLEAN -> d.update((byte) ((Boolean) p.value() ? 1 : 0));
                case DATE_TIME -> d.update(b.putLong(((Instant) p.value()).getEpochSecond())
                        .putInt(((Instant) p.value()).getNano()).array(), 0, 12);
                case GUID -> d.update(b.putLong(((UUID) p.value()).getMostSignificantBits())
                        .putLong(((UUID) p.value()).getLeastSignificantBits()).array(), 0, 16);
                default -> throw new AssertionError(p.type());
            }
            d.update(b.clear().putInt(-1).array(), 0, 4);
        }
        return java.util.Arrays.copyOf(d.digest(), 16);
    }

    /** How this entity (from the backup) differs from {@code live}, in one line. */
    String describeDifference(BackupEntity live) {
        Map<String, Prop> theirs = new java.util.TreeMap<>();
        live.properties().forEach(p -> theirs.put(p.name(), p));
        List<String> diffs = new ArrayList<>();
        for (Prop p : properties) {
            Prop q = theirs.remove(p.name());
            if (q == null) {
                diffs.add(p.name() + " missing in the table");
            } else if (!p.equals(q)) {
                diffs.add(p + " in the backup, " + q + " in the table");
            }
        }
        theirs.keySet().forEach(n -> diffs.add(n + " only in the table"));
        return String.join("; ", diffs);
    }

    String key() {
        return partitionKey + "\u0000" + rowKey;
    }

    static String describeKey(String partitionKey, String rowKey) {
        return "(PartitionKey='" + partitionKey + "', RowKey='" + rowKey + "')";
    }

    BackupEntity {
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(rowKey, "rowKey");
    }
}
