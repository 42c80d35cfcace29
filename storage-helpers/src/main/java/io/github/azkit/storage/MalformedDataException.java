package io.github.azkit.storage;

/**
 * The one exception {@link CollectionSerializer#deserialize(byte[])} throws for input it cannot read: truncated,
 * corrupted, or not written by a {@link CollectionSerializer} at all. The message and {@link #offset()} name the
 * byte offset where reading failed.
 *
 * <p>Immutable and thread-safe.
 */
public final class MalformedDataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The byte offset in the input where the data stopped making sense. */
    private final int offset;

    /**
     * Creates the exception.
     *
     * @param offset the byte offset in the input where reading failed
     * @param message what was wrong
     */
    public MalformedDataException(int offset, String message) {
        super("malformed serialized collection at offset " + offset + ": " + message);
        this.offset = offset;
    }

    /**
     * The byte offset in the input where reading failed.
     *
     * @return the offset, from 0
     */
    public int offset() {
        return offset;
    }
}
