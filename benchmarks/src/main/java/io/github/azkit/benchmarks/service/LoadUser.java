package io.github.azkit.benchmarks.service;

import io.github.azkit.examples.video.library.VideoLibrary;
import java.util.List;
import java.util.Map;

/** One simulated person: session cookie and where the player is. Thread-safe: {@link #nextPing} is synchronized. */
final class LoadUser {

    /** Seconds between the simulated player's progress pings, as the service's own player page (video.js) sends. */
    static final int PING_INTERVAL_SECONDS = 30;

    final String email;
    final String cookie;
    private int video;
    private int offset;

    LoadUser(String email, String cookie, int video, int offset) {
        this.email = email;
        this.cookie = cookie;
        this.video = video;
        this.offset = offset;
    }

    /** The next ping: the player moved on {@link #PING_INTERVAL_SECONDS}; at the end, the next video. */
    synchronized Map.Entry<String, Integer> nextPing(List<VideoLibrary.Video> videos) {
        offset += PING_INTERVAL_SECONDS;
        if (offset > videos.get(video).durationSeconds()) {
            video = (video + 1) % videos.size();
            offset = 0;
        }
        return Map.entry(videos.get(video).id(), offset);
    }
}
