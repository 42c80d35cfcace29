package io.github.azkit.table.backup;

import com.azure.json.models.JsonArray;
import com.azure.json.models.JsonElement;
import com.azure.json.models.JsonObject;
import io.github.azkit.table.internal.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The state of an unfinished backup, saved after every appended page: how much of the output is good, the
 * running checksum chain, and where each partition-key range goes on. Mutable; guarded by the writer's lock.
 */
final class BackupCheckpoint {

    final String table;
    final @Nullable String filter;
    final List<String> splits;
    final Instant startedAt;
    long blocks;
    long bytes;
    long chunks;
    long entities;
    byte[] chain = new byte[32];
    final @Nullable String[] tokens;
    final boolean[] done;

    BackupCheckpoint(String table, @Nullable String filter, List<String> splits, Instant startedAt) {
        this.table = table;
        this.filter = filter;
        this.splits = List.copyOf(splits);
        this.startedAt = startedAt;
        this.tokens = new String[splits.size() + 1];
        this.done = new boolean[splits.size() + 1];
    }

    boolean sameBackupAs(String table, @Nullable String filter, List<String> splits) {
        return this.table.equals(table) && Objects.equals(this.filter, filter) && this.splits.equals(splits);
    }

    String toJson() {
        JsonArray s = new JsonArray();
        splits.forEach(s::addElement);
        JsonArray ranges = new JsonArray();
        for (int i = 0; i < tokens.length; i++) {
            ranges.addElement(new JsonObject().setProperty("token", Json.stringOrNull(tokens[i]))
                    .setProperty("done", done[i]));
        }
        return Json.write(new JsonObject()
                .setProperty("table", table)
                .setProperty("filter", Json.stringOrNull(filter))
                .setProperty("splits", s)
                .setProperty("startedAt", startedAt.toString())
                .setProperty("blocks", blocks)
                .setProperty("bytes", bytes)
                .setProperty("chunks", chunks)
                .setProperty("entities", entities)
                .setProperty("chain", HexFormat.of().formatHex(chain))
                .setProperty("ranges", ranges));
    }

    static BackupCheckpoint fromJson(String json, String where) {
        try {
            JsonObject node = Json.parse(json);
            List<String> splits = new ArrayList<>();
            JsonArray s = node.getProperty("splits").asArray();
            for (int i = 0; i < s.size(); i++) {
                splits.add(s.getElement(i).asString().getValue());
            }
            BackupCheckpoint c = new BackupCheckpoint(Objects.requireNonNull(Json.text(node, "table"), "table"),
                    Json.text(node, "filter"), splits,
                    Instant.parse(Objects.requireNonNull(Json.text(node, "startedAt"), "startedAt")));
            c.blocks = count(node, "blocks");
            c.bytes = count(node, "bytes");
            c.chunks = count(node, "chunks");
            c.entities = count(node, "entities");
            c.chain = HexFormat.of().parseHex(Objects.requireNonNull(Json.text(node, "chain"), "chain"));
            JsonArray ranges = node.getProperty("ranges").asArray();
            if (ranges.size() != c.tokens.length) {
                throw new IllegalStateException("range count mismatch");
            }
            for (int i = 0; i < c.tokens.length; i++) {
                JsonObject range = ranges.getElement(i).asObject();
                c.tokens[i] = Json.text(range, "token");
                JsonElement done = range.getProperty("done");
                c.done[i] = done != null && done.isBoolean() && done.asBoolean().getValue();
            }
            return c;
        } catch (RuntimeException e) {
            throw new IllegalStateException("the backup checkpoint " + where + " is unreadable (" + e.getMessage()
                    + "); delete it and the .partial file to start the backup again", e);
        }
    }

    private static long count(JsonObject node, String field) {
        return Objects.requireNonNull(Json.integer(node, field), field);
    }
}
