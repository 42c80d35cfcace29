/**
 * azkit logging: rolling and periodic logs in block blobs, with an asynchronous batching writer.
 */
module io.github.azkit.logging {
    requires transitive io.github.azkit.storage;
    requires static org.jspecify;
    requires org.slf4j;

    exports io.github.azkit.logging;
}
