package io.github.azkit.table;

import com.azure.data.tables.models.TableEntity;
import io.github.azkit.table.internal.Checks;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Maps a Java record to a table entity by stored property names, so that versions of a service can evolve the
 * type without losing each other's data.
 *
 * <ul>
 *   <li>Each record component is one property, named by the component or by {@link EntityProperty}
 *       ({@code @EntityProperty("Name")}). The components stored as {@code PartitionKey} and {@code RowKey} (for example
 *       {@code @EntityProperty("PartitionKey") String email}) are the keys, checked by {@link TableKeys}.
 *   <li>String, int, long, double (written with the {@code Edm.Double} annotation, so 2.0 stays a Double),
 *       boolean, {@link OffsetDateTime}, {@link Instant}, {@link UUID} and enums map to native EDM types.
 *       {@code byte[]} values larger than 64 KiB are spread over numbered properties ({@code Name},
 *       {@code Name_1}, {@code Name_2}, ... with the count in {@code Name_Chunks}) and read back whole. Any
 *       other type is stored as JSON text in one property by the schema's {@link JsonCodec}
 *       ({@link Builder#jsonCodec(JsonCodec)}; for example {@link io.github.azkit.table.jackson.JacksonJsonCodec},
 *       with which a polymorphic payload keeps its type discriminator). Without a codec, such a component is
 *       refused when the schema is made: a schema of native types needs no JSON library.
 *   <li>A property the entity lacks reads as the component's default ({@code null}, 0, {@code false}).
 *   <li>Properties the record does not know survive writes: the SDK's {@code upsertEntity}/{@code updateEntity}
 *       merge by default, and {@link #toEntity(Record, TableEntity)} carries the unknown properties (and the
 *       ETag) of the entity that was read, for a conditional replace.
 *   <li>The service limits Azurite does not enforce (252 custom properties, 64 KiB per value, 1 MiB per entity)
 *       are checked when an entity is made.
 * </ul>
 *
 * <p>A {@code null} component is not written, so a merge keeps the stored value. The record's package must be
 * open to this module (and to the JSON library for JSON components) when running on the module path.
 *
 * <pre>{@code
 * record User(@EntityProperty("PartitionKey") String email, @EntityProperty("RowKey") String rowKey,
 *         String name, int logins) {
 * }
 * EntitySchema<User> users = EntitySchema.of(User.class);
 * table.upsertEntity(users.toEntity(new User("jeff@example.com", "", "Jeff", 1)));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the record type
 */
public final class EntitySchema<T extends Record> {

    /** The largest chunk of a spread {@code byte[]}. */
    static final int CHUNK_BYTES = 64 * 1024;
    private static final String CHUNKS_SUFFIX = "_Chunks";

    private final Class<T> type;
    private final Constructor<T> constructor;
    private final List<Field> fields;
    private final @Nullable JsonCodec json;
    private final Set<String> storedNames;

    private record Field(RecordComponent component, String name, Class<?> type, Type genericType) {
    }

    private EntitySchema(Class<T> type, @Nullable JsonCodec json) {
        this.type = type;
        this.json = json;
        RecordComponent[] components = type.getRecordComponents();
        List<Field> list = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (RecordComponent component : components) {
            component.getAccessor().setAccessible(true);
            EntityProperty renamed = component.getAnnotation(EntityProperty.class);
            String name = renamed != null ? renamed.value() : component.getName();
            refuseJacksonRename(type, component, name);
            try {
                TableFilter.checkPropertyName(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("record " + type.getName() + " component '" + component.getName()
                        + "' is stored as \"" + name + "\": " + e.getMessage(), e);
            }
            if (name.equals("Timestamp")) {
                throw new IllegalArgumentException("record " + type.getName() + " component '" + component.getName()
                        + "' is stored as 'Timestamp', which the service owns: rename it with @EntityProperty");
            }
            if (json == null && !isNative(component.getType())) {
                throw new IllegalArgumentException("record " + type.getName() + " component '" + component.getName()
                        + "' is a " + component.getGenericType().getTypeName() + ", which has no EDM type: store it "
                        + "as JSON with EntitySchema.builder(" + type.getSimpleName() + ".class).jsonCodec(...) "
                        + "(for example JacksonJsonCodec.create()), or use a supported type");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("record " + type.getName() + " stores two components as '" + name
                        + "': give them distinct names");
            }
            list.add(new Field(component, name, component.getType(), component.getGenericType()));
        }
        for (Field field : list) {
            for (Field bytes : list) {
                if (bytes.type() == byte[].class && field != bytes
                        && field.name().matches(Pattern.quote(bytes.name()) + "_([0-9]+|Chunks)")) {
                    throw new IllegalArgumentException("record " + type.getName() + " stores component '"
                            + field.component().getName() + "' as '" + field.name() + "', a name the byte[] "
                            + "component '" + bytes.name() + "' uses for its chunks: rename it with @EntityProperty");
                }
            }
        }
        for (String key : List.of("PartitionKey", "RowKey")) {
            list.stream().filter(f -> f.name().equals(key) && f.type() != String.class).findAny().ifPresent(f -> {
                throw new IllegalArgumentException("record " + type.getName() + " component '"
                        + f.component().getName() + "' is stored as " + key + " and must be a String");
            });
        }
        this.fields = List.copyOf(list);
        this.storedNames = Set.copyOf(names);
        try {
            this.constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new IllegalArgumentException("cannot use the canonical constructor of record " + type.getName()
                    + ": open its package to module io.github.azkit.table", e);
        }
    }

    /**
     * A schema for a record type whose components all have EDM types (no JSON codec).
     *
     * @param type the record class
     * @param <T> the record type
     * @return the schema
     * @throws NullPointerException if the type is null
     * @throws IllegalArgumentException if the type is not a record, a stored name is invalid, reserved or used
     *     twice, a key component is not a String, or a component has no EDM type (use {@link #builder(Class)}
     *     with a {@link JsonCodec} for those)
     */
    public static <T extends Record> EntitySchema<T> of(Class<T> type) {
        return builder(type).build();
    }

    /**
     * A builder of a schema for a record type, for settings beyond {@link #of(Class)}.
     *
     * @param type the record class
     * @param <T> the record type
     * @return a new builder
     * @throws NullPointerException if the type is null
     * @throws IllegalArgumentException if the type is not a record
     */
    public static <T extends Record> Builder<T> builder(Class<T> type) {
        Checks.notNull(type, "type");
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record: EntitySchema maps records");
        }
        return new Builder<>(type);
    }

    /**
     * Builds an {@link EntitySchema}. Mutable and not thread-safe.
     *
     * @param <T> the record type
     */
    public static final class Builder<T extends Record> {
        private final Class<T> type;
        private @Nullable JsonCodec json;

        private Builder(Class<T> type) {
            this.type = type;
        }

        /**
         * How components that have no EDM type are stored: as JSON text in one String property.
         *
         * @param codec the codec, for example {@link io.github.azkit.table.jackson.JacksonJsonCodec#create()}
         * @return this builder
         * @throws NullPointerException if {@code codec} is null
         */
        public Builder<T> jsonCodec(JsonCodec codec) {
            this.json = Checks.notNull(codec, "codec");
            return this;
        }

        /**
         * Builds the schema.
         *
         * @return the schema
         * @throws IllegalArgumentException if a stored name is invalid, reserved or used twice, a key component is
         *     not a String, or a component has no EDM type and no codec was given
         */
        public EntitySchema<T> build() {
            return new EntitySchema<>(type, json);
        }
    }

    /**
     * The entity for a value, with the keys taken from the components stored as PartitionKey and RowKey.
     *
     * @param value the value
     * @return a new entity holding every non-null component
     * @throws NullPointerException if the value is null
     * @throws IllegalArgumentException if the record has no key components, a key is invalid or the entity breaks
     *     a service limit
     */
    public TableEntity toEntity(T value) {
        Objects.requireNonNull(value, "value");
        String pk = keyOf(value, "PartitionKey");
        String rk = keyOf(value, "RowKey");
        return toEntity(pk, rk, value);
    }

    /**
     * The entity for a value, with the keys given.
     *
     * @param partitionKey the PartitionKey
     * @param rowKey the RowKey
     * @param value the value; components stored as keys are ignored
     * @return a new entity holding every non-null component
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a key is invalid or the entity breaks a service limit
     */
    public TableEntity toEntity(String partitionKey, String rowKey, T value) {
        Objects.requireNonNull(value, "value");
        TableEntity entity = new TableEntity(TableKeys.checkPartitionKey(partitionKey), TableKeys.checkRowKey(rowKey));
        for (Field field : fields) {
            if (field.name().equals("PartitionKey") || field.name().equals("RowKey")) {
                continue;
            }
            write(entity, field, read(field, value));
        }
        EntitySizes.checkLimits(entity);
        return entity;
    }

    /**
     * The entity for a new version of a value that was read as {@code previous}: the value's properties plus
     * every property of {@code previous} this schema does not know (written by a newer version of the code), and
     * {@code previous}'s ETag, so that a conditional replace ({@code updateEntityWithResponse(e, REPLACE, true, null, null)}) loses
     * nothing.
     *
     * @param value the new value
     * @param previous the entity as read
     * @return a new entity
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a key is invalid or the entity breaks a service limit
     */
    public TableEntity toEntity(T value, TableEntity previous) {
        Objects.requireNonNull(previous, "previous");
        TableEntity entity = toEntity(previous.getPartitionKey(), previous.getRowKey(), value);
        for (Map.Entry<String, Object> p : previous.getProperties().entrySet()) {
            String name = p.getKey();
            if (name.equals("odata.etag")) {
                entity.getProperties().put(name, p.getValue());
            } else if (!EntitySizes.isSystem(name) && !isKnown(name) && !entity.getProperties().containsKey(name)) {
                entity.addProperty(name, p.getValue());
                if (p.getValue() instanceof Double) {
                    entity.addProperty(name + "@odata.type", "Edm.Double");
                }
            }
        }
        EntitySizes.checkLimits(entity);
        return entity;
    }

    /**
     * The value an entity holds. Missing properties read as defaults; unknown ones are ignored.
     *
     * @param entity the entity
     * @return a new value
     * @throws NullPointerException if the entity is null
     * @throws IllegalArgumentException if a property cannot be converted to its component's type
     */
    public T fromEntity(TableEntity entity) {
        Objects.requireNonNull(entity, "entity");
        Object[] args = new Object[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            Object stored = field.name().equals("PartitionKey") ? entity.getPartitionKey()
                    : field.name().equals("RowKey") ? entity.getRowKey()
                    : field.type() == byte[].class ? readChunks(entity, field.name())
                    : entity.getProperty(field.name());
            try {
                args[i] = stored == null ? defaultOf(field.type()) : convert(field, stored);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("property '" + field.name() + "' of entity (PartitionKey \""
                        + entity.getPartitionKey() + "\", RowKey \"" + entity.getRowKey() + "\") cannot be read as "
                        + field.genericType().getTypeName() + ": " + e.getMessage(), e);
            }
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    /**
     * The properties this schema writes (stored names; a spread {@code byte[]} also writes {@code Name_n} and
     * {@code Name_Chunks}).
     *
     * @return the stored names, in component order
     */
    public List<String> propertyNames() {
        return fields.stream().map(Field::name).toList();
    }

    private boolean isKnown(String name) {
        if (storedNames.contains(name)) {
            return true;
        }
        for (Field field : fields) {
            if (field.type() == byte[].class && name.startsWith(field.name() + "_")) {
                return true;
            }
        }
        return false;
    }

    private String keyOf(T value, String key) {
        for (Field field : fields) {
            if (field.name().equals(key)) {
                Object k = read(field, value);
                return Objects.requireNonNull((String) k, key);
            }
        }
        throw new IllegalArgumentException("record " + type.getName() + " has no component stored as " + key
                + ": annotate one with @EntityProperty(\"" + key + "\") or use toEntity(partitionKey, rowKey, value)");
    }

    private static @Nullable Object read(Field field, Object value) {
        try {
            return field.component().getAccessor().invoke(value);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read component '" + field.component().getName()
                    + "': open its package to module io.github.azkit.table", e);
        }
    }

    private void write(TableEntity entity, Field field, @Nullable Object v) {
        String name = field.name();
        if (v == null) {
            return;
        }
        if (v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Boolean
                || v instanceof UUID || v instanceof OffsetDateTime) {
            entity.addProperty(name, v);
        } else if (v instanceof Double d) {
            entity.addProperty(name, d);
            entity.addProperty(name + "@odata.type", "Edm.Double");
        } else if (v instanceof Instant instant) {
            entity.addProperty(name, instant.atOffset(ZoneOffset.UTC));
        } else if (v instanceof Enum<?> e) {
            entity.addProperty(name, e.name());
        } else if (v instanceof byte[] bytes) {
            int chunks = Math.max(1, (bytes.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
            for (int i = 0; i < chunks; i++) {
                byte[] chunk = Arrays.copyOfRange(bytes, i * CHUNK_BYTES,
                        Math.min(bytes.length, (i + 1) * CHUNK_BYTES));
                entity.addProperty(i == 0 ? name : name + "_" + i, chunk);
            }
            entity.addProperty(name + CHUNKS_SUFFIX, chunks);
        } else {
            try {
                entity.addProperty(name, Objects.requireNonNull(json).write(v, field.genericType()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("component '" + field.component().getName()
                        + "' cannot be written as JSON: " + e.getMessage(), e);
            }
        }
    }

    private static byte @Nullable [] readChunks(TableEntity entity, String name) {
        Object first = entity.getProperty(name);
        if (first == null) {
            return null;
        }
        Object count = entity.getProperty(name + CHUNKS_SUFFIX);
        int chunks = count instanceof Number n ? n.intValue() : 1;
        byte[][] parts = new byte[chunks][];
        int total = 0;
        for (int i = 0; i < chunks; i++) {
            Object part = i == 0 ? first : entity.getProperty(name + "_" + i);
            if (!(part instanceof byte[] bytes)) {
                throw new IllegalArgumentException("chunk " + name + "_" + i + " of " + chunks + " is missing");
            }
            parts[i] = bytes;
            total += bytes.length;
        }
        byte[] whole = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, whole, at, part.length);
            at += part.length;
        }
        return whole;
    }

    private @Nullable Object convert(Field field, Object stored) {
        Class<?> t = field.type();
        if (t == String.class) {
            return stored.toString();
        } else if (t == int.class || t == Integer.class) {
            return ((Number) stored).intValue();
        } else if (t == long.class || t == Long.class) {
            return ((Number) stored).longValue();
        } else if (t == double.class || t == Double.class) {
            return stored instanceof Number n ? n.doubleValue() : Double.parseDouble(stored.toString());
        } else if (t == boolean.class || t == Boolean.class) {
            return stored instanceof Boolean b ? b : Boolean.parseBoolean(stored.toString());
        } else if (t == OffsetDateTime.class) {
            return stored;
        } else if (t == Instant.class) {
            return ((OffsetDateTime) stored).toInstant();
        } else if (t == UUID.class) {
            return stored instanceof UUID u ? u : UUID.fromString(stored.toString());
        } else if (t == byte[].class) {
            return stored;
        } else if (t.isEnum()) {
            return enumValue(t, stored.toString());
        } else {
            return Objects.requireNonNull(json).read(stored.toString(), field.genericType());
        }
    }

    /** Whether values of this type are stored as a native EDM value (no JSON). */
    private static boolean isNative(Class<?> t) {
        return t == String.class || t == int.class || t == Integer.class || t == long.class || t == Long.class
                || t == double.class || t == Double.class || t == boolean.class || t == Boolean.class
                || t == OffsetDateTime.class || t == Instant.class || t == UUID.class || t == byte[].class || t.isEnum();
    }

    /**
     * Refuses a component renamed with Jackson's {@code @JsonProperty} (looked up by name: Jackson need not be
     * present) that this schema would store under another name, so that moving from Jackson names never
     * silently writes a property under a new name.
     */
    private static void refuseJacksonRename(Class<?> type, RecordComponent component, String name) {
        for (Annotation a : component.getAccessor().getAnnotations()) {
            if (a.annotationType().getName().equals("com.fasterxml.jackson.annotation.JsonProperty")) {
                String jacksonName;
                try {
                    jacksonName = String.valueOf(a.annotationType().getMethod("value").invoke(a));
                } catch (ReflectiveOperationException e) {
                    continue;
                }
                if (!jacksonName.isEmpty() && !jacksonName.equals(name)) {
                    throw new IllegalArgumentException("record " + type.getName() + " component '"
                            + component.getName() + "' has @JsonProperty(\"" + jacksonName + "\"), which "
                            + "EntitySchema does not read: annotate it with @EntityProperty(\"" + jacksonName
                            + "\") to keep its stored name");
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> t, String name) {
        return Enum.valueOf((Class) t, name);
    }

    private static @Nullable Object defaultOf(Class<?> t) {
        if (!t.isPrimitive()) {
            return null;
        } else if (t == boolean.class) {
            return false;
        } else if (t == int.class) {
            return 0;
        } else if (t == long.class) {
            return 0L;
        } else if (t == double.class) {
            return 0.0;
        } else if (t == float.class) {
            return 0f;
        } else if (t == short.class) {
            return (short) 0;
        } else if (t == byte.class) {
            return (byte) 0;
        }
        return '\0';
    }
}
