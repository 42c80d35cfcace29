/**
 * azkit storage helpers: the core the other azkit modules build on.
 */
module io.github.azkit.storage {
    requires transitive com.azure.core;
    requires transitive com.azure.storage.blob;
    requires transitive com.azure.storage.common;
    requires static org.jspecify;
    requires org.slf4j;

    exports io.github.azkit.storage;
}
