/**
 * Azure Tables patterns on the Azure SDK for Java: {@link io.github.azkit.table.TableFilter} (typed, escaped
 * OData filters), {@link io.github.azkit.table.TableScan} (paged, resumable enumeration),
 * {@link io.github.azkit.table.TableKeys} (key validation), {@link io.github.azkit.table.TableBatchWriter}
 * (partition-grouped transactions), {@link io.github.azkit.table.EntitySchema} (versioned, extensible entity
 * mapping) and {@link io.github.azkit.table.PropertyMigrator} (ETag-safe, resumable property migrations).
 */
@NullMarked
package io.github.azkit.table;

import org.jspecify.annotations.NullMarked;
