package io.github.azkit.table;

import org.jspecify.annotations.Nullable;

/**
 * Where a {@link PropertyMigrator} run stands, reported after each page.
 *
 * <p>Immutable and thread-safe.
 *
 * @param scanned entities read so far in this run
 * @param changed entities changed so far in this run (or, in a dry run, that would change)
 * @param conflicts entities found changed by another writer between the read and the conditional write, which
 *     were read again and migrated again
 * @param transactions storage transactions spent so far: list pages, batch transactions and re-reads
 * @param checkpoint the token to resume after the last finished page: save it, and after a crash pass it to
 *     {@link PropertyMigrator#run(String)}; {@code null} when the run is finished
 */
public record MigrationProgress(long scanned, long changed, long conflicts, long transactions,
        @Nullable String checkpoint) {

    /**
     * Whether the whole table (or filtered part) has been migrated.
     *
     * @return {@code true} when there is no checkpoint left
     */
    public boolean isFinished() {
        return checkpoint == null;
    }
}
