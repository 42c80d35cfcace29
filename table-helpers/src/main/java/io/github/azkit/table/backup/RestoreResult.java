package io.github.azkit.table.backup;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a restore did. A result of {@link TableRestore}; users do not create one.
 *
 * <p>Immutable and thread-safe.
 */
public final class RestoreResult {

    private final BackupManifest manifest;
    private final long entitiesWritten;
    private final long entitiesSkipped;
    private final long transactions;
    private final boolean resumed;

    RestoreResult(BackupManifest manifest, long entitiesWritten, long entitiesSkipped, long transactions, boolean resumed) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.entitiesWritten = entitiesWritten;
        this.entitiesSkipped = entitiesSkipped;
        this.transactions = transactions;
        this.resumed = resumed;
    }

    /**
     * The manifest of the restored backup.
     *
     * @return the manifest
     */
    public BackupManifest manifest() {
        return manifest;
    }

    /**
     * The entities this run wrote (an interrupted earlier run's are not counted).
     *
     * @return the count
     */
    public long entitiesWritten() {
        return entitiesWritten;
    }

    /**
     * The entities this run left alone because they existed ({@link RestoreMode#SKIP_EXISTING}).
     *
     * @return the count
     */
    public long entitiesSkipped() {
        return entitiesSkipped;
    }

    /**
     * The storage transactions this run spent on writes: batches, and in {@link RestoreMode#SKIP_EXISTING}
     * the reads that check a batch refused because an entity exists.
     *
     * @return the count
     */
    public long transactions() {
        return transactions;
    }

    /**
     * Whether this run went on from a checkpoint.
     *
     * @return true if it resumed
     */
    public boolean isResumed() {
        return resumed;
    }


    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof RestoreResult o
                && Objects.equals(o.manifest, manifest)
                && o.entitiesWritten == entitiesWritten
                && o.entitiesSkipped == entitiesSkipped
                && o.transactions == transactions
                && o.resumed == resumed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(manifest, entitiesWritten, entitiesSkipped, transactions, resumed);
    }

    @Override
    public String toString() {
        return "RestoreResult[" + "manifest=" + manifest + ", " + "entitiesWritten=" + entitiesWritten + ", " + "entitiesSkipped=" + entitiesSkipped + ", " + "transactions=" + transactions + ", " + "resumed=" + resumed + "]";
    }
}
