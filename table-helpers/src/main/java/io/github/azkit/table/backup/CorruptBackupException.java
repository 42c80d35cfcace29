package io.github.azkit.table.backup;

/**
 * A backup is damaged: a checksum does not match, the file is truncated, or its manifest is wrong. The message
 * names the backup, the byte offset and the chunk where the damage was found. Nothing was written when a restore
 * throws it: a restore reads and checks the whole backup before its first write.
 *
 * <p>Immutable and thread-safe.
 */
public final class CorruptBackupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The byte offset where the damage was found. */
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where
     * @param offset the byte offset in the backup where the damage was found
     * @param cause the underlying failure, or null
     */
    public CorruptBackupException(String message, long offset, @org.jspecify.annotations.Nullable Throwable cause) {
        super(message, cause);
        this.offset = offset;
    }

    /**
     * The byte offset in the backup where the damage was found.
     *
     * @return the offset from the start of the backup
     */
    public long offset() {
        return offset;
    }
}
