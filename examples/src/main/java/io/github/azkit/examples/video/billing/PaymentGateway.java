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
     * Charges an account for one period. A charge repeated with the same {@code idempotencyKey} (a billing run
     * replayed after a crash between the charge and the account's update) must not take the money twice: it
     * answers {@link Result#PAID} again, as real gateways' idempotency keys do.
     *
     * @param account the account (its payment details say how)
     * @param amountCents the amount
     * @param idempotencyKey the same for every attempt at one account's one period, such as {@code <id>/2026-11}
     * @return what happened
     */
    Result charge(Account account, long amountCents, String idempotencyKey);
}
