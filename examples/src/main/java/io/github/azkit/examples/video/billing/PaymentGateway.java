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
     * Charges an account for one period.
     *
     * @param account the account (its payment details say how)
     * @param amountCents the amount
     * @return what happened
     */
    Result charge(Account account, long amountCents);
}
