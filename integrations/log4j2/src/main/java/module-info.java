/**
 * azkit's Log4j 2 appender: {@code <AzureBlob>} in {@code log4j2.xml} writes a rolling (capped) or periodic block-blob
 * log through azkit-logging's asynchronous batching writer.
 *
 * <p>Log4j finds the plugin through the {@code Log4j2Plugins.dat} file in this jar and builds it by reflection (it
 * sets the builder's private attribute fields), so the package is opened to log4j-core.
 */
module io.github.azkit.log4j2 {
    requires transitive io.github.azkit.logging;
    requires transitive org.apache.logging.log4j;
    requires transitive org.apache.logging.log4j.core;
    requires static org.jspecify;

    exports io.github.azkit.log4j2;
    opens io.github.azkit.log4j2 to org.apache.logging.log4j.core;
}
