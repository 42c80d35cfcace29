/**
 * azkit election: auto-renewing blob leases, leader election with fencing tokens, and the periodic elector.
 */
module io.github.azkit.election {
    requires transitive io.github.azkit.storage;
    requires static org.jspecify;
    requires org.slf4j;

    exports io.github.azkit.election;
}
