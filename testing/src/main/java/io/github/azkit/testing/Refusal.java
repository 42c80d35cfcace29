package io.github.azkit.testing;

import java.util.Map;

/**
 * What Azure would answer to a request over one of its limits: the status, the error code and message as Azure
 * sends them, the extra XML elements of a blob error ({@code HeaderName}, {@code MaxLimit}...), the index of the
 * failing action when the request is a table batch (-1 otherwise), and a note for the log saying what was over.
 * Immutable; thread-safe.
 */
record Refusal(int status, String code, String message, Map<String, String> details, int batchIndex, String why) {

    Refusal {
        details = Map.copyOf(details);
    }

    static Refusal of(int status, String code, String message, String why) {
        return new Refusal(status, code, message, Map.of(), -1, why);
    }

    Refusal withDetails(Map<String, String> extra) {
        return new Refusal(status, code, message, extra, batchIndex, why);
    }

    /** This refusal as the answer to action {@code index} of a batch. */
    Refusal atBatchIndex(int index) {
        return new Refusal(status, code, message, details, index, "action " + index + ": " + why);
    }
}
