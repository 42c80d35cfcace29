package io.github.azkit.table;

import java.lang.reflect.Type;

/**
 * Writes and reads the record components that have no EDM type of their own (a nested record, a list, a
 * polymorphic payload) as JSON text in one String property. {@link EntitySchema} needs one only for such
 * components; {@link io.github.azkit.table.jackson.JacksonJsonCodec} is one on Jackson, for applications that have
 * Jackson on their class path.
 *
 * <p>Implementations must be thread-safe: a schema calls them from any thread.
 */
public interface JsonCodec {

    /**
     * The JSON text of a value.
     *
     * @param value the value, not null
     * @param type the component's declared (generic) type
     * @return its JSON text
     * @throws IllegalArgumentException if the value cannot be written
     */
    String write(Object value, Type type);

    /**
     * The value a JSON text holds.
     *
     * @param json the text stored
     * @param type the component's declared (generic) type
     * @return the value
     * @throws IllegalArgumentException if the text cannot be read as the type
     */
    Object read(String json, Type type);
}
