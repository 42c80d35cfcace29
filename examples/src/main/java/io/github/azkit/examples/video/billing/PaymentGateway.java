package io.github.azkit.examples.video.billing;

import io.github.azkit.examples.video.accounts.Account;

/** Takes payments. Pluggable: the reference service ships {@link SimulatedGateway}. */
public interface PaymentGateway {

    /** What a charge did. */
    enum Result {
        /** Paid. */
        PAID,
        /** Refused: the card on file has expired. */
        CARD_EXPIRED,
        /** Refused for another reason (insufficient funds, blocked card). */
        DECLINED,
        /** The payment service could not be reached or failed: try again later. */
        UNAVAILABLE
    }

    /**
     * Charges an account for one period. Like real gateways' idempotency keys (Stripe's, for one), a charge
     * repeated with the same {@code idempotencyKey} gets the first attempt's answer, PAID or a decline, and takes
     * no money again. {@link Billing} therefore records the key on the account before calling, reuses it after a
     * crash or an outage (so a replay never charges twice), and starts a new key after a decline or new payment
     * details (so a fixed card can be charged).
     *
     * @param account the account (its payment details say how)
     * @param amountCents the amount
     * @param idempotencyKey the same for every attempt at one charge
     * @return what happened
     */
    Result charge(Account account, long amountCents, String idempotencyKey);
}
