package io.github.azkit.table;

import com.azure.data.tables.models.TableTransactionAction;
import java.util.Objects;

/**
 * One action a {@link TableBatchWriter} could not apply, with the reason.
 *
 * <p>Immutable and thread-safe.
 *
 * @param action the action that failed
 * @param error the SDK's exception ({@code TableTransactionFailedException} when the service named this action as
 *     the one that failed its transaction; another {@code TableServiceException} or runtime exception when the
 *     whole transaction failed)
 */
public record BatchFailure(TableTransactionAction action, RuntimeException error) {

    /**
     * Creates a failure.
     *
     * @param action the action
     * @param error the reason
     * @throws NullPointerException if an argument is null
     */
    public BatchFailure {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(error, "error");
    }
}
