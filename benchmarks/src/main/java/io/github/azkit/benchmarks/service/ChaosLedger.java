package io.github.azkit.benchmarks.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos run's own record of the answers to failed requests: each must be a 503 whose {@code error} is one of the
 * service's two storage sentences ("not done, try again" or "may or may not have been made"). Thread-safe.
 */
final class ChaosLedger {

    /** The service's sentence for a storage failure. */
    static final String UNAVAILABLE = "Storage is not answering right now, so this was not done. Please try again"
            + " in a few seconds: repeating it is safe, nothing is done twice.";
    /** The service's sentence for a write whose outcome storage could not confirm. */
    static final String UNKNOWN = "Storage did not confirm this change: it may or may not have been made. Reload"
            + " the page to see whether it was, and repeat it only if it was not.";

    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();
    private final List<String> wrongSamples = new ArrayList<>();

    /** Records a failed answer (not 2xx) to {@code what}. */
    void failed(String what, ServiceClient.Reply reply) {
        String error = reply.status() == 503 ? reply.json().path("error").asText() : "";
        if (error.equals(UNAVAILABLE)) {
            unavailable.incrementAndGet();
        } else if (error.equals(UNKNOWN)) {
            unknown.incrementAndGet();
        } else {
            wrong(what + ": HTTP " + reply.status() + " " + new String(reply.body(), StandardCharsets.UTF_8));
        }
    }

    /** Records a request that got no HTTP answer at all (a wrong answer too). */
    void wrong(String what) {
        wrong.incrementAndGet();
        synchronized (wrongSamples) {
            if (wrongSamples.size() < 5) {
                wrongSamples.add(what.length() > 300 ? what.substring(0, 300) + "..." : what);
            }
        }
    }

    long unavailable() {
        return unavailable.get();
    }

    long unknown() {
        return unknown.get();
    }

    long wrong() {
        return wrong.get();
    }

    List<String> wrongSamples() {
        synchronized (wrongSamples) {
            return List.copyOf(wrongSamples);
        }
    }
}
