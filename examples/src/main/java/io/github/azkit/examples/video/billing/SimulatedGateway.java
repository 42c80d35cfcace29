package io.github.azkit.examples.video.billing;

import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Payment;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A payment gateway for demos and tests: cards expire when their expiry month is over, the whole service can be
 * switched "down", and an idempotency key seen before gets its first answer again. Its memory of keys is this
 * object's, so in the demo each instance of the service has its own (a real gateway has one for everyone).
 * Thread-safe.
 */
public final class SimulatedGateway implements PaymentGateway {

    private final Clock clock;
    private final AtomicBoolean down = new AtomicBoolean();
    private final java.util.Map<String, Result> answers = new java.util.HashMap<>();
    private final java.util.List<String> taken = new java.util.ArrayList<>();

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
     * Every charge that took money, in order (a replayed key takes none).
     *
     * @return the idempotency keys of the charges that took money
     */
    public synchronized java.util.List<String> charges() {
        return java.util.List.copyOf(taken);
    }

    @Override
    public synchronized Result charge(Account account, long amountCents, String idempotencyKey) {
        if (down.get()) {
            return Result.UNAVAILABLE;
        }
        Result first = answers.get(idempotencyKey);
        if (first != null) {
            return first;
        }
        Result result = Result.PAID;
        if (account.payment() instanceof Payment.CreditCard card) {
            LocalDate lastValidDay = card.expires().withDayOfMonth(card.expires().lengthOfMonth());
            if (LocalDate.now(clock).isAfter(lastValidDay)) {
                result = Result.CARD_EXPIRED;
            }
        }
        answers.put(idempotencyKey, result);
        if (result == Result.PAID) {
            taken.add(idempotencyKey);
        }
        return result;
    }
}
