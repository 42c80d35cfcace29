package io.github.azkit.table.backup;

import com.azure.json.models.JsonArray;
import com.azure.json.models.JsonElement;
import com.azure.json.models.JsonObject;
import io.github.azkit.table.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The manifest of a table backup: what was backed up, when, how many entities, and the checksum that ties the
 * data chunks together. It is stored as UTF-8 JSON at the end of the backup, with its own SHA-256.
 *
 * <p>A result of the library (from {@link TableBackup} and {@link TableRestore}); users do not create one.
 * Immutable and thread-safe.
 */
public final class BackupManifest {

    private final int formatVersion;
    private final String table;
    private final @Nullable String filter;
    private final List<String> partitionKeySplits;
    private final Instant startedAt;
    private final Instant completedAt;
    private final long entityCount;
    private final long chunkCount;
    private final String chunkChainSha256;

    BackupManifest(int formatVersion, String table, @Nullable String filter, List<String> partitionKeySplits,
            Instant startedAt, Instant completedAt, long entityCount, long chunkCount, String chunkChainSha256) {
        this.formatVersion = formatVersion;
        this.table = Objects.requireNonNull(table, "table");
        this.filter = filter;
        this.partitionKeySplits = List.copyOf(partitionKeySplits);
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.completedAt = Objects.requireNonNull(completedAt, "completedAt");
        this.entityCount = entityCount;
        this.chunkCount = chunkCount;
        this.chunkChainSha256 = Objects.requireNonNull(chunkChainSha256, "chunkChainSha256");
    }

    /**
     * The backup format version.
     *
     * @return 1
     */
    public int formatVersion() {
        return formatVersion;
    }

    /**
     * The name of the table that was backed up.
     *
     * @return the table name
     */
    public String table() {
        return table;
    }

    /**
     * The OData filter the backup was restricted to.
     *
     * @return the filter, or null for the whole table
     */
    public @Nullable String filter() {
        return filter;
    }

    /**
     * The partition keys at which the key space was cut into ranges backed up in parallel.
     *
     * @return the split keys (unmodifiable; empty for one range)
     */
    public List<String> partitionKeySplits() {
        return partitionKeySplits;
    }

    /**
     * When the backup started (the first run, if it was resumed).
     *
     * @return the start time
     */
    public Instant startedAt() {
        return startedAt;
    }

    /**
     * When the last entity was written.
     *
     * @return the completion time
     */
    public Instant completedAt() {
        return completedAt;
    }

    /**
     * The number of entities in the backup.
     *
     * @return the entity count
     */
    public long entityCount() {
        return entityCount;
    }

    /**
     * The number of compressed data chunks.
     *
     * @return the chunk count
     */
    public long chunkCount() {
        return chunkCount;
    }

    /**
     * The hex SHA-256 chain over every chunk's header and checksum, in file order.
     *
     * @return 64 hex digits
     */
    public String chunkChainSha256() {
        return chunkChainSha256;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof BackupManifest m && m.formatVersion == formatVersion && m.table.equals(table)
                && Objects.equals(m.filter, filter) && m.partitionKeySplits.equals(partitionKeySplits)
                && m.startedAt.equals(startedAt) && m.completedAt.equals(completedAt) && m.entityCount == entityCount
                && m.chunkCount == chunkCount && m.chunkChainSha256.equals(chunkChainSha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(formatVersion, table, filter, partitionKeySplits, startedAt, completedAt, entityCount,
                chunkCount, chunkChainSha256);
    }

    @Override
    public String toString() {
        return "BackupManifest[formatVersion=" + formatVersion + ", table=" + table + ", filter=" + filter
                + ", partitionKeySplits=" + partitionKeySplits + ", startedAt=" + startedAt + ", completedAt="
                + completedAt + ", entityCount=" + entityCount + ", chunkCount=" + chunkCount
                + ", chunkChainSha256=" + chunkChainSha256 + "]";
    }

    byte[] toJson() {
        JsonArray splits = new JsonArray();
        partitionKeySplits.forEach(splits::addElement);
        JsonObject node = new JsonObject()
                .setProperty("format", "azkit-table-backup")
                .setProperty("formatVersion", formatVersion)
                .setProperty("table", table)
                .setProperty("filter", Json.stringOrNull(filter))
                .setProperty("partitionKeySplits", splits)
                .setProperty("startedAt", startedAt.toString())
                .setProperty("completedAt", completedAt.toString())
                .setProperty("entityCount", entityCount)
                .setProperty("chunkCount", chunkCount)
                .setProperty("chunkChainSha256", chunkChainSha256);
        return Json.write(node).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses the JSON; throws IllegalArgumentException saying which field is wrong. */
    static BackupManifest fromJson(byte[] json) {
        JsonObject node;
        try {
            node = Json.parse(new String(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the manifest is not valid JSON: " + e.getMessage(), e);
        }
        if (!"azkit-table-backup".equals(Json.text(node, "format"))) {
            throw new IllegalArgumentException("the manifest is not an azkit-table-backup manifest");
        }
        Long version = Json.integer(node, "formatVersion");
        if (version == null || version != BackupCodec.FORMAT_VERSION) {
            throw new IllegalArgumentException("the manifest has format version " + (version == null ? -1 : version)
                    + "; this library reads version " + BackupCodec.FORMAT_VERSION);
        }
        List<String> splits = new ArrayList<>();
        JsonElement array = node.getProperty("partitionKeySplits");
        if (array != null && array.isArray()) {
            for (int i = 0; i < array.asArray().size(); i++) {
                JsonElement s = array.asArray().getElement(i);
                splits.add(s.isString() ? s.asString().getValue() : String.valueOf(s));
            }
        }
        try {
            return new BackupManifest(version.intValue(), required(node, "table"), Json.text(node, "filter"), splits,
                    Instant.parse(required(node, "startedAt")), Instant.parse(required(node, "completedAt")),
                    requiredLong(node, "entityCount"), requiredLong(node, "chunkCount"),
                    required(node, "chunkChainSha256"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("the manifest has an invalid time: " + e.getParsedString(), e);
        }
    }

    private static String required(JsonObject node, String field) {
        String v = Json.text(node, field);
        if (v == null) {
            throw new IllegalArgumentException("the manifest lacks the field '" + field + "'");
        }
        return v;
    }

    private static long requiredLong(JsonObject node, String field) {
        Long v = Json.integer(node, field);
        if (v == null || v < 0) {
            throw new IllegalArgumentException("the manifest's '" + field + "' is missing or not a count: "
                    + node.getProperty(field));
        }
        return v;
    }
}
