package io.github.azkit.table.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * <p>Immutable and thread-safe.
 *
 * @param formatVersion the backup format version (1)
 * @param table the name of the table that was backed up
 * @param filter the OData filter the backup was restricted to, or null for the whole table
 * @param partitionKeySplits the partition keys at which the key space was cut into ranges backed up in parallel
 * @param startedAt when the backup started (the first run, if it was resumed)
 * @param completedAt when the last entity was written
 * @param entityCount the number of entities in the backup
 * @param chunkCount the number of compressed data chunks
 * @param chunkChainSha256 the hex SHA-256 chain over every chunk's header and checksum, in file order
 */
public record BackupManifest(int formatVersion, String table, @Nullable String filter, List<String> partitionKeySplits,
        Instant startedAt, Instant completedAt, long entityCount, long chunkCount, String chunkChainSha256) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Validates and copies the fields.
     *
     * @param formatVersion the backup format version
     * @param table the table name
     * @param filter the filter or null
     * @param partitionKeySplits the split keys
     * @param startedAt the start time
     * @param completedAt the completion time
     * @param entityCount the entity count
     * @param chunkCount the chunk count
     * @param chunkChainSha256 the chain checksum
     * @throws NullPointerException if a non-nullable field is null
     */
    public BackupManifest {
        Objects.requireNonNull(table, "table");
        partitionKeySplits = List.copyOf(partitionKeySplits);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(chunkChainSha256, "chunkChainSha256");
    }

    byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", "azkit-table-backup");
        node.put("formatVersion", formatVersion);
        node.put("table", table);
        node.put("filter", filter);
        ArrayNode splits = node.putArray("partitionKeySplits");
        partitionKeySplits.forEach(splits::add);
        node.put("startedAt", startedAt.toString());
        node.put("completedAt", completedAt.toString());
        node.put("entityCount", entityCount);
        node.put("chunkCount", chunkCount);
        node.put("chunkChainSha256", chunkChainSha256);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses the JSON; throws IllegalArgumentException saying which field is wrong. */
    static BackupManifest fromJson(byte[] json) {
        JsonNode node;
        try {
            node = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the manifest is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject() || !"azkit-table-backup".equals(text(node, "format"))) {
            throw new IllegalArgumentException("the manifest is not an azkit-table-backup manifest");
        }
        int version = node.path("formatVersion").asInt(-1);
        if (version != BackupCodec.FORMAT_VERSION) {
            throw new IllegalArgumentException("the manifest has format version " + version
                    + "; this library reads version " + BackupCodec.FORMAT_VERSION);
        }
        List<String> splits = new ArrayList<>();
        node.path("partitionKeySplits").forEach(s -> splits.add(s.asText()));
        JsonNode filter = node.get("filter");
        try {
            return new BackupManifest(version, required(node, "table"),
                    filter == null || filter.isNull() ? null : filter.asText(), splits,
                    Instant.parse(required(node, "startedAt")), Instant.parse(required(node, "completedAt")),
                    requiredLong(node, "entityCount"), requiredLong(node, "chunkCount"),
                    required(node, "chunkChainSha256"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("the manifest has an invalid time: " + e.getParsedString(), e);
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    private static String required(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null) {
            throw new IllegalArgumentException("the manifest lacks the field '" + field + "'");
        }
        return v;
    }

    private static long requiredLong(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong() || v.asLong() < 0) {
            throw new IllegalArgumentException("the manifest's '" + field + "' is missing or not a count: " + v);
        }
        return v.asLong();
    }
}
