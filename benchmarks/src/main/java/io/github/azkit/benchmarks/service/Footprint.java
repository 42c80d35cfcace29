package io.github.azkit.benchmarks.service;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import io.github.azkit.testing.Azurite;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bytes the service keeps, measured after the run: tables by Azure's entity-size formula, blobs as listed.
 *
 * @param users users the run registered
 * @param fixedTableBytes every table but WatchedVideos
 * @param fixedBlobBytes every container but the library, without the transcripts
 * @param watchedRows rows of WatchedVideos
 * @param watchedBytes bytes of WatchedVideos
 * @param transcriptBytes bytes of the transcripts
 * @param chunks chunks logged (a transcript line each)
 */
record Footprint(int users, long fixedTableBytes, long fixedBlobBytes, long watchedRows, long watchedBytes,
        long transcriptBytes, long chunks) {

    /** Lists what {@code azurite} holds after a run of {@code users} users that logged {@code chunks}, and prints it. */
    static Footprint measure(Azurite azurite, int users, long chunks) {
        TableServiceClient tables = new TableServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient();
        BlobServiceClient blobClient = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient();
        Map<String, long[]> byTable = new TreeMap<>();
        tables.listTables().forEach(item -> {
            TableClient table = tables.getTableClient(item.getName());
            long[] sizes = new long[2];
            table.listEntities().forEach(entity -> {
                sizes[0]++;
                sizes[1] += entityBytes(entity);
            });
            byTable.put(item.getName(), sizes);
        });
        Map<String, Long> byContainer = new TreeMap<>();
        long transcripts = 0;
        for (var container : blobClient.listBlobContainers()) {
            long bytes = 0;
            for (BlobItem blob : blobClient.getBlobContainerClient(container.getName()).listBlobs()) {
                long size = blob.getProperties().getContentLength();
                if (blob.getName().startsWith("transcripts/")) {
                    transcripts += size;
                } else {
                    bytes += size;
                }
            }
            byContainer.put(container.getName(), bytes);
        }
        long[] watched = byTable.getOrDefault("WatchedVideos", new long[2]);
        long fixedTable = byTable.values().stream().mapToLong(s -> s[1]).sum() - watched[1];
        long fixedBlob = byContainer.entrySet().stream().filter(e -> !e.getKey().equals("library"))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.println();
        System.out.println("Storage held after the run (table sizes by Azure's entity-size formula):");
        byTable.forEach((name, s) -> System.out.printf(Locale.ROOT, "- table %s: %,d entities, %,d bytes%n", name, s[0],
                s[1]));
        byContainer.forEach((name, bytes) -> System.out.printf(Locale.ROOT, "- container %s: %,d bytes%s%n", name,
                bytes, name.equals("logs") ? " (without transcripts)" : ""));
        System.out.printf(Locale.ROOT, "- transcripts: %,d bytes for %,d chunks logged%n", transcripts, chunks);
        return new Footprint(users, fixedTable, fixedBlob, watched[0], watched[1], transcripts, chunks);
    }

    /**
     * Azure's documented billable size of an entity: 4 bytes + 2 per key character + per property 8 bytes + 2 per
     * name character + the value (string 4 + 2 per character, binary 4 + length, bool 1, int 4, long/double/date 8,
     * GUID 16).
     */
    static long entityBytes(TableEntity entity) {
        long bytes = 4 + 2L * (entity.getPartitionKey().length() + entity.getRowKey().length());
        for (Map.Entry<String, Object> property : entity.getProperties().entrySet()) {
            String name = property.getKey();
            if (name.equals("PartitionKey") || name.equals("RowKey") || name.startsWith("odata.")
                    || name.endsWith("@odata.type")) {
                continue;
            }
            Object value = property.getValue();
            long size;
            if (value instanceof String s) {
                size = 4 + 2L * s.length();
            } else if (value instanceof byte[] b) {
                size = 4 + b.length;
            } else if (value instanceof Boolean) {
                size = 1;
            } else if (value instanceof Integer) {
                size = 4;
            } else if (value instanceof java.util.UUID) {
                size = 16;
            } else {
                size = 8;
            }
            bytes += 8 + 2L * name.length() + size;
        }
        return bytes;
    }
}
