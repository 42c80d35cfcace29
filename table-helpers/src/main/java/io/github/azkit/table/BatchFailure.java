package io.github.azkit.table;

import com.azure.data.tables.models.TableTransactionAction;
import java.util.Objects;

/**
 * One action a {@link TableBatchWriter} could not confirm as applied, with the reason.
 *
 * <p>Two cases, told apart by {@link #outcomeUnknown()}:
 * <ul>
 *   <li><b>Failed</b> ({@code outcomeUnknown() == false}): the action was not applied. The table was read back
 *       after the failure where the failure could have been the echo of a lost response, and it does not show
 *       the action's effect; {@code error} is the service's answer (for example 409 {@code EntityAlreadyExists},
 *       412 {@code UpdateConditionNotSatisfied}, 404 {@code ResourceNotFound}) or the transport error that
 *       outlasted the SDK's retries.
 *   <li><b>Outcome unknown</b> ({@code outcomeUnknown() == true}): the transaction failed in a way that may
 *       follow an applied attempt whose response was lost, and the read that would have told failed too. The
 *       action may or may not be stored: read the entity to find out. {@code error} is the transaction's failure,
 *       with the failed read attached as suppressed.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param action the action
 * @param error the SDK's exception ({@code TableTransactionFailedException} when the service named this action as
 *     the one that failed its transaction; another {@code TableServiceException} or runtime exception when the
 *     whole transaction failed)
 * @param outcomeUnknown {@code true} if the action may have been applied (see above); {@code false} if it was not
 */
public record BatchFailure(TableTransactionAction action, RuntimeException error, boolean outcomeUnknown) {

    /**
     * Creates a failure.
     *
     * @param action the action
     * @param error the reason
     * @param outcomeUnknown whether the action may have been applied
     * @throws NullPointerException if an argument is null
     */
    public BatchFailure {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(error, "error");
    }

    /**
     * Creates a failure of an action that was not applied.
     *
     * @param action the action
     * @param error the reason
     * @throws NullPointerException if an argument is null
     */
    public BatchFailure(TableTransactionAction action, RuntimeException error) {
        this(action, error, false);
    }
}
