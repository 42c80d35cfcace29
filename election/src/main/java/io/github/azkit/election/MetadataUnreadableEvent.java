package io.github.azkit.election;

/**
 * The election blob's metadata holds a value this library cannot read, so no instance of a {@link PeriodicElector}
 * can tell whether a period is done, and none runs the job until it is fixed: for example {@code azkitfencingtoken}
 * or {@code azkitlastcompletedperiod} set by hand to something that is not a whole number. Fix it by deleting that
 * metadata key from the blob (or deleting the blob, which also forgets which periods are complete); the elector keeps
 * polling and heals by itself once it can read the blob. Given (and logged at ERROR) once per distinct bad value, not
 * on every poll, to the listener set by {@link PeriodicElector.Builder#onMetadataUnreadable}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MetadataUnreadableEvent {

    private final String blobName;
    private final String key;
    private final String value;
    private final IllegalStateException error;

    MetadataUnreadableEvent(String blobName, String key, String value, IllegalStateException error) {
        this.blobName = blobName;
        this.key = key;
        this.value = value;
        this.error = error;
    }

    /**
     * The election blob's name.
     *
     * @return the blob name
     */
    public String blobName() {
        return blobName;
    }

    /**
     * The metadata key that holds the bad value.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * The bad value.
     *
     * @return the value
     */
    public String value() {
        return value;
    }

    /**
     * The error, whose message says all of this and the fix.
     *
     * @return the error
     */
    public IllegalStateException error() {
        return error;
    }

    @Override
    public String toString() {
        return "MetadataUnreadableEvent[" + blobName + ", " + key + "='" + value + "']";
    }
}
