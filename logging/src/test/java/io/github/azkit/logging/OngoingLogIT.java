package io.github.azkit.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class OngoingLogIT {

    @Test
    void aFlushOfManyEntriesCostsOnePutBlockAndOnePutBlockListAndNoRead(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = CountedContainer.of(storage.createContainer(), counter);
        // @start region="guide-ongoing-log"
        OngoingLog log = OngoingLog.builder()
                .containerClient(container)       // any BlobContainerClient of yours
                .logId("registrations")           // one block blob: registrations.log
                .build();
        log.appendAll(List.of("alice registered", "bob registered"));

        List<String> batch = IntStream.range(0, 500).mapToObj(i -> "entry " + i).collect(Collectors.toList());
        log.appendAll(batch);                     // 500 entries: 1 Put Block + 1 Put Block List, no read
        // @end region="guide-ongoing-log"
        TransactionCounts before = counter.snapshot();
        log.appendAll(batch);
        TransactionCounts spent = counter.snapshot().minus(before);
        assertThat(spent.get(TransactionKind.WRITE)).as("1 Put Block + 1 Put Block List").isEqualTo(2);
        assertThat(spent.get(TransactionKind.READ)).as("no Get Block List: the cached list is valid").isZero();
        assertThat(spent.total()).isEqualTo(2);
        List<String> expected = new ArrayList<>(List.of("alice registered", "bob registered"));
        expected.addAll(batch);
        expected.addAll(batch);
        assertThat(log.readEntries()).containsExactlyElementsOf(expected);
    }

    @Test
    void theFirstAppendOfAnInstanceReadsTheBlockListOnce(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = CountedContainer.of(storage.createContainer(), counter);
        OngoingLog.builder().containerClient(container).logId("x").build().append("one");
        TransactionCounts before = counter.snapshot();

        OngoingLog restarted = OngoingLog.builder().containerClient(container).logId("x").build();
        restarted.append("two");
        restarted.append("three");

        TransactionCounts spent = counter.snapshot().minus(before);
        assertThat(spent.get(TransactionKind.READ)).isEqualTo(1);
        assertThat(spent.get(TransactionKind.WRITE)).isEqualTo(4);
        assertThat(restarted.readEntries()).containsExactly("one", "two", "three");
    }

    @Test
    void capOf100BlocksAfter1000FlushesKeepsTheHeaderAndTheNewestBlocks(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        CsvLog csv = CsvLog.withColumns("n", "text");
        OngoingLog log = OngoingLog.builder()
                .containerClient(container)
                .logId("capped")
                .header(csv.header())
                .maxBlocks(100)
                .build();

        for (int i = 0; i < 1000; i++) {
            log.append(csv.format(i, "flush " + i));
        }

        List<Block> blocks = log.blobClient().getBlockBlobClient().listBlocks(BlockListType.ALL)
                .getCommittedBlocks();
        assertThat(blocks).as("the newest 100 blocks and the header").hasSize(101);
        assertThat(blocks.get(0).getName()).isEqualTo(BlockIdSource.HEADER_ID);
        List<String> expected = IntStream.range(900, 1000).mapToObj(i -> csv.format(i, "flush " + i))
                .collect(Collectors.toList());
        assertThat(log.readEntries()).containsExactlyElementsOf(expected);
        String whole = log.blobClient().downloadContent().toString();
        assertThat(whole).startsWith("n,text\n900,flush 900\n").endsWith("999,flush 999\n");
    }

    @Test
    void capOf100BlocksWithoutAHeaderKeepsExactlyTheNewest100(TestStorage storage) {
        OngoingLog log = OngoingLog.builder().containerClient(storage.createContainer()).logId("capped")
                .maxBlocks(100).build();
        for (int i = 0; i < 150; i++) {
            log.append("flush " + i);
        }
        assertThat(log.blobClient().getBlockBlobClient().listBlocks(BlockListType.COMMITTED)
                .getCommittedBlocks()).hasSize(100);
        assertThat(log.readEntries()).containsExactlyElementsOf(
                IntStream.range(50, 150).mapToObj(i -> "flush " + i).collect(Collectors.toList()));
    }

    /** The original toolkit lost entries when several writers created the same log at once. */
    @Test
    void regressionRacingCreatorsLoseNoEntries(TestStorage storage) throws Exception {
        BlobContainerClient container = storage.createContainer();
        int writers = 8;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(writers);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            OngoingLog log = OngoingLog.builder().containerClient(container).logId("new").build();
            String entry = "writer " + w;
            done.add(threads.submit(() -> {
                start.await();
                log.append(entry);
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get();
        }
        threads.shutdown();
        List<String> entries = OngoingLog.builder().containerClient(container).logId("new").build().readEntries();
        assertThat(entries).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, writers).mapToObj(w -> "writer " + w).collect(Collectors.toList()));
    }

    @Test
    void neverCommitsMoreThan50000BlocksAtTheRealCap(TestStorage storage) {
        BlobContainerClient container = storage.createContainer();
        OngoingLog log = OngoingLog.builder().containerClient(container).logId("full").maxBlockBytes(1024).build();
        // Given a blob someone filled to 49,990 committed blocks (one staged block listed 49,990 times keeps the
        // test fast: Azurite slows down badly as tens of thousands of blocks are staged).
        BlockBlobClient blob = log.blobClient().getBlockBlobClient();
        String filler = Base64.getEncoder().encodeToString(new byte[24]);
        blob.stageBlock(filler, BinaryData.fromString("old\n"));
        blob.commitBlockList(Collections.nCopies(49_990, filler));

        // When two flushes of 20 blocks each go over the cap,
        List<String> big = IntStream.range(0, 200).mapToObj(i -> String.format("%0100d", i))
                .collect(Collectors.toList());
        log.appendAll(big);
        log.appendAll(big);

        // then the blob holds exactly 50,000 blocks, the newest 40 of them ours.
        List<Block> blocks = blob.listBlocks(BlockListType.COMMITTED).getCommittedBlocks();
        assertThat(blocks).hasSize(OngoingLog.MAX_BLOCKS);
        assertThat(blocks.subList(0, 49_960)).allMatch(b -> b.getName().equals(filler));
        assertThat(blocks.subList(49_960, 50_000)).noneMatch(b -> b.getName().equals(filler));
        assertThat(log.maxBlocks()).isEqualTo(50_000);
    }

    @Test
    void entriesWithLineBreaksAndAnyCharactersRoundTrip(TestStorage storage) {
        OngoingLog log = OngoingLog.builder().containerClient(storage.createContainer())
                .logId("any id / with ? and # and ü and ..").build();
        List<String> entries = List.of("line\nbreak", "cr\r\nlf", "back\\slash\\n", "", "ü€𝄞", "tab\tend");

        log.appendAll(entries);

        assertThat(log.readEntries()).containsExactlyElementsOf(entries);
        assertThat(log.blobClient().getBlobName()).isEqualTo(
                "any%20id%20%2F%20with%20%3F%20and%20%23%20and%20%C3%BC%20and%20%2E%2E.log");
    }

    @Test
    void readsABlobOfManyBlocksByRanges(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        BlobContainerClient container = CountedContainer.of(storage.createContainer(), counter);
        OngoingLog log = OngoingLog.builder().containerClient(container).logId("many").maxBlockBytes(1024).build();
        List<String> entries = IntStream.range(0, 5_000).mapToObj(i -> String.format("%099d", i))
                .collect(Collectors.toList());
        log.appendAll(entries); // 100-byte lines, 10 per 1 KiB block: 500 blocks

        TransactionCounts before = counter.snapshot();
        assertThat(log.readEntries()).containsExactlyElementsOf(entries);
        TransactionCounts spent = counter.snapshot().minus(before);
        assertThat(spent.get(TransactionKind.READ)).as("1 Get Block List + 3 ranges of <= 200 blocks")
                .isEqualTo(4);
    }

    @Test
    void aReadThatRacesAnAppendGoesOnAfterTheLastBlockRead(TestStorage storage) {
        OngoingLog log = OngoingLog.builder().containerClient(storage.createContainer()).logId("racing")
                .maxBlockBytes(1024).build();
        List<String> entries = IntStream.range(0, 5_000).mapToObj(i -> String.format("%099d", i))
                .collect(Collectors.toList());
        log.appendAll(entries); // 500 blocks: three ranges

        List<String> seen = new ArrayList<>();
        log.forEachEntry(entry -> {
            if (seen.isEmpty()) {
                log.append("appended during the read"); // the next range now fails with 412
            }
            seen.add(entry);
        });

        List<String> expected = new ArrayList<>(entries);
        expected.add("appended during the read");
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void badSettingsAreRefusedWithTheValueAndTheFix(TestStorage storage) {
        assertThatThrownBy(() -> OngoingLog.builder().maxBlocks(50_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxBlocks' must be between 1 and 50000").hasMessageContaining("was 50001");
        assertThatThrownBy(() -> OngoingLog.builder().logId(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'logId' must not be empty");
        assertThatThrownBy(() -> OngoingLog.builder().logId("x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("call containerClient(...) before");
        assertThatThrownBy(() -> OngoingLog.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call containerClient(...), logId(...) before build()");
        assertThatThrownBy(() -> OngoingLog.builder().containerClient(storage.createContainer()).logId("x")
                .header("h").maxBlocks(50_000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxBlocks' must be at most 49999 with a header").hasMessageContaining("was 50000");
        assertThat(OngoingLog.builder().containerClient(storage.createContainer()).logId("x").header("h").build()
                .maxBlocks()).as("default with a header: the most that fits").isEqualTo(49_999);
        OngoingLog log = OngoingLog.builder().containerClient(storage.createContainer()).logId("x")
                .maxBlockBytes(1024).build();
        assertThatThrownBy(() -> log.append("x".repeat(2000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("raise 'maxBlockBytes'");
    }
}
