package io.github.azkit.storage;

import java.util.Base64;
import java.util.Collection;
import java.util.Objects;

/**
 * Block ids for block blobs, made from a sequence number: every id is {@value #LENGTH} characters long, valid Base64
 * (9 bytes decoded, well under the service limit of 64), and ids compare as strings exactly as their sequence
 * numbers compare as numbers ({@code encode(a).compareTo(encode(b))} has the sign of {@code Long.compare(a, b)}).
 *
 * <p>The digits are base 52 over the Base64 characters {@code A-Z a-z}, which are in ASCII order, so the string is
 * both an ordinary Base64 value (the service accepts it as is) and an order-preserving counter. Azure requires all
 * block ids of one blob to have the same length: {@link #validate(Collection)} checks that, and the 64-byte limit,
 * for ids from any source.
 *
 * <p>Stateless and thread-safe.
 */
public final class BlockIds {

    /** The length of every id {@link #encode(long)} returns: 12 characters. */
    public static final int LENGTH = 12;

    /** The service's limit on a block id's decoded length, in bytes. */
    public static final int MAX_DECODED_BYTES = 64;

    private static final String DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int BASE = DIGITS.length(); // 52; 52^12 > Long.MAX_VALUE

    private BlockIds() {
    }

    /**
     * The block id for a sequence number.
     *
     * @param sequence zero or positive
     * @return a {@value #LENGTH}-character Base64 block id
     * @throws IllegalArgumentException if {@code sequence} is negative
     */
    public static String encode(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("'sequence' must not be negative, was " + sequence);
        }
        char[] out = new char[LENGTH];
        long n = sequence;
        for (int i = LENGTH - 1; i >= 0; i--) {
            out[i] = DIGITS.charAt((int) (n % BASE));
            n /= BASE;
        }
        return new String(out);
    }

    /**
     * The sequence number of a block id made by {@link #encode(long)}.
     *
     * @param blockId the block id
     * @return its sequence number
     * @throws IllegalArgumentException if {@code blockId} was not made by {@link #encode(long)} (wrong length, a
     *     character outside {@code A-Z a-z}, or a value beyond {@link Long#MAX_VALUE})
     * @throws NullPointerException if {@code blockId} is null
     */
    public static long decode(String blockId) {
        Objects.requireNonNull(blockId, "'blockId' must not be null");
        if (blockId.length() != LENGTH) {
            throw new IllegalArgumentException("'blockId' must be " + LENGTH + " characters made by BlockIds.encode, was \""
                    + abbreviate(blockId) + "\" (" + blockId.length() + " characters)");
        }
        long n = 0;
        for (int i = 0; i < LENGTH; i++) {
            int digit = DIGITS.indexOf(blockId.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("'blockId' \"" + blockId + "\" has '" + blockId.charAt(i)
                        + "' at index " + i + "; ids made by BlockIds.encode use only A-Z and a-z");
            }
            if (n > (Long.MAX_VALUE - digit) / BASE) {
                throw new IllegalArgumentException("'blockId' \"" + blockId + "\" is beyond Long.MAX_VALUE;"
                        + " it was not made by BlockIds.encode");
            }
            n = n * BASE + digit;
        }
        return n;
    }

    /**
     * Checks a list of block ids against the service's rules before it is sent: each is valid Base64 that decodes to
     * 1 to {@value #MAX_DECODED_BYTES} bytes, and all have the same length.
     *
     * @param blockIds the ids, for example a block list about to be committed
     * @throws IllegalArgumentException naming the first offending id and its index
     * @throws NullPointerException if {@code blockIds} or one of its ids is null
     */
    public static void validate(Collection<String> blockIds) {
        Objects.requireNonNull(blockIds, "'blockIds' must not be null");
        int expectedLength = -1;
        int index = 0;
        for (String id : blockIds) {
            if (id == null) {
                throw new NullPointerException("block id at index " + index + " must not be null");
            }
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(id);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("block id at index " + index + " (\"" + abbreviate(id)
                        + "\") is not valid Base64: " + e.getMessage(), e);
            }
            if (decoded.length == 0 || decoded.length > MAX_DECODED_BYTES) {
                throw new IllegalArgumentException("block id at index " + index + " (\"" + abbreviate(id)
                        + "\") decodes to " + decoded.length + " bytes; the service allows 1 to " + MAX_DECODED_BYTES);
            }
            if (expectedLength < 0) {
                expectedLength = id.length();
            } else if (id.length() != expectedLength) {
                throw new IllegalArgumentException("block id at index " + index + " (\"" + abbreviate(id) + "\") has "
                        + id.length() + " characters but the first has " + expectedLength
                        + "; all block ids of one blob must have the same length");
            }
            index++;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
