/**
 * azkit table helpers: typed filters, paged enumeration, key validation, batch writing, entity schemas,
 * optimistic updates and property migrators for Azure Tables.
 */
module io.github.azkit.table {
    requires transitive io.github.azkit.storage;
    requires transitive com.azure.data.tables;
    requires transitive com.fasterxml.jackson.databind;
    requires static org.jspecify;
    requires org.slf4j;

    exports io.github.azkit.table;
    exports io.github.azkit.table.backup;
}
