package io.github.azkit.table.backup;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobClient;
import io.github.azkit.storage.Ticker;
import io.github.azkit.table.internal.Deadline;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The differences between a backup and a live table: entities only in the backup (missing from the table),
 * only in the table (extra), and in both with different properties, names, EDM types or values.
 *
 * <p>{@link #compare(Path, TableClient)} checks the whole backup like a restore does, then reads the table with
 * the backup's own filter. It holds a 16-byte digest and the keys of each backup entity in memory (about 100
 * bytes an entity), not the entities. The table is read once, one query per 1,000 entities; the {@code Timestamp}
 * and ETag are not compared. A table that changes during the comparison gives a mixture, like a backup does.
 *
 * <p>A result of {@link #compare}; users do not create one. Immutable and thread-safe.
 */
public final class BackupComparison {

    /** How many entities of each kind are listed; all are counted. */
    public static final int MAX_LISTED = 100;

    private final long backupEntities;
    private final long tableEntities;
    private final long missingCount;
    private final long extraCount;
    private final long differentCount;
    private final List<String> missing;
    private final List<String> extra;
    private final List<String> different;

    BackupComparison(long backupEntities, long tableEntities, long missingCount, long extraCount, long differentCount, List<String> missing, List<String> extra, List<String> different) {
        this.backupEntities = backupEntities;
        this.tableEntities = tableEntities;
        this.missingCount = missingCount;
        this.extraCount = extraCount;
        this.differentCount = differentCount;
        this.missing = List.copyOf(missing);
        this.extra = List.copyOf(extra);
        this.different = List.copyOf(different);
    }

    /**
     * The entities in the backup.
     *
     * @return the count
     */
    public long backupEntities() {
        return backupEntities;
    }

    /**
     * The entities the table holds (within the backup's filter).
     *
     * @return the count
     */
    public long tableEntities() {
        return tableEntities;
    }

    /**
     * The entities in the backup but not in the table.
     *
     * @return the count
     */
    public long missingCount() {
        return missingCount;
    }

    /**
     * The entities in the table but not in the backup.
     *
     * @return the count
     */
    public long extraCount() {
        return extraCount;
    }

    /**
     * The entities in both whose properties differ.
     *
     * @return the count
     */
    public long differentCount() {
        return differentCount;
    }

    /**
     * The keys of the first {@value #MAX_LISTED} missing entities.
     *
     * @return the keys (unmodifiable)
     */
    public List<String> missing() {
        return missing;
    }

    /**
     * The keys of the first {@value #MAX_LISTED} extra entities.
     *
     * @return the keys (unmodifiable)
     */
    public List<String> extra() {
        return extra;
    }

    /**
     * The keys and differences of the first {@value #MAX_LISTED} different entities.
     *
     * @return the descriptions (unmodifiable)
     */
    public List<String> different() {
        return different;
    }


    /**
     * Whether the table holds exactly the backup's entities, property by property and type by type.
     *
     * @return true if nothing is missing, extra or different
     */
    public boolean isIdentical() {
        return missingCount == 0 && extraCount == 0 && differentCount == 0;
    }

    /**
     * Compares a backup file with a table.
     *
     * @param backup the backup file
     * @param table the live table
     * @return the differences
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the file does not exist
     * @throws CorruptBackupException if the backup is damaged
     * @throws com.azure.data.tables.models.TableServiceException if the table cannot be read
     */
    public static BackupComparison compare(Path backup, TableClient table) {
        return compare(backup, table, null, Context.NONE);
    }

    /**
     * Compares a backup file with a table within {@code timeout}: each page of the table's listing gets the time
     * left, and the comparison stops with a timeout once it has passed.
     *
     * @param backup the backup file
     * @param table the live table
     * @param timeout the bound on the whole comparison, or null for none
     * @param context passed to every call to the table
     * @return the differences
     * @throws NullPointerException if an argument other than {@code timeout} is null
     * @throws IllegalArgumentException if the file does not exist, or the timeout is not positive
     * @throws IllegalStateException with a {@link java.util.concurrent.TimeoutException} as cause, if the timeout
     *     elapsed
     * @throws CorruptBackupException if the backup is damaged
     * @throws com.azure.data.tables.models.TableServiceException if the table cannot be read
     */
    public static BackupComparison compare(Path backup, TableClient table, @Nullable Duration timeout,
            Context context) {
        Objects.requireNonNull(context, "context");
        Deadline deadline = Deadline.after(timeout, Ticker.systemTicker());
        return compare(BackupSource.of(backup), Objects.requireNonNull(table, "table"), deadline, context);
    }

    /**
     * Compares a backup blob with a table.
     *
     * @param backup the backup blob
     * @param table the live table
     * @return the differences
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the blob does not exist
     * @throws CorruptBackupException if the backup is damaged
     * @throws com.azure.data.tables.models.TableServiceException if the table cannot be read
     */
    public static BackupComparison compare(BlobClient backup, TableClient table) {
        return compare(backup, table, null, Context.NONE);
    }

    /**
     * Compares a backup blob with a table within {@code timeout}: each call to the blob and each page of the
     * table's listing gets the time left, and the comparison stops with a timeout once it has passed.
     *
     * @param backup the backup blob
     * @param table the live table
     * @param timeout the bound on the whole comparison, or null for none
     * @param context passed to every call to the blob and the table
     * @return the differences
     * @throws NullPointerException if an argument other than {@code timeout} is null
     * @throws IllegalArgumentException if the blob does not exist, or the timeout is not positive
     * @throws IllegalStateException with a {@link java.util.concurrent.TimeoutException} as cause, if the timeout
     *     elapsed
     * @throws CorruptBackupException if the backup is damaged
     * @throws com.azure.data.tables.models.TableServiceException if the table cannot be read
     */
    public static BackupComparison compare(BlobClient backup, TableClient table, @Nullable Duration timeout,
            Context context) {
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(context, "context");
        Deadline deadline = Deadline.after(timeout, Ticker.systemTicker());
        return compare(BackupSource.of(backup, deadline, context), Objects.requireNonNull(table, "table"), deadline,
                context);
    }

    private static BackupComparison compare(BackupSource source, TableClient table, Deadline deadline,
            Context context) {
        Map<String, byte[]> digests = new HashMap<>();
        BackupManifest manifest = BackupReader.read(source, (index, range, entities) -> {
            for (BackupEntity e : entities) {
                digests.put(e.key(), e.digest());
            }
        });
        ListEntitiesOptions options = new ListEntitiesOptions().setTop(1000);
        if (manifest.filter() != null) {
            options.setFilter(manifest.filter());
        }
        long tableCount = 0;
        long extraCount = 0;
        List<String> extra = new ArrayList<>();
        Map<String, BackupEntity> differentLive = new LinkedHashMap<>();
        long differentCount = 0;
        for (TableEntity entity : table.listEntities(options, deadline.remaining(), context)) {
            if (++tableCount % 1000 == 0) {
                deadline.check(); // the SDK's timeout bounds each page; this bounds the whole listing
            }
            BackupEntity live = BackupEntity.from(entity);
            byte[] digest = digests.remove(live.key());
            if (digest == null) {
                extraCount++;
                if (extra.size() < MAX_LISTED) {
                    extra.add(BackupEntity.describeKey(live.partitionKey(), live.rowKey()));
                }
            } else if (!Arrays.equals(digest, live.digest())) {
                differentCount++;
                if (differentLive.size() < MAX_LISTED) {
                    differentLive.put(live.key(), live);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        digests.keySet().stream().sorted().limit(MAX_LISTED).forEach(k -> {
            int cut = k.indexOf('\u0000');
            missing.add(BackupEntity.describeKey(k.substring(0, cut), k.substring(cut + 1)));
        });
        List<String> different = new ArrayList<>();
        if (!differentLive.isEmpty()) {
            BackupReader.read(source, (index, range, entities) -> {
                for (BackupEntity e : entities) {
                    BackupEntity live = differentLive.get(e.key());
                    if (live != null) {
                        different.add(BackupEntity.describeKey(e.partitionKey(), e.rowKey()) + ": "
                                + e.describeDifference(live));
                    }
                }
            });
        }
        return new BackupComparison(manifest.entityCount(), tableCount, digests.size(), extraCount, differentCount,
                missing, extra, different);
    }


    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof BackupComparison o
                && o.backupEntities == backupEntities
                && o.tableEntities == tableEntities
                && o.missingCount == missingCount
                && o.extraCount == extraCount
                && o.differentCount == differentCount
                && Objects.equals(o.missing, missing)
                && Objects.equals(o.extra, extra)
                && Objects.equals(o.different, different);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backupEntities, tableEntities, missingCount, extraCount, differentCount, missing, extra, different);
    }

    @Override
    public String toString() {
        return "BackupComparison[" + "backupEntities=" + backupEntities + ", " + "tableEntities=" + tableEntities + ", " + "missingCount=" + missingCount + ", " + "extraCount=" + extraCount + ", " + "differentCount=" + differentCount + ", " + "missing=" + missing + ", " + "extra=" + extra + ", " + "different=" + different + "]";
    }
}
