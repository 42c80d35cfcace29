package io.github.azkit.table.backup;

import java.util.Objects;

/**
 * What a restore did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param manifest the manifest of the restored backup
 * @param entitiesWritten the entities this run wrote (an interrupted earlier run's are not counted)
 * @param entitiesSkipped the entities this run left alone because they existed ({@link RestoreMode#SKIP_EXISTING})
 * @param transactions the storage transactions this run spent on writes: batches, and in
 *     {@link RestoreMode#SKIP_EXISTING} the reads that check a batch refused because an entity exists
 * @param resumed whether this run went on from a checkpoint
 */
public record RestoreResult(BackupManifest manifest, long entitiesWritten, long entitiesSkipped, long transactions,
        boolean resumed) {

    /**
     * Validates the fields.
     *
     * @param manifest the manifest
     * @param entitiesWritten entities written
     * @param entitiesSkipped entities skipped
     * @param transactions write transactions
     * @param resumed whether resumed
     * @throws NullPointerException if {@code manifest} is null
     */
    public RestoreResult {
        Objects.requireNonNull(manifest, "manifest");
    }
}
