package io.github.azkit.benchmarks.serializer;

/**
 * A bookmark in a training video: where it is and a short note.
 *
 * @param offset seconds from the start of the video
 * @param note the learner's note, usually a few words
 */
public record Bookmark(int offset, String note) {
}
