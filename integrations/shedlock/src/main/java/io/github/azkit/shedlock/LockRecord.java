package io.github.azkit.shedlock;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one lock blob holds: until when the lock is held, when it was taken and by whom, as UTF-8 text a person can
 * read in the portal:
 *
 * <pre>
 * azkit-shedlock 1
 * lockUntil=2026-12-02T12:05:00.123Z
 * lockedAt=2026-12-02T12:00:00.123Z
 * lockedBy=host-1
 * </pre>
 *
 * <p>The lock is held while {@code lockUntil} is after now, as in every ShedLock provider. Immutable; thread-safe.
 */
final class LockRecord {

    /** The first line: the format and its version. */
    static final String HEADER = "azkit-shedlock 1";

    private final Instant lockUntil;
    private final Instant lockedAt;
    private final String lockedBy;

    LockRecord(Instant lockUntil, Instant lockedAt, String lockedBy) {
        this.lockUntil = Objects.requireNonNull(lockUntil, "lockUntil");
        this.lockedAt = Objects.requireNonNull(lockedAt, "lockedAt");
        this.lockedBy = lockedBy.replaceAll("[\\p{Cntrl}]", "_"); // one line, whatever the host name holds
    }

    /** Until when the lock is held: it is free once now is not before this instant. */
    Instant lockUntil() {
        return lockUntil;
    }

    /** When the lock was taken. */
    Instant lockedAt() {
        return lockedAt;
    }

    /** Who took it (the host name). */
    String lockedBy() {
        return lockedBy;
    }

    /** Whether the lock is held at {@code now}. */
    boolean isHeldAt(Instant now) {
        return lockUntil.isAfter(now);
    }

    /** The same record with another {@code lockUntil}. */
    LockRecord withLockUntil(Instant until) {
        return new LockRecord(until, lockedAt, lockedBy);
    }

    /** The blob's content. */
    byte[] toBytes() {
        return (HEADER + "\nlockUntil=" + lockUntil + "\nlockedAt=" + lockedAt + "\nlockedBy=" + lockedBy + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a blob's content.
     *
     * @param content the blob's content
     * @param where the blob, for the error message
     * @throws IllegalStateException if the content is not a record of this format
     */
    static LockRecord parse(byte[] content, String where) {
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length != 5 || !lines[0].equals(HEADER) || !lines[4].isEmpty()
                || !lines[1].startsWith("lockUntil=") || !lines[2].startsWith("lockedAt=")
                || !lines[3].startsWith("lockedBy=")) {
            throw unreadable(where, null);
        }
        try {
            return new LockRecord(Instant.parse(lines[1].substring("lockUntil=".length())),
                    Instant.parse(lines[2].substring("lockedAt=".length())), lines[3].substring("lockedBy=".length()));
        } catch (DateTimeParseException e) {
            throw unreadable(where, e);
        }
    }

    private static IllegalStateException unreadable(String where, @Nullable Exception cause) {
        return new IllegalStateException(where + " does not hold an azkit ShedLock record (\"" + HEADER
                + "\" and three lines): something else wrote it. Delete the blob if it is not needed, or give the"
                + " provider a container or blobPrefix of its own", cause);
    }

    @Override
    public String toString() {
        return "lockUntil=" + lockUntil + ", lockedAt=" + lockedAt + ", lockedBy=" + lockedBy;
    }
}
