package io.github.azkit.table.nojackson;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import io.github.azkit.storage.UpdateResult;
import io.github.azkit.table.EntityProperty;
import io.github.azkit.table.EntitySchema;
import io.github.azkit.table.EntityUpdate;
import io.github.azkit.table.backup.BackupComparison;
import io.github.azkit.table.backup.TableBackup;
import io.github.azkit.table.backup.TableRestore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@code NoJacksonIT} runs in a class loader that cannot see Jackson: an entity-schema round trip, an
 * optimistic update, and a backup, restore and comparison (whose manifest and checkpoints are JSON) against real
 * storage. Every azkit class it touches is loaded by that class loader, so a single reference to a Jackson type in
 * them fails with {@link NoClassDefFoundError}.
 */
public final class NoJacksonProbe {

    enum Plan { MONTHLY, YEARLY }

    record Account(@EntityProperty("PartitionKey") String id, @EntityProperty("RowKey") String rowKey,
            @EntityProperty("DisplayName") String name, int logins, long bytesWatched, double balance, boolean active,
            OffsetDateTime created, Instant lastSeen, UUID ownerId, byte[] avatar, Plan plan) {
    }

    private NoJacksonProbe() {
    }

    /**
     * Runs the probe.
     *
     * @param connectionString the storage account
     * @param tableName a new table's name
     * @param directory a directory for the backup file
     * @return a line describing what was checked
     */
    public static String run(String connectionString, String tableName, Path directory) {
        TableServiceClient service = new TableServiceClientBuilder().connectionString(connectionString).buildClient();
        TableClient table = service.createTable(tableName);
        EntitySchema<Account> schema = EntitySchema.of(Account.class);
        OffsetDateTime created = OffsetDateTime.of(2026, 5, 1, 8, 30, 0, 0, ZoneOffset.UTC);
        byte[] avatar = new byte[100 * 1024];
        Arrays.fill(avatar, (byte) 7);
        Account written = new Account("a1", "", "Ann", 3, 5_000_000_000L, 2.0, true, created, created.toInstant(),
                UUID.fromString("00000000-0000-0000-0000-000000000042"), avatar, Plan.YEARLY);
        table.upsertEntity(schema.toEntity(written));
        Account read = schema.fromEntity(table.getEntity("a1", ""));
        if (!same(read, written) || !"Ann".equals(table.getEntity("a1", "").getProperty("DisplayName"))) {
            throw new AssertionError("round trip changed the value: " + read);
        }
        UpdateResult<Account> updated = EntityUpdate.update(table, schema, "a1", "", a -> Optional.of(
                new Account(a.id(), a.rowKey(), a.name(), a.logins() + 1, a.bytesWatched(), a.balance(), a.active(),
                        a.created(), a.lastSeen(), a.ownerId(), a.avatar(), a.plan())));
        if (!updated.isWritten() || schema.fromEntity(table.getEntity("a1", "")).logins() != 4) {
            throw new AssertionError("the update did not count the login");
        }
        Path file = directory.resolve(tableName + ".azbak");
        long backedUp = TableBackup.builder().tableClient(table).build().backupTo(file).entityCount();
        TableClient copy = service.getTableClient(tableName + "copy");
        long restored = TableRestore.builder().tableClient(copy).checkpointFile(directory.resolve("restore.cp"))
                .build().restoreFrom(file).entitiesWritten();
        if (!BackupComparison.compare(file, copy).isIdentical()) {
            throw new AssertionError("the restored table differs from the backup");
        }
        return "round trip, update, backup of " + backedUp + " and restore of " + restored + " without Jackson";
    }

    private static boolean same(Account a, Account b) {
        return a.id().equals(b.id()) && a.name().equals(b.name()) && a.logins() == b.logins()
                && a.bytesWatched() == b.bytesWatched() && a.balance() == b.balance() && a.active() == b.active()
                && a.created().isEqual(b.created()) && a.lastSeen().equals(b.lastSeen())
                && a.ownerId().equals(b.ownerId()) && Arrays.equals(a.avatar(), b.avatar()) && a.plan() == b.plan();
    }
}
