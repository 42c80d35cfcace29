package io.github.azkit.logging;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The argument checks and settings shared by this package's builders and operations, written once so that every
 * component refuses the same bad value with the same message. Stateless and thread-safe.
 */
final class Checks {

    /** The smallest {@code maxBlockBytes}: 1 KiB. */
    static final int MIN_BLOCK_BYTES = 1024;
    /** The largest {@code maxBlockBytes}: 100 MiB. */
    static final int MAX_BLOCK_BYTES = 100 * 1024 * 1024;

    private Checks() {
    }

    /** {@code value}, or a {@link NullPointerException} naming the parameter. */
    static <T> T notNull(@Nullable T value, String name) {
        if (value == null) {
            throw new NullPointerException("'" + name + "' must not be null");
        }
        return value;
    }

    /**
     * Checks a builder's required settings: {@code settings} alternates a value and its setter's name. Throws an
     * {@link IllegalStateException} naming every one that is null.
     */
    static void requireSet(@Nullable Object... settings) {
        StringBuilder missing = new StringBuilder();
        int count = 0;
        for (int i = 0; i < settings.length; i += 2) {
            if (settings[i] == null) {
                missing.append(count++ == 0 ? "" : ", ").append(settings[i + 1]).append("(...)");
            }
        }
        if (count > 0) {
            throw new IllegalStateException((count == 1 ? "a required setting is" : "required settings are")
                    + " missing: call " + missing + " before build()");
        }
    }

    /** Checks a cap of committed entry blocks: between 1 and the service limit. */
    static int maxBlocks(int maxBlocks) {
        if (maxBlocks < 1 || maxBlocks > OngoingLog.MAX_BLOCKS) {
            throw new IllegalArgumentException("'maxBlocks' must be between 1 and " + OngoingLog.MAX_BLOCKS
                    + " (the service limit of committed blocks), was " + maxBlocks);
        }
        return maxBlocks;
    }

    /** Checks a largest block size: between 1 KiB and 100 MiB. */
    static int maxBlockBytes(int maxBlockBytes) {
        if (maxBlockBytes < MIN_BLOCK_BYTES || maxBlockBytes > MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException("'maxBlockBytes' must be between " + MIN_BLOCK_BYTES + " and "
                    + MAX_BLOCK_BYTES + ", was " + maxBlockBytes);
        }
        return maxBlockBytes;
    }

    /** The encoded header line, or null for none; refused if it does not fit one block. */
    static byte @Nullable [] headerLine(@Nullable String header, int maxBlockBytes) {
        if (header == null) {
            return null;
        }
        byte[] line = LineCodec.line(header);
        if (line.length > maxBlockBytes) {
            throw new IllegalArgumentException("the header of " + line.length + " bytes exceeds 'maxBlockBytes' ("
                    + maxBlockBytes + "): raise maxBlockBytes");
        }
        return line;
    }

    /** Checks an operation's timeout: null (no limit) or positive. */
    static @Nullable Duration timeout(@Nullable Duration timeout, String name) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("'" + name + "' must be positive, or null for no limit, was "
                    + timeout);
        }
        return timeout;
    }
}
