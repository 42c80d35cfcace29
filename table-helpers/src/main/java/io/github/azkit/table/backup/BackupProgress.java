package io.github.azkit.table.backup;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a backup stands: the event {@link TableBackup.Builder#onProgress} receives after each page is appended (to
 * a file: synced, its checkpoint saved; to a blob: buffered, and saved with its block). Users do not create one.
 *
 * <p>Immutable and thread-safe.
 */
public final class BackupProgress {

    private final String table;
    private final long entityCount;
    private final long byteCount;

    BackupProgress(String table, long entityCount, long byteCount) {
        this.table = Objects.requireNonNull(table, "table");
        this.entityCount = entityCount;
        this.byteCount = byteCount;
    }

    /**
     * The table being backed up.
     *
     * @return its name
     */
    public String table() {
        return table;
    }

    /**
     * The entities in the backup so far, including those of an interrupted earlier run that this run resumed.
     *
     * @return the count
     */
    public long entityCount() {
        return entityCount;
    }

    /**
     * The bytes of backup written so far (to a blob: staged in blocks; pages still buffered are not counted).
     *
     * @return the count
     */
    public long byteCount() {
        return byteCount;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof BackupProgress o && o.table.equals(table) && o.entityCount == entityCount
                && o.byteCount == byteCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, entityCount, byteCount);
    }

    @Override
    public String toString() {
        return "BackupProgress[table=" + table + ", entityCount=" + entityCount + ", byteCount=" + byteCount + "]";
    }
}
