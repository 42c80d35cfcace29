package io.github.azkit.election;

/**
 * Told when this candidate becomes leader and when it stops. Methods run on the election's scheduler thread and
 * must return quickly: start and stop the leader's work on other threads.
 *
 * <p>With a single-thread scheduler (the default), the callbacks for a term never overlap and come in order
 * ({@code onElected} before {@code onRevoked}). Implementations must be thread-safe if the scheduler has more than
 * one thread.
 */
public interface LeadershipListener {

    /**
     * This candidate is now the leader for {@code term}.
     *
     * @param term the new term, with its fencing token
     */
    void onElected(Term term);

    /**
     * This candidate is no longer the leader for {@code term}: its lease was lost or refused, or the election was
     * closed. Called before another candidate can acquire the lease (unless the lease was taken from it by force,
     * for example by a break-lease), and exactly once for each {@link #onElected(Term)}.
     *
     * @param term the term that ended
     */
    void onRevoked(Term term);
}
