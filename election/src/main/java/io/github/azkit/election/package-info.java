/**
 * Electing one machine out of many with a blob lease: {@link io.github.azkit.election.AutoRenewingLease} (a lease
 * renewed in the background that says at once when it is lost), {@link io.github.azkit.election.LeaderElection}
 * (one leader among N candidates, each term with an increasing fencing token) and
 * {@link io.github.azkit.election.PeriodicElector} (exactly one of N instances runs each period's job, with
 * failover, durable completion records and retry).
 */
@NullMarked
package io.github.azkit.election;

import org.jspecify.annotations.NullMarked;
