package io.github.azkit.table.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 50 corruptions of a backup file: each refused with a clear message before any write. */
@AzkitStorageTest
class CorruptBackupIT {

    private static final long SEED = System.nanoTime();

    @TempDir
    Path dir;

    private record Corruption(String name, UnaryOperator<byte[]> damage, long firstBadByte) {
    }

    private static int manifestOffset(byte[] b) {
        return (int) BackupCodec.getLong(b, b.length - BackupCodec.TRAILER_LENGTH);
    }

    /** Replaces the manifest JSON (with a correct checksum), so only the cross-checks can catch the lie. */
    private static UnaryOperator<byte[]> rewriteManifest(UnaryOperator<String> edit) {
        return b -> {
            int at = manifestOffset(b);
            String json = new String(b, at + BackupCodec.MANIFEST_HEADER_LENGTH,
                    b.length - BackupCodec.TRAILER_LENGTH - at - BackupCodec.MANIFEST_HEADER_LENGTH, StandardCharsets.UTF_8);
            String changed = edit.apply(json);
            if (changed.equals(json)) {
                throw new IllegalStateException("the edit changed nothing in the manifest " + json);
            }
            byte[] edited = changed.getBytes(StandardCharsets.UTF_8);
            var digest = BackupCodec.sha256();
            digest.update(edited);
            byte[] out = Arrays.copyOf(b, at + BackupCodec.MANIFEST_HEADER_LENGTH + edited.length + BackupCodec.TRAILER_LENGTH);
            BackupCodec.putInt(out, at + 1, edited.length);
            System.arraycopy(digest.digest(), 0, out, at + 5, 32);
            System.arraycopy(edited, 0, out, at + BackupCodec.MANIFEST_HEADER_LENGTH, edited.length);
            BackupCodec.putLong(out, out.length - 16, at);
            System.arraycopy(BackupCodec.TRAILER_MAGIC, 0, out, out.length - 8, 8);
            return out;
        };
    }

    @Test
    void fiftyCorruptionsAreEachRefusedAndTheTableIsUnchanged(TestStorage storage) throws Exception {
        TableClient source = storage.createTable();
        BackupTestData.load(source, BackupTestData.standard(1_000, 10));
        Path good = dir.resolve("good.azbak");
        TableBackup.builder().tableClient(source).pageSize(100).build().backupTo(good);
        byte[] original = Files.readAllBytes(good);
        int manifestAt = manifestOffset(original);
        TableClient target = storage.createTable();
        target.upsertEntity(new TableEntity("marker", "1").addProperty("Untouched", true));
        TreeMap<String, BackupEntity> before = BackupTestData.read(target);

        List<Corruption> corruptions = new ArrayList<>();
        Random random = new Random(SEED);
        for (int i = 0; i < 30; i++) {
            int at = random.nextInt(original.length);
            int bit = 1 << random.nextInt(8);
            corruptions.add(new Corruption("flip bit " + bit + " of byte " + at, b -> {
                b[at] ^= (byte) bit;
                return b;
            }, at));
        }
        for (int i = 0; i < 10; i++) {
            int length = random.nextInt(original.length);
            corruptions.add(new Corruption("truncate to " + length, b -> Arrays.copyOf(b, length), length));
        }
        corruptions.add(new Corruption("entity count +1", rewriteManifest(j -> j.replaceAll("\"entityCount\" ?: ?1000",
                "\"entityCount\":1001")), manifestAt));
        corruptions.add(new Corruption("chunk count -1", rewriteManifest(j -> j.replaceAll("\"chunkCount\" ?: ?10",
                "\"chunkCount\":9")), manifestAt));
        corruptions.add(new Corruption("chain altered", rewriteManifest(j -> j.replaceFirst(
                "\"chunkChainSha256\" ?: ?\"(.)", "\"chunkChainSha256\":\"x")), manifestAt));
        corruptions.add(new Corruption("format version 2", rewriteManifest(j -> j.replaceAll("\"formatVersion\" ?: ?1",
                "\"formatVersion\":2")), manifestAt));
        corruptions.add(new Corruption("manifest not JSON", rewriteManifest(j -> j.substring(0, j.length() / 2)),
                manifestAt));
        corruptions.add(new Corruption("manifest without a table", rewriteManifest(j -> j.replace("\"table\"",
                "\"tables\"")), manifestAt));
        corruptions.add(new Corruption("bytes after the trailer", b -> Arrays.copyOf(b, b.length + 3), original.length));
        corruptions.add(new Corruption("trailer points elsewhere", b -> {
            BackupCodec.putLong(b, b.length - 16, manifestAt - 1);
            return b;
        }, original.length - 16));
        corruptions.add(new Corruption("first two chunks swapped", b -> {
            int first = BackupCodec.HEADER_LENGTH;
            int second = first + BackupCodec.CHUNK_HEADER_LENGTH + BackupCodec.getInt(b, first + 9);
            int third = second + BackupCodec.CHUNK_HEADER_LENGTH + BackupCodec.getInt(b, second + 9);
            byte[] out = b.clone();
            System.arraycopy(b, second, out, first, third - second);
            System.arraycopy(b, first, out, first + third - second, second - first);
            return out;
        }, manifestAt));
        corruptions.add(new Corruption("a chunk's range index changed", b -> {
            BackupCodec.putInt(b, BackupCodec.HEADER_LENGTH + 1, 7);
            return b;
        }, manifestAt));
        assertThat(corruptions).hasSize(50);

        Path bad = dir.resolve("bad.azbak");
        for (Corruption c : corruptions) {
            Files.write(bad, c.damage().apply(original.clone()));
            TableRestore restore = TableRestore.builder().tableClient(target).mode(RestoreMode.REPLACE).build();

            CorruptBackupException e = catchThrowableOfType(() -> restore.restoreFrom(bad), CorruptBackupException.class);

            assertThat(e).as(c.name() + " (seed " + SEED + ")").isNotNull();
            assertThat(e.getMessage()).as(c.name()).contains("bad.azbak is damaged at byte " + e.offset() + ": ")
                    .endsWith("Nothing was restored from it; use another copy of the backup.");
            assertThat(e.offset()).as(c.name() + ": " + e.getMessage()).isLessThanOrEqualTo(c.firstBadByte());
            assertThat(BackupTestData.read(target)).as(c.name()).isEqualTo(before);
        }
    }

    /**
     * Every byte of a small backup, one bit flipped at a time, and every truncation length: the reader (no restore,
     * so no storage calls) refuses each, at or before the damaged byte. The 50-case test above draws random
     * positions; this one leaves no position to chance.
     */
    @Test
    void everyByteFlippedAndEveryTruncationIsRefusedAtOrBeforeTheDamage(TestStorage storage) throws Exception {
        TableClient source = storage.createTable();
        BackupTestData.load(source, BackupTestData.standard(60, 3));
        Path good = dir.resolve("small.azbak");
        TableBackup.builder().tableClient(source).pageSize(20).build().backupTo(good);
        byte[] original = Files.readAllBytes(good);
        assertThat(BackupReader.read(BackupSource.of(good), null).entityCount()).isEqualTo(60);

        Path bad = dir.resolve("small-bad.azbak");
        int checked = 0;
        for (int at = 0; at < original.length; at++) {
            byte[] flipped = original.clone();
            flipped[at] ^= (byte) (1 << (at % 8));
            checked += expectRefusedBy(bad, flipped, at, "flip bit " + (at % 8) + " of byte " + at);
        }
        for (int length = 0; length < original.length; length++) {
            checked += expectRefusedBy(bad, Arrays.copyOf(original, length), length, "truncate to " + length);
        }
        assertThat(checked).isEqualTo(2 * original.length);
    }

    private static int expectRefusedBy(Path bad, byte[] content, long firstBadByte, String name) throws Exception {
        Files.write(bad, content);
        CorruptBackupException e = catchThrowableOfType(() -> BackupReader.read(BackupSource.of(bad), null),
                CorruptBackupException.class);
        assertThat(e).as(name).isNotNull();
        assertThat(e.offset()).as(name + ": " + e.getMessage()).isLessThanOrEqualTo(firstBadByte);
        return 1;
    }
}
