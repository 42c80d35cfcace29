package io.github.azkit.table.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    private static final ObjectMapper JSON = new ObjectMapper();

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
        ObjectNode node = JSON.createObjectNode();
        node.put("table", table);
        node.put("filter", filter);
        ArrayNode s = node.putArray("splits");
        splits.forEach(s::add);
        node.put("startedAt", startedAt.toString());
        node.put("blocks", blocks);
        node.put("bytes", bytes);
        node.put("chunks", chunks);
        node.put("entities", entities);
        node.put("chain", HexFormat.of().formatHex(chain));
        ArrayNode ranges = node.putArray("ranges");
        for (int i = 0; i < tokens.length; i++) {
            ranges.addObject().put("token", tokens[i]).put("done", done[i]);
        }
        return node.toString();
    }

    static BackupCheckpoint fromJson(String json, String where) {
        try {
            JsonNode node = JSON.readTree(json);
            List<String> splits = new ArrayList<>();
            node.get("splits").forEach(x -> splits.add(x.asText()));
            JsonNode filter = node.get("filter");
            BackupCheckpoint c = new BackupCheckpoint(node.get("table").asText(),
                    filter == null || filter.isNull() ? null : filter.asText(), splits,
                    Instant.parse(node.get("startedAt").asText()));
            c.blocks = node.get("blocks").asLong();
            c.bytes = node.get("bytes").asLong();
            c.chunks = node.get("chunks").asLong();
            c.entities = node.get("entities").asLong();
            c.chain = HexFormat.of().parseHex(node.get("chain").asText());
            JsonNode ranges = node.get("ranges");
            if (ranges.size() != c.tokens.length) {
                throw new IllegalStateException("range count mismatch");
            }
            for (int i = 0; i < c.tokens.length; i++) {
                JsonNode t = ranges.get(i).get("token");
                c.tokens[i] = t == null || t.isNull() ? null : t.asText();
                c.done[i] = ranges.get(i).get("done").asBoolean();
            }
            return c;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("the backup checkpoint " + where + " is unreadable (" + e.getMessage()
                    + "); delete it and the .partial file to start the backup again", e);
        }
    }
}
