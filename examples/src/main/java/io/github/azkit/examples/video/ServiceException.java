package io.github.azkit.examples.video;

/**
 * A refusal the HTTP layer turns into a status code and a sentence for the person: never a stack trace.
 */
public final class ServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * Creates a refusal.
     *
     * @param status the HTTP status (400, 401, 403, 404, 409, 410, 413)
     * @param message what was wrong and what to do, in words a user understands
     */
    public ServiceException(int status, String message) {
        super(message);
        this.status = status;
    }

    /**
     * The HTTP status.
     *
     * @return the status code
     */
    public int status() {
        return status;
    }
}
