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
 * <p>Clients from {@link TestStorage} refuse what Azure would refuse for its published limits (an {@link
 * AzureLimitsGuard} in each pipeline), which Azurite does not enforce. A class that needs requests past those limits
 * to reach the storage (to show what Azurite does with them, say) turns the guard off:
 *
 * <pre>{@code
 * @AzkitStorageTest(azureLimits = false)
 * class AzuriteQuirksIT { ... }
 * }</pre>
 *
 * <p>Equivalent, with the guard on, to {@code @ExtendWith(AzkitStorageExtension.class)}.
 *
 * <p>An annotation: immutable and thread-safe. Tests of one class may run in parallel; each gets its own
 * {@link TestStorage} (which is thread-safe).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(AzkitStorageExtension.class)
public @interface AzkitStorageTest {

    /**
     * Whether clients from {@link TestStorage} carry an {@link AzureLimitsGuard}, refusing requests over Azure's
     * published limits as Azure does. On by default.
     *
     * @return false to let requests over Azure's limits reach the storage
     */
    boolean azureLimits() default true;
}
