package io.github.azkit.table;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link TableBatchWriter#write} call did. Every action given to the writer is in exactly one of three
 * places: counted in {@link #applied()} (the table holds its effect), in {@link #failures()} as failed (it was
 * not applied), or in {@link #failures()} with {@link BatchFailure#isOutcomeUnknown()} set (the only case where the
 * writer could not tell; see {@link #outcomeUnknown()}).
 *
 * <p>A result of {@link TableBatchWriter}; users do not create one. Immutable and thread-safe.
 */
public final class BatchWriteResult {

    private final int applied;
    private final int transactions;
    private final List<BatchFailure> failures;
    private final int verificationReads;

    BatchWriteResult(int applied, int transactions, List<BatchFailure> failures, int verificationReads) {
        this.applied = applied;
        this.transactions = transactions;
        this.failures = List.copyOf(failures);
        this.verificationReads = verificationReads;
    }

    /**
     * How many actions the table holds the effect of, including those of a transaction whose response was
     * lost and that the writer confirmed by reading the table back.
     *
     * @return the count
     */
    public int applied() {
        return applied;
    }

    /**
     * How many transactions were sent, including failed ones (the SDK's own retries of one transaction are
     * not counted).
     *
     * @return the count
     */
    public int transactions() {
        return transactions;
    }

    /**
     * The actions not confirmed as applied, each with its reason and whether its outcome is unknown.
     *
     * @return the failures (unmodifiable)
     */
    public List<BatchFailure> failures() {
        return failures;
    }

    /**
     * How many reads (a query per failed transaction, and point reads only when a transaction's RowKey range
     * holds more than 1,000 other entities) were spent to tell what a failed transaction had applied; 0 when no
     * transaction failed in a way that could hide an applied attempt.
     *
     * @return the count
     */
    public int verificationReads() {
        return verificationReads;
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
     * @return the failures whose {@link BatchFailure#isOutcomeUnknown()} is set
     */
    public List<BatchFailure> outcomeUnknown() {
        return failures.stream().filter(BatchFailure::isOutcomeUnknown).toList();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof BatchWriteResult o
                && o.applied == applied
                && o.transactions == transactions
                && Objects.equals(o.failures, failures)
                && o.verificationReads == verificationReads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(applied, transactions, failures, verificationReads);
    }

    @Override
    public String toString() {
        return "BatchWriteResult[" + "applied=" + applied + ", " + "transactions=" + transactions + ", " + "failures=" + failures + ", " + "verificationReads=" + verificationReads + "]";
    }
}
