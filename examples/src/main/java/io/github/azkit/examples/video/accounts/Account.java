package io.github.azkit.examples.video.accounts;

import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.azkit.examples.video.Json;
import java.util.List;

/**
 * An account of the {@code Accounts} table (PartitionKey = account id, RowKey = ""): who administers it, how many
 * seats it pays for, how many are given, how it pays, and its standing. Who holds the seats is not here: each grant
 * is its own entity in the account's partition (see {@link Grants}), so an account's entity stays small however many
 * seats it gives (10,000 and more), and no list can outgrow Azure's 64 KiB property or 1 MiB entity.
 *
 * @param id the account id
 * @param name a display name
 * @param admins emails of the users who may change the grantees
 * @param grantCount how many seats are given (the account's {@code GrantCount}, kept by {@link Grants})
 * @param seats how many grantees it pays for
 * @param payment how it pays
 * @param standing whether it is in good standing
 * @param standingReason why not, shown to its users
 * @param graceSince when the payment service first failed, while in {@link Standing#GRACE}; else null
 * @param billedMonth the last month a charge was taken for, such as {@code 2026-11}, or "" if none yet
 * @param pendingCharge the idempotency key of a charge that was started and has no final answer yet (recorded
 *     before the gateway is called, reused after a crash or an outage), or ""
 */
public record Account(String id, String name, List<String> admins, int grantCount, int seats,
        Payment payment, Standing standing, String standingReason, java.time.Instant graceSince, String billedMonth,
        String pendingCharge) {

    /** An account's standing: only {@link #GOOD} and {@link #GRACE} let its grantees watch. */
    public enum Standing {
        /** Paid up. */
        GOOD,
        /** A payment failed because the gateway was down: retried during a grace period, still watching. */
        GRACE,
        /** Suspended (for example: the card expired): nobody watches on this account. */
        SUSPENDED
    }

    /** The table name. */
    public static final String TABLE = "Accounts";

    /**
     * Whether the account's standing lets its grantees watch ({@link Standing#GOOD} or {@link Standing#GRACE});
     * whether it grants a given email is {@link Grants#check}'s answer.
     *
     * @return whether its grantees may watch
     */
    public boolean paysForGrantees() {
        return standing != Standing.SUSPENDED;
    }

    /**
     * This account with another number of seats given.
     *
     * @param count the count
     * @return the copy
     */
    public Account withGrantCount(int count) {
        return new Account(id, name, admins, count, seats, payment, standing, standingReason,
                graceSince, billedMonth, pendingCharge);
    }

    /**
     * This account with other admins.
     *
     * @param newAdmins the admins
     * @return the copy
     */
    public Account withAdmins(List<String> newAdmins) {
        return new Account(id, name, List.copyOf(newAdmins), grantCount, seats, payment, standing, standingReason,
                graceSince, billedMonth, pendingCharge);
    }

    /**
     * This account with another payment.
     *
     * @param newPayment the payment
     * @return the copy
     */
    public Account withPayment(Payment newPayment) {
        return new Account(id, name, admins, grantCount, seats, newPayment, standing, standingReason, graceSince,
                billedMonth, ""); // new payment details: a new charge, with a new idempotency key
    }

    /**
     * This account in another standing.
     *
     * @param newStanding the standing
     * @param reason why, for its users ("" when good)
     * @param since when the grace period began, or null
     * @return the copy
     */
    public Account withStanding(Standing newStanding, String reason, java.time.Instant since) {
        return new Account(id, name, admins, grantCount, seats, payment, newStanding, reason, since, billedMonth,
                pendingCharge);
    }

    /**
     * This account, paid for one more month.
     *
     * @param month the month a charge was taken for
     * @return the copy
     */
    public Account withBilledMonth(java.time.YearMonth month) {
        return new Account(id, name, admins, grantCount, seats, payment, standing, standingReason, graceSince,
                month.toString(), pendingCharge);
    }

    /**
     * This account with a charge in flight, or none.
     *
     * @param key the charge's idempotency key, or "" when it has a final answer
     * @return the copy
     */
    public Account withPendingCharge(String key) {
        return new Account(id, name, admins, grantCount, seats, payment, standing, standingReason, graceSince,
                billedMonth, key);
    }

    /**
     * This account as a table entity.
     *
     * @return the entity
     */
    public TableEntity toEntity() {
        try {
            return new TableEntity(id, "")
                    .addProperty("Name", name)
                    .addProperty("Admins", Json.write(admins))
                    .addProperty("GrantCount", grantCount)
                    .addProperty("Seats", seats)
                    .addProperty("Payment", Json.MAPPER.writerFor(Payment.class).writeValueAsString(payment))
                    .addProperty("Standing", standing.name())
                    .addProperty("StandingReason", standingReason)
                    .addProperty("GraceSince", graceSince == null ? "" : graceSince.toString())
                    .addProperty("BilledMonth", billedMonth)
                    .addProperty("PendingCharge", pendingCharge);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(TableEntity entity, String property) {
        Object value = entity.getProperty(property);
        return value == null ? "" : value.toString();
    }

    private static java.time.Instant graceSince(Object value) {
        return value == null || value.toString().isEmpty() ? null : java.time.Instant.parse(value.toString());
    }

    /**
     * Reads an account entity; properties this version does not know are ignored here and kept by the stores,
     * which write with Merge.
     *
     * @param entity the entity
     * @return the account
     */
    public static Account fromEntity(TableEntity entity) {
        try {
            Object standing = entity.getProperty("Standing");
            Object reason = entity.getProperty("StandingReason");
            Object seats = entity.getProperty("Seats");
            Object count = entity.getProperty("GrantCount");
            // An account of the old shape (grantees in one JSON property) counts its list until it is migrated.
            int grantCount = count instanceof Number n ? n.intValue() : Grants.legacyGrantees(entity).size();
            return new Account(entity.getPartitionKey(), String.valueOf(entity.getProperty("Name")),
                    Json.strings(entity.getProperty("Admins")), grantCount,
                    seats == null ? 0 : ((Number) seats).intValue(),
                    Json.MAPPER.readValue(String.valueOf(entity.getProperty("Payment")), Payment.class),
                    standing == null ? Standing.GOOD : Standing.valueOf(standing.toString()),
                    reason == null ? "" : reason.toString(), graceSince(entity.getProperty("GraceSince")),
                    text(entity, "BilledMonth"), text(entity, "PendingCharge"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("account " + entity.getPartitionKey() + " has an unreadable Payment", e);
        }
    }
}
