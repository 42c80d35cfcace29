package io.github.azkit.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Resolves {@link TestStorage} parameters of test, lifecycle and constructor methods.
 *
 * <p>Storage is resolved once per JVM (see {@link StorageRoute}); each test method gets its own
 * {@link TestStorage}, shared by that method's {@code @BeforeEach} and {@code @AfterEach} methods, and each test
 * class gets one for its {@code @BeforeAll} methods. Its clients carry an {@link AzureLimitsGuard} unless the test
 * class (or an enclosing one) is annotated {@code @AzkitStorageTest(azureLimits = false)}. Containers and tables a {@link TestStorage} created are
 * deleted when its test (or class) ends. Tests may run in parallel: names never collide.
 *
 * <p>Thread-safe.
 */
public final class AzkitStorageExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(AzkitStorageExtension.class);

    /** Creates the extension; JUnit does this for {@code @ExtendWith} and {@link AzkitStorageTest}. */
    public AzkitStorageExtension() {
    }

    /**
     * {@inheritDoc}
     *
     * @return whether the parameter is a {@link TestStorage}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestStorage.class;
    }

    /**
     * {@inheritDoc}
     *
     * @return the {@link TestStorage} of the current test method, or of the class for {@code @BeforeAll}
     * @throws ParameterResolutionException if no storage can be had; the cause says what to install
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        try {
            StorageEnvironment environment = StorageEnvironment.shared();
            return extensionContext.getStore(NAMESPACE)
                    .getOrComputeIfAbsent(TestStorage.class, key -> new TestStorage(environment,
                            extensionContext.getUniqueId(), azureLimits(extensionContext)), TestStorage.class);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("No Azure Storage for " + extensionContext.getDisplayName()
                    + ": " + e.getMessage(), e);
        }
    }

    /** {@link AzkitStorageTest#azureLimits()} of the test class or the nearest enclosing class that has one. */
    private static boolean azureLimits(ExtensionContext context) {
        for (Class<?> type = context.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
            Optional<AzkitStorageTest> annotation = AnnotationSupport.findAnnotation(type, AzkitStorageTest.class);
            if (annotation.isPresent()) {
                return annotation.get().azureLimits();
            }
        }
        return true;
    }
}
