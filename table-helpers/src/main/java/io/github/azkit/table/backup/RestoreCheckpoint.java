package io.github.azkit.table.backup;

import com.azure.json.models.JsonArray;
import com.azure.json.models.JsonObject;
import io.github.azkit.table.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which chunks of a backup a restore has finished: every chunk below {@code low}, plus those in {@code above}.
 * Saved to a local file after every chunk. Thread-safe: every method is synchronized.
 */
final class RestoreCheckpoint {

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
            JsonObject node = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            RestoreCheckpoint c = new RestoreCheckpoint(file, Objects.requireNonNull(Json.text(node, "table"), "table"),
                    Objects.requireNonNull(Json.text(node, "chain"), "chain"),
                    RestoreMode.valueOf(Objects.requireNonNull(Json.text(node, "mode"), "mode")));
            c.low = Objects.requireNonNull(Json.integer(node, "low"), "low");
            JsonArray above = node.getProperty("above").asArray();
            for (int i = 0; i < above.size(); i++) {
                c.above.add(above.getElement(i).asNumber().getValue().longValue());
            }
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
        JsonArray done = new JsonArray();
        above.forEach(done::addElement);
        JsonObject node = new JsonObject().setProperty("table", table).setProperty("chain", chain)
                .setProperty("mode", mode.name()).setProperty("low", low).setProperty("above", done);
        try {
            BackupSink.writeAtomically(file, Json.write(node)); // synced: a power loss leaves the old or the new
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
