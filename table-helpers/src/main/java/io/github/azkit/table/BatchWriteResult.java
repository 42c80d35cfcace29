package io.github.azkit.table;

import java.util.List;

/**
 * What a {@link TableBatchWriter#write} call did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param applied how many actions the service applied
 * @param transactions how many transactions were sent, including failed ones
 * @param failures the actions that were not applied, each with its reason; every action given to the writer is
 *     either counted in {@code applied} or listed here, exactly once
 */
public record BatchWriteResult(int applied, int transactions, List<BatchFailure> failures) {

    /**
     * Creates a result.
     *
     * @param applied the actions applied
     * @param transactions the transactions sent
     * @param failures the failures (copied)
     */
    public BatchWriteResult {
        failures = List.copyOf(failures);
    }

    /**
     * Whether every action was applied.
     *
     * @return {@code true} if there are no failures
     */
    public boolean isComplete() {
        return failures.isEmpty();
    }
}
