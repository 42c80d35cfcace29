package io.github.azkit.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose tests take a {@link TestStorage} parameter: real Azure Storage with container and table
 * names unique to each test.
 *
 * <pre>{@code
 * @AzkitStorageTest
 * class OrdersIT {
 *     @Test
 *     void storesAnOrder(TestStorage storage) {
 *         TableClient orders = storage.createTable();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Equivalent to {@code @ExtendWith(AzkitStorageExtension.class)}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(AzkitStorageExtension.class)
public @interface AzkitStorageTest {
}
