package io.github.azkit.shedlock;

import org.jspecify.annotations.Nullable;

/**
 * The blob name of a lock: the provider's prefix, then the lock's name unchanged, checked against Azure's rules for
 * blob names (1 to 1,024 characters, at most 254 path segments, no control characters, no backslash, which Azure
 * turns into {@code /}, no segment that is empty or ends with {@code .}). A name that breaks them is refused with an
 * {@link IllegalArgumentException} naming it, rather than mapped, so that the blob in the portal carries the name the
 * application gave and two names never map to one blob.
 *
 * <p>Stateless and thread-safe.
 */
final class BlobNames {

    /** The longest blob name Azure accepts, in characters. */
    static final int MAX_LENGTH = 1024;
    /** The most path segments ({@code /}-separated parts) a blob name may have. */
    static final int MAX_SEGMENTS = 254;

    private BlobNames() {
    }

    /**
     * The blob name of the lock {@code lockName} under {@code prefix}.
     *
     * @throws IllegalArgumentException if the result is not a valid blob name, naming the lock and the fix
     */
    static String of(String prefix, String lockName) {
        String problem = problem(prefix + lockName);
        if (problem != null) {
            throw new IllegalArgumentException("Lock name \"" + printable(lockName) + "\""
                    + (prefix.isEmpty() ? "" : " (with blobPrefix \"" + prefix + "\")")
                    + " cannot be a blob name: " + problem + ". Rename the lock (its @SchedulerLock name or"
                    + " LockConfiguration name) to 1 to " + (MAX_LENGTH - prefix.length()) + " characters with no"
                    + " control characters or '\\', no empty path segment ('//') and no segment ending with '.'");
        }
        return prefix + lockName;
    }

    /**
     * Checks a blob prefix: empty, or the start of valid blob names (it may end with {@code /}).
     *
     * @return the prefix
     * @throws IllegalArgumentException if no lock name could follow it
     */
    static String prefix(String prefix) {
        String problem = prefix.isEmpty() ? null : problem(prefix + "x");
        if (problem != null) {
            throw new IllegalArgumentException("'blobPrefix' \"" + printable(prefix) + "\" cannot start a blob name: "
                    + problem + "; use letters, digits and '-', '_', '.', '/' (for example \"shedlock/\")");
        }
        return prefix;
    }

    /** What makes {@code name} an invalid blob name, or null if it is valid. */
    static @Nullable String problem(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "it is " + name.length() + " characters long, more than the " + MAX_LENGTH + " Azure allows";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                return "it holds the control character U+" + String.format("%04X", (int) c) + " at index " + i;
            }
            if (c == '\\') {
                return "it holds '\\' at index " + i + ", which Azure turns into '/'";
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1)) || Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(name.charAt(i - 1)))) {
                return "it holds an unpaired surrogate at index " + i;
            }
        }
        String[] segments = name.split("/", -1);
        if (segments.length > MAX_SEGMENTS) {
            return "it has " + segments.length + " path segments, more than the " + MAX_SEGMENTS + " Azure allows";
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return name.endsWith("/") ? "it ends with '/'" : "it has an empty path segment ('//' or a leading '/')";
            }
            if (segment.endsWith(".")) {
                return "a path segment (\"" + segment + "\") ends with '.'";
            }
        }
        return null;
    }

    /** The name with control characters shown as {@code \\uXXXX}, for messages. */
    private static String printable(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
