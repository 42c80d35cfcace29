package io.github.azkit.table;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stored name of a record component, when it differs from the component's name: {@code PartitionKey} and
 * {@code RowKey} for the keys, or the name an older version of the code stored.
 *
 * <pre>{@code
 * record User(@EntityProperty("PartitionKey") String email, @EntityProperty("RowKey") String rowKey,
 *         String name, @EntityProperty("Logins") int loginCount) {
 * }
 * }</pre>
 *
 * <p>Read by {@link EntitySchema}; an annotation, so thread-safe.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface EntityProperty {

    /**
     * The stored property name.
     *
     * @return letters, digits and underscores, not starting with a digit, at most 255 characters
     */
    String value();
}
