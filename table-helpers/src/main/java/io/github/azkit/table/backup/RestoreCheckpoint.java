package io.github.azkit.table.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

/**
 * Which chunks of a backup a restore has finished: every chunk below {@code low}, plus those in {@code above}.
 * Saved to a local file after every chunk. Thread-safe: every method is synchronized.
 */
final class RestoreCheckpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    final String table;
    final String chain;
    final RestoreMode mode;
    private long low;
    private final TreeSet<Long> above = new TreeSet<>();

    RestoreCheckpoint(Path file, String table, String chain, RestoreMode mode) {
        this.file = file;
        this.table = table;
        this.chain = chain;
        this.mode = mode;
    }

    static RestoreCheckpoint load(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            RestoreCheckpoint c = new RestoreCheckpoint(file, node.get("table").asText(), node.get("chain").asText(),
                    RestoreMode.valueOf(node.get("mode").asText()));
            c.low = node.get("low").asLong();
            node.get("above").forEach(n -> c.above.add(n.asLong()));
            return c;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the restore checkpoint " + file + " is unreadable (" + e.getMessage()
                    + "); delete it to restore from the start", e);
        }
    }

    synchronized boolean isDone(long chunk) {
        return chunk < low || above.contains(chunk);
    }

    synchronized void markDone(long chunk) {
        above.add(chunk);
        while (above.remove(low)) {
            low++;
        }
        save();
    }

    synchronized void save() {
        ObjectNode node = JSON.createObjectNode();
        node.put("table", table);
        node.put("chain", chain);
        node.put("mode", mode.name());
        node.put("low", low);
        above.forEach(node.putArray("above")::add);
        if (!node.has("above")) {
            node.putArray("above");
        }
        try {
            BackupSink.writeAtomically(file, node.toString()); // synced: a power loss leaves the old or the new
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
