package io.github.azkit.logging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Block ids for log blobs: Base64 of 24 bytes (always 32 characters, as Azure requires equal lengths within a
 * blob), 16 random bytes that name this writer followed by a sequence number, so that writers on different machines
 * never stage the same id. The header block has one fixed id. Thread-safe.
 *
 * <p>Not {@code io.github.azkit.storage.BlockIds}: its ids encode one sequence number, and two machines appending
 * to the same log would stage the same id with different data (the second Put Block silently replaces the first
 * writer's uncommitted block). The block list is still checked with {@code BlockIds.validate} before a commit.
 */
final class BlockIdSource {

    static final String HEADER_ID = Base64.getEncoder().encodeToString(
            "azkit-log-header-block-0".getBytes(StandardCharsets.US_ASCII));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] writer = new byte[16];
    private final AtomicLong sequence = new AtomicLong();

    BlockIdSource() {
        RANDOM.nextBytes(writer);
    }

    String next() {
        ByteBuffer id = ByteBuffer.allocate(24).put(writer).putLong(sequence.incrementAndGet());
        return Base64.getEncoder().encodeToString(id.array());
    }
}
