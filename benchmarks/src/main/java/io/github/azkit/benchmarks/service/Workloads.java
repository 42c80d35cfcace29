package io.github.azkit.benchmarks.service;

import io.github.azkit.examples.video.library.VideoLibrary;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The three workloads, one step each for one user: a progress ping, a library request, a dashboard page view. Each
 * step sends its requests over HTTP and records them in the calling thread's {@link LoadRecorder}. Thread-safe.
 */
final class Workloads {

    /** What {@code /dashboard.html} loads: one page view. */
    static final List<String> DASHBOARD = List.of("/api/me", "/api/queue", "/api/history", "/api/continue",
            "/api/bookmarks");

    private final LoadTarget target;
    private final AtomicInteger browseTurn = new AtomicInteger();

    Workloads(LoadTarget target) {
        this.target = target;
    }

    /** The user's player moved on: a progress ping, recorded under "wrote" or "nowrite". */
    void ping(LoadUser user, LoadRecorder recorder) {
        Map.Entry<String, Integer> next = user.nextPing(target.videos());
        long start = System.nanoTime();
        ServiceClient.Reply reply;
        try {
            reply = target.api().post("/api/watch/" + next.getKey() + "/progress", user.cookie,
                    Map.of("offset", next.getValue()));
        } catch (RuntimeException e) {
            recorder.error(System.nanoTime() - start, "ping: " + e);
            return;
        }
        long nanos = System.nanoTime() - start;
        if (!reply.ok()) {
            recorder.error(nanos, "ping: HTTP " + reply.status() + " " + new String(reply.body(), StandardCharsets.UTF_8));
            return;
        }
        boolean wrote = reply.json().path("wrote").asBoolean();
        if (wrote) {
            recorder.wrote();
            target.chunkLogged();
        }
        recorder.record(nanos, wrote ? "wrote" : "nowrite");
    }

    /** One library request: plain, by author, by search, by both, or one video, in turn. */
    void browse(LoadUser user, LoadRecorder recorder) {
        List<VideoLibrary.Video> videos = target.videos();
        int turn = browseTurn.getAndIncrement();
        VideoLibrary.Video video = videos.get(Math.floorMod(turn, videos.size()));
        String path = switch (Math.floorMod(turn, 5)) {
            case 0 -> "/api/library";
            case 1 -> "/api/library?author=" + video.instructorId();
            case 2 -> "/api/library?q=tables";
            case 3 -> "/api/library?author=" + video.instructorId() + "&q=introduction";
            default -> "/api/library/videos/" + video.id();
        };
        get(user, path, recorder);
    }

    /** One dashboard page view: the {@link #DASHBOARD} requests. */
    void dashboard(LoadUser user, LoadRecorder recorder) {
        for (String path : DASHBOARD) {
            get(user, path, recorder);
        }
    }

    private void get(LoadUser user, String path, LoadRecorder recorder) {
        long start = System.nanoTime();
        try {
            ServiceClient.Reply reply = target.api().get(path, user.cookie);
            long nanos = System.nanoTime() - start;
            if (reply.ok()) {
                recorder.record(nanos, null);
            } else {
                recorder.error(nanos, path + ": HTTP " + reply.status() + " "
                        + new String(reply.body(), StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            recorder.error(System.nanoTime() - start, path + ": " + e);
        }
    }
}
