package io.github.azkit.table;

import com.azure.data.tables.models.TableTransactionAction;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One action a {@link TableBatchWriter} could not confirm as applied, with the reason.
 *
 * <p>Two cases, told apart by {@link #isOutcomeUnknown()}:
 * <ul>
 *   <li><b>Failed</b> ({@code isOutcomeUnknown() == false}): the action was not applied. The table was read back
 *       after the failure where the failure could have been the echo of a lost response, and it does not show
 *       the action's effect; {@code error} is the service's answer (for example 409 {@code EntityAlreadyExists},
 *       412 {@code UpdateConditionNotSatisfied}, 404 {@code ResourceNotFound}) or the transport error that
 *       outlasted the SDK's retries.
 *   <li><b>Outcome unknown</b> ({@code isOutcomeUnknown() == true}): the transaction failed in a way that may
 *       follow an applied attempt whose response was lost, and the read that would have told failed too. The
 *       action may or may not be stored: read the entity to find out. {@code error} is the transaction's failure,
 *       with the failed read attached as suppressed.
 * </ul>
 *
 * <p>A result of {@link TableBatchWriter}; users do not create one. Immutable and thread-safe.
 */
public final class BatchFailure {

    private final TableTransactionAction action;
    private final RuntimeException error;
    private final boolean outcomeUnknown;

    BatchFailure(TableTransactionAction action, RuntimeException error, boolean outcomeUnknown) {
        this.action = Objects.requireNonNull(action, "action");
        this.error = Objects.requireNonNull(error, "error");
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * The action.
     *
     * @return the action as given to the writer
     */
    public TableTransactionAction action() {
        return action;
    }

    /**
     * The reason: the SDK's exception ({@code TableTransactionFailedException} when the service named this
     * action as the one that failed its transaction; another {@code TableServiceException} or runtime exception
     * when the whole transaction failed).
     *
     * @return the exception
     */
    public RuntimeException error() {
        return error;
    }

    /**
     * Whether the action may have been applied (see the class comment).
     *
     * @return true if it may have been applied; false if it was not
     */
    public boolean isOutcomeUnknown() {
        return outcomeUnknown;
    }

    static BatchFailure failed(TableTransactionAction action, RuntimeException error) {
        return new BatchFailure(action, error, false);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof BatchFailure o
                && Objects.equals(o.action, action)
                && Objects.equals(o.error, error)
                && o.outcomeUnknown == outcomeUnknown;
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, error, outcomeUnknown);
    }

    @Override
    public String toString() {
        return "BatchFailure[" + "action=" + action + ", " + "error=" + error + ", " + "outcomeUnknown=" + outcomeUnknown + "]";
    }
}
