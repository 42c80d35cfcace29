package io.github.azkit.benchmarks.service;

import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.examples.video.library.VideoLibrary;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.testing.Azurite;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The video service under load and what counts its storage requests: the service's own {@link TransactionCounter}
 * (every request) and the {@link BlobRequestCounter} in front of Azurite's blob port (blob requests only); the client
 * every simulated user shares; the library's videos in id order; and how many chunks the pings logged (a transcript
 * line each). Thread-safe.
 */
final class LoadTarget {

    private final ServiceClient api;
    private final VideoService service;
    private final TransactionCounter counter;
    private final BlobRequestCounter blobs;
    private final List<VideoLibrary.Video> videos;
    private final AtomicLong chunksLogged = new AtomicLong();

    LoadTarget(ServiceClient api, VideoService service, TransactionCounter counter, BlobRequestCounter blobs) {
        this.api = api;
        this.service = service;
        this.counter = counter;
        this.blobs = blobs;
        this.videos = service.library().orElseThrow().videos().values().stream()
                .sorted(Comparator.comparing(VideoLibrary.Video::id)).toList();
    }

    /**
     * Azurite's connection string with its blob endpoint moved to {@code blobs}, so that every blob request of the
     * service passes through the counter.
     *
     * @throws IllegalStateException if the connection string does not name the blob endpoint as expected
     */
    static String countedConnectionString(Azurite azurite, BlobRequestCounter blobs) {
        String counted = azurite.connectionString().replace("127.0.0.1:" + azurite.blobPort() + "/",
                "127.0.0.1:" + blobs.port() + "/");
        if (counted.equals(azurite.connectionString())) {
            throw new IllegalStateException("Could not point the blob endpoint at the counter: "
                    + "the connection string has no 127.0.0.1:" + azurite.blobPort() + "/");
        }
        return counted;
    }

    ServiceClient api() {
        return api;
    }

    VideoService service() {
        return service;
    }

    TransactionCounter counter() {
        return counter;
    }

    BlobRequestCounter blobs() {
        return blobs;
    }

    List<VideoLibrary.Video> videos() {
        return videos;
    }

    /** Counts a ping that answered {@code wrote: true}: one more transcript line. */
    void chunkLogged() {
        chunksLogged.incrementAndGet();
    }

    long chunksLogged() {
        return chunksLogged.get();
    }
}
