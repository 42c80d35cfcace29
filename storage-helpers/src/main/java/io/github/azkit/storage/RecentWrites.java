package io.github.azkit.storage;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The record of recent writes that {@link OptimisticUpdate} keeps beside a value, so that after a write whose
 * response was lost it can tell "my write was applied" from "another writer's was" without guessing.
 *
 * <p>The record is the ids of the last {@link #CAPACITY} writes, newest first, each {@link #ID_LENGTH} characters
 * of URL-safe Base64 (48 random bits), joined by commas: at most 143 ASCII characters. Every conditional write is
 * based on one version, so the records form a chain: a write's record is its own id followed by the record of the
 * version it replaced.
 *
 * <p>Stateless and thread-safe.
 */
final class RecentWrites {

    /** How many write ids a record keeps. */
    static final int CAPACITY = 16;
    /** The length of one write id. */
    static final int ID_LENGTH = 8;
    /** The longest record: {@code CAPACITY} ids and the commas between them. */
    static final int MAX_LENGTH = CAPACITY * (ID_LENGTH + 1) - 1;

    /** What a re-read says about a write whose outcome was not seen. */
    enum Outcome {
        /** The stored value holds the write. */
        APPLIED,
        /** The write is not in the stored value (it may still land only if the ETag is unchanged). */
        NOT_APPLIED,
        /** The record cannot tell: too many writes since, or a write that kept no record. */
        UNKNOWN
    }

    private RecentWrites() {
    }

    /**
     * A new write id.
     *
     * @return eight characters of URL-safe Base64
     */
    static String newId() {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The record a write stores: its id, then the newest ids of the version it replaces.
     *
     * @param base the record of the version the write replaces, or null
     * @param id the write's id
     * @return the new record
     */
    static String next(@Nullable String base, String id) {
        StringBuilder record = new StringBuilder(MAX_LENGTH).append(id);
        List<String> older = parse(base);
        for (int i = 0; i < older.size() && i < CAPACITY - 1; i++) {
            record.append(',').append(older.get(i));
        }
        return record.toString();
    }

    /**
     * The ids in a record, newest first; an empty list for null or for a record that is not well formed (a value
     * written by something else is treated as one that keeps no record).
     */
    static List<String> parse(@Nullable String record) {
        if (record == null || record.isEmpty() || record.length() > MAX_LENGTH) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(CAPACITY);
        for (String id : record.split(",", -1)) {
            if (id.length() != ID_LENGTH || !isBase64Url(id)) {
                return List.of();
            }
            ids.add(id);
        }
        return ids;
    }

    /**
     * Decides whether a write was applied, from the version it was based on and the version read afterwards.
     *
     * @param base the version the write replaced, or null when it created the value
     * @param now the version read after the failure, or null if there is none
     * @param id the write's id
     * @return the outcome
     */
    static Outcome outcome(@Nullable Versioned<?> base, @Nullable Versioned<?> now, String id) {
        if (now == null) {
            // Absent now: a create that was not applied, or a value deleted since; either way our change is not
            // stored and applying it again cannot count it twice.
            return Outcome.NOT_APPLIED;
        }
        List<String> current = parse(now.recentWrites());
        if (current.contains(id)) {
            return Outcome.APPLIED;
        }
        if (base != null && base.eTag().equals(now.eTag())) {
            return Outcome.NOT_APPLIED;
        }
        List<String> before = base == null ? List.of() : parse(base.recentWrites());
        if (!before.isEmpty()) {
            // Our write would have been the successor of the base's newest write: if that write is still in the
            // record, the chain since the base is complete and ours is not in it.
            return current.contains(before.get(0)) ? Outcome.NOT_APPLIED : Outcome.UNKNOWN;
        }
        // The base kept no record (a create, or a value first written by other code): a record that is not full
        // reaches back to the first write that kept one, which ours would be.
        return !current.isEmpty() && current.size() < CAPACITY ? Outcome.NOT_APPLIED : Outcome.UNKNOWN;
    }

    private static boolean isBase64Url(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
