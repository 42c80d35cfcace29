/**
 * azkit table helpers: typed filters, paged enumeration, key validation, batch writing, entity schemas,
 * optimistic updates, property migrators and table backup and restore for Azure Tables.
 *
 * <p>Jackson is optional ({@code requires static}): only {@code io.github.azkit.table.jackson} uses it, for record
 * components stored as JSON.
 */
module io.github.azkit.table {
    requires transitive io.github.azkit.storage;
    requires transitive com.azure.data.tables;
    requires com.azure.json;
    requires static com.fasterxml.jackson.databind;
    requires static org.jspecify;
    requires org.slf4j;

    exports io.github.azkit.table;
    exports io.github.azkit.table.backup;
    exports io.github.azkit.table.jackson;
}
