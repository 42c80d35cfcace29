package io.github.azkit.benchmarks.service;

import java.util.HashMap;
import java.util.Map;

/**
 * One simulated person of the chaos run: who they are, where their player is, and per video the chunks their pings
 * claimed. Not thread-safe: the chaos run sends one person's requests one at a time, holding the person's monitor.
 */
final class ChaosPerson {

    final String email;
    final String userId;
    final String cookie;
    int video;
    int offset;
    /** Per video, the chunks this person's pings claimed. */
    final Map<String, Long> claimed = new HashMap<>();

    ChaosPerson(String email, String userId, String cookie, int video) {
        this.email = email;
        this.userId = userId;
        this.cookie = cookie;
        this.video = video;
    }
}
