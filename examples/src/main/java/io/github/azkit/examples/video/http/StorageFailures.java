package io.github.azkit.examples.video.http;

import io.github.azkit.storage.OutcomeUnknownException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Which failures mean "storage is not answering", and the sentence a person gets for them with a 503. Every route of
 * the service is safe to repeat (each write is an ETag read-modify-write that is applied exactly once, or an insert
 * whose 409 after a lost response is recognised as its own), so the sentence can say: try again. Stateless.
 */
final class StorageFailures {

    /** The sentence for a storage failure whose request certainly or harmlessly did not complete. */
    static final String UNAVAILABLE = "Storage is not answering right now, so this was not done. Please try again"
            + " in a few seconds: repeating it is safe, nothing is done twice.";
    /** The sentence for a write whose outcome storage could not confirm. */
    static final String UNKNOWN = "Storage did not confirm this change: it may or may not have been made. Reload"
            + " the page to see whether it was, and repeat it only if it was not.";

    /** The answer to give. */
    record Answer(String sentence) {
    }

    private StorageFailures() {
    }

    /**
     * The 503 answer for a storage failure, or empty if {@code failure} is something else (a bug: a 500).
     * A storage failure is an {@link OutcomeUnknownException}, or, anywhere in the cause chain, an Azure
     * {@link com.azure.core.exception.HttpResponseException} with a 5xx, 408 or 429 status, an {@link IOException}
     * or a {@link TimeoutException} (what the SDK throws once its retries run out).
     */
    static Optional<Answer> answer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutcomeUnknownException) {
                return Optional.of(new Answer(UNKNOWN));
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof com.azure.core.exception.HttpResponseException http && http.getResponse() != null) {
                int status = http.getResponse().getStatusCode();
                if (status >= 500 || status == 408 || status == 429) {
                    return Optional.of(new Answer(UNAVAILABLE));
                }
            }
            if (t instanceof IOException || t instanceof TimeoutException) {
                return Optional.of(new Answer(UNAVAILABLE));
            }
        }
        return Optional.empty();
    }
}
