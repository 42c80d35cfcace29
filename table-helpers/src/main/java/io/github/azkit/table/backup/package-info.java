/**
 * Table backup and restore: {@link io.github.azkit.table.backup.TableBackup} writes a table (or a filtered part
 * of it) to a versioned, checksummed, compressed backup file or blob, in parallel over partition-key ranges and
 * resumable after a crash; {@link io.github.azkit.table.backup.TableRestore} verifies a whole backup and then
 * writes it back in partition batches; {@link io.github.azkit.table.backup.BackupComparison} compares a backup
 * with a live table. Every EDM type survives exactly, including integral, NaN and infinite {@code Edm.Double}
 * values, which the SDK alone would turn into {@code Edm.Int32} or {@code Edm.String}.
 */
@NullMarked
package io.github.azkit.table.backup;

import org.jspecify.annotations.NullMarked;
