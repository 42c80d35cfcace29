package io.github.azkit.examples.video.billing;

import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Payment;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A payment gateway for demos and tests: cards expire when their expiry month is over, and the whole service can
 * be switched "down". Thread-safe.
 */
public final class SimulatedGateway implements PaymentGateway {

    private final Clock clock;
    private final AtomicBoolean down = new AtomicBoolean();
    private final java.util.Map<String, Long> taken = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Creates the gateway.
     *
     * @param clock the clock that decides whether a card has expired
     */
    public SimulatedGateway(Clock clock) {
        this.clock = clock;
    }

    /**
     * Switches the simulated payment service off or on.
     *
     * @param isDown whether it is down
     */
    public void setDown(boolean isDown) {
        down.set(isDown);
    }

    /**
     * The charges taken so far.
     *
     * @return idempotency key to amount in cents, one entry per charge taken
     */
    public java.util.Map<String, Long> charges() {
        return java.util.Map.copyOf(taken);
    }

    @Override
    public synchronized Result charge(Account account, long amountCents, String idempotencyKey) {
        if (down.get()) {
            return Result.UNAVAILABLE;
        }
        if (taken.containsKey(idempotencyKey)) {
            return Result.PAID;
        }
        if (account.payment() instanceof Payment.CreditCard card) {
            LocalDate lastValidDay = card.expires().withDayOfMonth(card.expires().lengthOfMonth());
            if (LocalDate.now(clock).isAfter(lastValidDay)) {
                return Result.CARD_EXPIRED;
            }
        }
        taken.put(idempotencyKey, amountCents);
        return Result.PAID;
    }
}
