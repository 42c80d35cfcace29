package io.github.azkit.examples.video.watch;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.storage.ETagStore;
import io.github.azkit.storage.OptimisticUpdate;
import io.github.azkit.storage.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The user's ordered queue of videos: one blob per user id, one video id per line, in the user's order (a table
 * would sort them). Every change reads the blob, edits the list and writes it back with If-Match, so two devices
 * editing at once never lose an edit. Thread-safe.
 */
public final class VideoQueue {

    /** The most videos a queue holds. */
    public static final int MAX_ITEMS = 500;

    private final BlobContainerClient container;

    /**
     * Creates the store, and its container if missing.
     *
     * @param container the {@code queues} container
     */
    public VideoQueue(BlobContainerClient container) {
        this.container = container;
        container.createIfNotExists();
    }

    /**
     * The queue.
     *
     * @param userId the user
     * @return the video ids in order
     */
    public List<String> get(String userId) {
        Versioned<BinaryData> current = ETagStore.blob(container.getBlobClient(userId)).read();
        return current == null ? List.of() : parse(current.value());
    }

    /**
     * Appends a video unless it is queued already.
     *
     * @param userId the user
     * @param videoId the video
     * @return the queue after the change
     */
    public List<String> add(String userId, String videoId) {
        return change(userId, list -> {
            if (list.contains(videoId)) {
                return list;
            }
            if (list.size() >= MAX_ITEMS) {
                throw new ServiceException(409, "The queue holds at most " + MAX_ITEMS + " videos.");
            }
            List<String> copy = new ArrayList<>(list);
            copy.add(videoId);
            return copy;
        });
    }

    /**
     * Removes a video.
     *
     * @param userId the user
     * @param videoId the video
     * @return the queue after the change
     */
    public List<String> remove(String userId, String videoId) {
        return change(userId, list -> list.stream().filter(v -> !v.equals(videoId)).toList());
    }

    /**
     * Puts the queue in a new order.
     *
     * @param userId the user
     * @param order the same video ids in the new order
     * @return the queue after the change
     * @throws ServiceException 409 if {@code order} is not a permutation of the queue (it changed meanwhile)
     */
    public List<String> reorder(String userId, List<String> order) {
        return change(userId, list -> {
            if (list.size() != order.size() || !new HashSet<>(list).equals(new HashSet<>(order))) {
                throw new ServiceException(409, "The new order must list exactly the queued videos; the queue"
                        + " may have changed on another device. Reload it and try again.");
            }
            return List.copyOf(order);
        });
    }

    // @start region="guide-queue-blob"
    private List<String> change(String userId, UnaryOperator<List<String>> edit) {
        ETagStore<BinaryData> store = ETagStore.blob(container.getBlobClient(userId));
        BinaryData result = OptimisticUpdate.update(store, current -> {
            List<String> before = current == null ? List.of() : parse(current);
            List<String> after = edit.apply(before);
            return after.equals(before) ? Optional.empty()
                    : Optional.of(BinaryData.fromString(String.join("\n", after)));
        }).value();
        return result == null ? List.of() : parse(result);
    }
    // @end region="guide-queue-blob"

    private static List<String> parse(BinaryData data) {
        String text = new String(data.toBytes(), StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.stream(text.split("\n")).toList();
    }
}
