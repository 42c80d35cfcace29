package io.github.azkit.examples.video.watch;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import io.github.azkit.examples.video.EntityStore;
import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.storage.CollectionSerializer;
import io.github.azkit.storage.OptimisticUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bookmarks: the {@code Bookmarks} table (PartitionKey = user id, RowKey = video id) with all of one user's
 * bookmarks in one video serialized into one binary property, as the talk stores them. At most 64 KiB per video;
 * when full, the oldest bookmarks make room for the newest. Thread-safe.
 */
public final class Bookmarks {

    /** The longest note accepted. */
    public static final int MAX_NOTE = 500;

    /**
     * One bookmark.
     *
     * @param offsetSeconds where in the video
     * @param note the user's note
     */
    public record Bookmark(int offsetSeconds, String note) {
    }

    private static final CollectionSerializer<Bookmark> SERIALIZER = CollectionSerializer.<Bookmark>builder()
            .version(1)
            .overflow(CollectionSerializer.Overflow.KEEP_NEWEST)
            .encoder((b, out) -> out.writeInt(b.offsetSeconds()).writeString(b.note()))
            .decoder(in -> new Bookmark(in.readInt(), in.readString()))
            .build();

    private final TableClient table;

    /**
     * Creates the store over an existing table.
     *
     * @param table the {@code Bookmarks} table
     */
    public Bookmarks(TableClient table) {
        this.table = table;
    }

    /**
     * The user's bookmarks in one video, in the order added.
     *
     * @param userId the user
     * @param videoId the video
     * @return the bookmarks
     */
    public List<Bookmark> list(String userId, String videoId) {
        return EntityStore.find(table, userId, videoId).map(Bookmarks::decode).orElse(List.of());
    }

    /**
     * All of the user's bookmarks, by video: one partition query, for the dashboard.
     *
     * @param userId the user
     * @return video id to its bookmarks, in video-id order; only videos with bookmarks
     */
    public java.util.SortedMap<String, List<Bookmark>> all(String userId) {
        java.util.SortedMap<String, List<Bookmark>> all = new java.util.TreeMap<>();
        String filter = io.github.azkit.table.TableFilter.partitionKey(userId).toString();
        for (TableEntity entity : table.listEntities(new com.azure.data.tables.models.ListEntitiesOptions()
                .setFilter(filter), null, null)) {
            List<Bookmark> marks = decode(entity);
            if (!marks.isEmpty()) {
                all.put(entity.getRowKey(), marks);
            }
        }
        return all;
    }

    /**
     * Adds a bookmark.
     *
     * @param userId the user
     * @param videoId the video
     * @param bookmark the bookmark
     * @return the bookmarks after adding
     * @throws ServiceException 400 if the offset is negative or the note too long
     */
    public List<Bookmark> add(String userId, String videoId, Bookmark bookmark) {
        if (bookmark.offsetSeconds() < 0 || bookmark.note().length() > MAX_NOTE) {
            throw new ServiceException(400, "A bookmark needs an offset of 0 or more seconds and a note of at most "
                    + MAX_NOTE + " characters.");
        }
        return change(userId, videoId, list -> {
            list.add(bookmark);
            return true;
        });
    }

    /**
     * Removes the bookmark at an index, if it is still the one the caller saw.
     *
     * @param userId the user
     * @param videoId the video
     * @param index its index in {@link #list}
     * @param expectedOffset the offset of the bookmark the caller means, or null to take the index on trust
     * @return the bookmarks after removing (unchanged if the index is past the end)
     * @throws ServiceException 409 if the bookmark at {@code index} is not at {@code expectedOffset}: the list
     *     changed since the caller read it (another tab, or an old bookmark made room for a new one)
     */
    public List<Bookmark> remove(String userId, String videoId, int index, Integer expectedOffset) {
        return change(userId, videoId, list -> {
            if (index < 0 || index >= list.size()) {
                return false;
            }
            if (expectedOffset != null && list.get(index).offsetSeconds() != expectedOffset) {
                throw new ServiceException(409, "Your bookmarks changed since this page showed them; reload the"
                        + " page and try again.");
            }
            list.remove(index);
            return true;
        });
    }

    private List<Bookmark> change(String userId, String videoId, java.util.function.Predicate<List<Bookmark>> edit) {
        TableEntity result = OptimisticUpdate.update(EntityStore.of(table, userId, videoId), current -> {
            List<Bookmark> list = new ArrayList<>(current == null ? List.of() : decode(current));
            if (!edit.test(list)) {
                return Optional.empty();
            }
            return Optional.of(new TableEntity(userId, videoId).addProperty("Marks", SERIALIZER.serialize(list)));
        }).value();
        return result == null ? List.of() : decode(result);
    }

    private static List<Bookmark> decode(TableEntity entity) {
        Object marks = entity.getProperty("Marks");
        return marks instanceof byte[] bytes ? SERIALIZER.deserialize(bytes) : List.of();
    }
}
