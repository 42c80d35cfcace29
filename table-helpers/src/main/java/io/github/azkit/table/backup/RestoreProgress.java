package io.github.azkit.table.backup;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a restore stands: the event {@link TableRestore.Builder#onProgress} receives after each chunk (up to 1,000
 * entities) is written. Users do not create one.
 *
 * <p>Immutable and thread-safe.
 */
public final class RestoreProgress {

    private final long entitiesWritten;
    private final long entitiesSkipped;
    private final long entityCount;

    RestoreProgress(long entitiesWritten, long entitiesSkipped, long entityCount) {
        this.entitiesWritten = entitiesWritten;
        this.entitiesSkipped = entitiesSkipped;
        this.entityCount = entityCount;
    }

    /**
     * The entities this run has written so far (an interrupted earlier run's are not counted).
     *
     * @return the count
     */
    public long entitiesWritten() {
        return entitiesWritten;
    }

    /**
     * The entities this run has left alone so far because they existed ({@link RestoreMode#SKIP_EXISTING}).
     *
     * @return the count
     */
    public long entitiesSkipped() {
        return entitiesSkipped;
    }

    /**
     * The entities in the whole backup, from its manifest.
     *
     * @return the count
     */
    public long entityCount() {
        return entityCount;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof RestoreProgress o && o.entitiesWritten == entitiesWritten
                && o.entitiesSkipped == entitiesSkipped && o.entityCount == entityCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(entitiesWritten, entitiesSkipped, entityCount);
    }

    @Override
    public String toString() {
        return "RestoreProgress[entitiesWritten=" + entitiesWritten + ", entitiesSkipped=" + entitiesSkipped
                + ", entityCount=" + entityCount + "]";
    }
}
