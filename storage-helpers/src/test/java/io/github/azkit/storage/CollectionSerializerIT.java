package io.github.azkit.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A full 64 KiB serialized collection stored in, and read back from, one table property. */
@AzkitStorageTest
class CollectionSerializerIT {

    record Bookmark(int offsetSeconds, String note) {
    }

    @Test
    void theNewestBookmarksFitInOneTablePropertyAndComeBack(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        TableClient table = storage.tableServiceClientBuilder().addPolicy(counter).buildClient()
                .getTableClient(storage.createTable().getTableName());
        List<Bookmark> history = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            history.add(new Bookmark(i * 7, "bookmark number " + i));
        }

        // start:property
        // @start region="guide-collection-property"
        CollectionSerializer<Bookmark> bookmarks = CollectionSerializer.<Bookmark>builder()
                .version(1)
                .encoder((b, out) -> out.writeInt(b.offsetSeconds()).writeString(b.note()))
                .decoder(in -> new Bookmark(in.readInt(), in.readString()))
                .overflow(CollectionSerializer.Overflow.KEEP_NEWEST) // default capacity: 64 KiB
                .build();
        table.upsertEntity(new TableEntity("user-42", "bookmarks")
                .addProperty("Bookmarks", bookmarks.serialize(history)));

        byte[] stored = (byte[]) table.getEntity("user-42", "bookmarks").getProperty("Bookmarks");
        List<Bookmark> newest = bookmarks.deserialize(stored);
        // @end region="guide-collection-property"
        // end:property

        assertThat(stored.length).isLessThanOrEqualTo(65_536).isGreaterThan(65_500);
        assertThat(newest).isNotEmpty().isEqualTo(history.subList(history.size() - newest.size(), history.size()));
        assertThat(counter.snapshot().get(TransactionKind.WRITE)).isEqualTo(1);
        assertThat(counter.snapshot().get(TransactionKind.READ)).isEqualTo(1);
        System.out.println("64 KiB table property holds the newest " + newest.size() + " of " + history.size()
                + " bookmarks (" + stored.length + " bytes)");
    }
}
