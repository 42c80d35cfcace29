package io.github.azkit.table.nojackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entity schemas, updates and backups work without Jackson. The Azure SDK's own clients need Jackson (azure-core
 * loads it), so no JVM running them lacks it; what azkit promises is that its own classes never use it (Jackson is
 * an optional dependency, used only by {@code io.github.azkit.table.jackson}). So the probe and every azkit class
 * run in a class loader that loads them itself and refuses every {@code com.fasterxml.jackson} class, while the SDK,
 * loaded by the test's class loader, keeps its Jackson.
 */
@AzkitStorageTest
class NoJacksonIT {

    /** Loads azkit's classes itself and hides Jackson from them; everything else comes from the parent. */
    static final class JacksonHidingLoader extends URLClassLoader {
        JacksonHidingLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("com.fasterxml.jackson.")) {
                throw new ClassNotFoundException(name + " is hidden from azkit in this test");
            }
            if (name.startsWith("io.github.azkit.table.") || name.startsWith("io.github.azkit.storage.")) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    if (loaded == null) {
                        loaded = findClass(name);
                    }
                    if (resolve) {
                        resolveClass(loaded);
                    }
                    return loaded;
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    private static JacksonHidingLoader loader() {
        URL[] urls = {
            location(io.github.azkit.table.EntitySchema.class),
            location(NoJacksonProbe.class),
            location(io.github.azkit.storage.Ticker.class)};
        return new JacksonHidingLoader(urls, NoJacksonIT.class.getClassLoader());
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void schemasUpdatesAndBackupsRunWithoutJackson(TestStorage storage, @TempDir Path directory) throws Exception {
        try (JacksonHidingLoader loader = loader()) {
            Class<?> probe = loader.loadClass(NoJacksonProbe.class.getName());
            assertThat(probe.getClassLoader()).isSameAs(loader);
            String done = (String) probe.getMethod("run", String.class, String.class, Path.class)
                    .invoke(null, storage.connectionString(), TestStorage.uniqueName("nojackson"), directory);
            assertThat(done).contains("without Jackson");
        }
    }

    @Test
    void theLoaderReallyHidesJackson() throws Exception {
        try (JacksonHidingLoader loader = loader()) {
            Class<?> codec = loader.loadClass("io.github.azkit.table.jackson.JacksonJsonCodec");
            Throwable failure = catchThrowable(() -> codec.getMethod("create").invoke(null));
            Throwable cause = failure instanceof InvocationTargetException e ? e.getCause() : failure;
            assertThat(cause).isInstanceOf(NoClassDefFoundError.class).hasMessageContaining("jackson");
        }
    }
}
