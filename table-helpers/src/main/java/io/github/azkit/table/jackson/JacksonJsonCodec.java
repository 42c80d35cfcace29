package io.github.azkit.table.jackson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.azkit.table.JsonCodec;
import io.github.azkit.table.internal.Checks;
import java.lang.reflect.Type;

/**
 * A {@link JsonCodec} on a Jackson 2 {@link ObjectMapper}, for record components stored as JSON: nested records,
 * collections, and polymorphic payloads that keep their type discriminator ({@code @JsonTypeInfo} on the declared
 * type). The only class of azkit that uses Jackson: add {@code jackson-databind} to your application to use it
 * (azkit declares it optional).
 *
 * <pre>{@code
 * EntitySchema<Account> schema = EntitySchema.builder(Account.class).jsonCodec(JacksonJsonCodec.create()).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe (an {@code ObjectMapper} is thread-safe once configured; do not reconfigure the
 * one given).
 */
public final class JacksonJsonCodec implements JsonCodec {

    private final ObjectMapper mapper;

    private JacksonJsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * A codec on a new mapper that ignores JSON fields the type does not know (written by a newer version).
     *
     * @return the codec
     */
    public static JacksonJsonCodec create() {
        return new JacksonJsonCodec(new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    }

    /**
     * A codec on the given mapper (register modules such as {@code JavaTimeModule} on it first).
     *
     * @param mapper the mapper
     * @return the codec
     * @throws NullPointerException if {@code mapper} is null
     */
    public static JacksonJsonCodec of(ObjectMapper mapper) {
        return new JacksonJsonCodec(Checks.notNull(mapper, "mapper"));
    }

    @Override
    public String write(Object value, Type type) {
        try {
            return mapper.writerFor(mapper.getTypeFactory().constructType(type)).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Object read(String json, Type type) {
        try {
            return mapper.readValue(json, mapper.getTypeFactory().constructType(type));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }
}
