package io.github.azkit.table.backup;

/**
 * What a restore does about the entities already in the target table.
 *
 * <p>Thread-safe (an enum).
 */
public enum RestoreMode {
    /**
     * Refuse, before writing anything, if the target table holds any entity; otherwise write every entity. The
     * default: a restore into a new or empty table gives exactly the backup.
     */
    FAIL_IF_EXISTS,
    /** Write only the entities whose keys are not in the table; keep the existing ones as they are. */
    SKIP_EXISTING,
    /**
     * Merge each entity into the existing one with the same keys (Insert Or Merge): properties of the backup
     * overwrite, other properties of the live entity stay.
     */
    MERGE,
    /**
     * Replace each entity with the same keys wholly (Insert Or Replace). Entities of the table that are not in the
     * backup stay; restore into a new table to get exactly the backup.
     */
    REPLACE
}
