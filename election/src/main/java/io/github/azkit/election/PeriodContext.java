package io.github.azkit.election;

import java.time.Instant;

/**
 * The period a {@link PeriodicJob} runs for, and the term it runs under.
 *
 * <p>Immutable and thread-safe; {@link #isLeader()} reads the lease's state.
 */
public final class PeriodContext {

    private final long period;
    private final Instant periodStart;
    private final Instant periodEnd;
    private final int attempt;
    private final Term term;

    PeriodContext(long period, Instant periodStart, Instant periodEnd, int attempt, Term term) {
        this.period = period;
        this.periodStart = periodStart;
        this.periodEnd = periodEnd;
        this.attempt = attempt;
        this.term = term;
    }

    /**
     * The period's number. For a fixed schedule, 0 for the period that begins at the schedule's first start, then 1,
     * 2, ...; for a {@link CalendarSchedule}, a stable count since 1970 (the epoch day for a daily schedule, months
     * since 1970-01 for a monthly one, and so on), the same on every instance.
     *
     * @return the period index
     */
    public long period() {
        return period;
    }

    /**
     * When the period begins (inclusive). For a {@link CalendarSchedule}, the scheduled local date and time resolved
     * in its zone.
     *
     * @return the start
     */
    public Instant periodStart() {
        return periodStart;
    }

    /**
     * When the period ends (exclusive); the next period begins here.
     *
     * @return the end
     */
    public Instant periodEnd() {
        return periodEnd;
    }

    /**
     * Which attempt of this period's job on this instance and term this is: 1, then 2, ... after failures.
     *
     * @return the attempt number
     */
    public int attempt() {
        return attempt;
    }

    /**
     * The term's fencing token, larger than the token of any earlier run of any period. Write it beside the job's
     * output and refuse to write over output that carries a larger token.
     *
     * @return the fencing token
     */
    public long fencingToken() {
        return term.fencingToken();
    }

    /**
     * Whether this instance still holds the lease by its clock. A long job should check it between steps.
     *
     * @return {@code true} while the lease is held
     */
    public boolean isLeader() {
        return term.isValid();
    }

    Term term() {
        return term;
    }

    @Override
    public String toString() {
        return "PeriodContext[period=" + period + ", start=" + periodStart + ", attempt=" + attempt
                + ", fencingToken=" + term.fencingToken() + "]";
    }
}
