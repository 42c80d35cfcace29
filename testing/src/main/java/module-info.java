/**
 * A JUnit 5 extension that gives tests real Azure Storage.
 *
 * <p>See {@link io.github.azkit.testing.AzkitStorageTest}.
 */
module io.github.azkit.testing {
    requires transitive com.azure.storage.blob;
    requires transitive com.azure.data.tables;
    requires transitive com.azure.core;
    requires reactor.core;
    requires transitive org.junit.jupiter.api;
    requires static org.jspecify;
    requires org.slf4j;

    exports io.github.azkit.testing;
}
