package io.github.azkit.table;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link PropertyMigrator} run stands: the event {@link PropertyMigrator.Builder#onProgress} receives after
 * each page, and the result of a run. Users do not create one.
 *
 * <p>Immutable and thread-safe.
 */
public final class MigrationProgress {

    private final long scanned;
    private final long changed;
    private final long conflicts;
    private final long transactions;
    private final @Nullable String checkpoint;

    MigrationProgress(long scanned, long changed, long conflicts, long transactions, @Nullable String checkpoint) {
        this.scanned = scanned;
        this.changed = changed;
        this.conflicts = conflicts;
        this.transactions = transactions;
        this.checkpoint = checkpoint;
    }

    /**
     * Entities read so far in this run.
     *
     * @return the count
     */
    public long scanned() {
        return scanned;
    }

    /**
     * Entities changed so far in this run (or, in a dry run, that would change).
     *
     * @return the count
     */
    public long changed() {
        return changed;
    }

    /**
     * Entities found changed by another writer between the read and the conditional write, which were read
     * again and migrated again.
     *
     * @return the count
     */
    public long conflicts() {
        return conflicts;
    }

    /**
     * Storage transactions spent so far: list pages, batch transactions and re-reads.
     *
     * @return the count
     */
    public long transactions() {
        return transactions;
    }

    /**
     * The token to resume after the last finished page: save it, and after a crash pass it to
     * {@link PropertyMigrator#run(String)}.
     *
     * @return the checkpoint, or {@code null} when the run is finished
     */
    public @Nullable String checkpoint() {
        return checkpoint;
    }


    /**
     * Whether the whole table (or filtered part) has been migrated.
     *
     * @return {@code true} when there is no checkpoint left
     */
    public boolean isFinished() {
        return checkpoint == null;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof MigrationProgress o
                && o.scanned == scanned
                && o.changed == changed
                && o.conflicts == conflicts
                && o.transactions == transactions
                && Objects.equals(o.checkpoint, checkpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scanned, changed, conflicts, transactions, checkpoint);
    }

    @Override
    public String toString() {
        return "MigrationProgress[" + "scanned=" + scanned + ", " + "changed=" + changed + ", " + "conflicts=" + conflicts + ", " + "transactions=" + transactions + ", " + "checkpoint=" + checkpoint + "]";
    }
}
