package io.github.azkit.table;

import java.util.List;

/**
 * What a {@link TableBatchWriter#write} call did. Every action given to the writer is in exactly one of three
 * places: counted in {@link #applied()} (the table holds its effect), in {@link #failures()} as failed (it was
 * not applied), or in {@link #failures()} with {@link BatchFailure#outcomeUnknown()} set (the only case where the
 * writer could not tell; see {@link #outcomeUnknown()}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param applied how many actions the table holds the effect of, including those of a transaction whose response
 *     was lost and that the writer confirmed by reading the table back
 * @param transactions how many transactions were sent, including failed ones (the SDK's own retries of one
 *     transaction are not counted)
 * @param failures the actions not confirmed as applied, each with its reason and whether its outcome is unknown
 * @param verificationReads how many reads (a query per failed transaction, and point reads only when a
 *     transaction's RowKey range holds more than 1,000 other entities) were spent to tell what a failed
 *     transaction had applied; 0 when no transaction failed in a way that could hide an applied attempt
 */
public record BatchWriteResult(int applied, int transactions, List<BatchFailure> failures, int verificationReads) {

    /**
     * Creates a result.
     *
     * @param applied the actions applied
     * @param transactions the transactions sent
     * @param failures the failures (copied)
     * @param verificationReads the reads spent to verify failed transactions
     * @throws NullPointerException if {@code failures} is null
     */
    public BatchWriteResult {
        failures = List.copyOf(failures);
    }

    /**
     * Creates a result that spent no verification reads.
     *
     * @param applied the actions applied
     * @param transactions the transactions sent
     * @param failures the failures (copied)
     * @throws NullPointerException if {@code failures} is null
     */
    public BatchWriteResult(int applied, int transactions, List<BatchFailure> failures) {
        this(applied, transactions, failures, 0);
    }

    /**
     * Whether every action was applied.
     *
     * @return {@code true} if there are no failures
     */
    public boolean isComplete() {
        return failures.isEmpty();
    }

    /**
     * The actions that may or may not have been applied: their transaction failed in a way that can follow an
     * applied attempt whose response was lost, and the read that would have told failed as well. Empty unless
     * storage failed twice in a row for the same transaction.
     *
     * @return the failures whose {@link BatchFailure#outcomeUnknown()} is set
     */
    public List<BatchFailure> outcomeUnknown() {
        return failures.stream().filter(BatchFailure::outcomeUnknown).toList();
    }
}
