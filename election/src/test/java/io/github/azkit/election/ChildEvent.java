package io.github.azkit.election;

import io.github.azkit.testing.ChildJvm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event line a child JVM of the election tests printed, {@code KIND key=value key=value ...}, for example
 * {@code START period=3 pid=4711 token=5 at=123456789}. {@code at} is the child's {@link System#nanoTime()}: on Linux
 * that is {@code CLOCK_MONOTONIC}, one clock for every process of the machine, so events of different children (and
 * of the test) can be ordered by it.
 */
record ChildEvent(String child, String kind, Map<String, String> fields, String line) {

    /** The events of {@code child}'s output so far, in order; lines of another shape (logging) are left out. */
    static List<ChildEvent> of(ChildJvm child) {
        List<ChildEvent> events = new ArrayList<>();
        for (String line : child.outputLines()) {
            String[] words = line.split(" ");
            if (words.length < 2 || !words[0].matches("[A-Z_]+") || !words[1].contains("=")) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 1; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                if (eq > 0) {
                    fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
                }
            }
            events.add(new ChildEvent(child.name(), words[0], Map.copyOf(fields), line));
        }
        return events;
    }

    /** The events of all {@code children}, child by child. */
    static List<ChildEvent> of(List<ChildJvm> children) {
        List<ChildEvent> events = new ArrayList<>();
        children.forEach(child -> events.addAll(of(child)));
        return events;
    }

    long number(String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalStateException("event of " + child + " has no '" + key + "': " + line);
        }
        return Long.parseLong(value);
    }

    long period() {
        return number("period");
    }

    long token() {
        return number("token");
    }

    long at() {
        return number("at");
    }

    @Override
    public String toString() {
        return child + ": " + line;
    }
}
