package io.github.azkit.examples.video.billing;

import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Account.Standing;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.accounts.Payment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Bills accounts and keeps their standing, which decides whether their grantees may watch:
 *
 * <ul>
 *   <li>paid: {@link Standing#GOOD} (this reinstates a suspended account once its payment is fixed);</li>
 *   <li>the payment service is down: {@link Standing#GRACE}, still watching, retried at each billing, and
 *       suspended only when the grace period has passed without a payment;</li>
 *   <li>the card expired or was declined: {@link Standing#SUSPENDED} at once, with the reason shown;</li>
 *   <li>purchase orders and promotions: suspended when the paid or free time is over; free accounts: never.</li>
 * </ul>
 *
 * <p>Each change is an ETag read-modify-write of the account, so a replayed billing changes nothing twice.
 * Thread-safe.
 */
public final class Billing {

    /** How long a failing payment service is tolerated. */
    public static final Duration GRACE_PERIOD = Duration.ofDays(7);

    private final Directory directory;
    private final PaymentGateway gateway;
    private final Clock clock;

    /**
     * Creates billing.
     *
     * @param directory the accounts
     * @param gateway the payment gateway
     * @param clock the clock
     */
    public Billing(Directory directory, PaymentGateway gateway, Clock clock) {
        this.directory = directory;
        this.gateway = gateway;
        this.clock = clock;
    }

    /**
     * Bills one account for one month and updates its standing.
     *
     * @param accountId the account
     * @return the account afterwards
     */
    public Account bill(String accountId) {
        Account before = directory.account(accountId)
                .orElseThrow(() -> new io.github.azkit.examples.video.ServiceException(404,
                        "There is no account " + accountId + "."));
        Instant now = clock.instant();
        LocalDate today = LocalDate.now(clock);
        Payment payment = before.payment();
        Account target;
        if (payment instanceof Payment.Free) {
            target = before.withStanding(Standing.GOOD, "", null);
        } else if (payment instanceof Payment.Promotion promo) {
            target = today.isAfter(promo.freeUntil())
                    ? before.withStanding(Standing.SUSPENDED, "The free time from promo code " + promo.code()
                            + " ended on " + promo.freeUntil() + ". Add a payment method to continue.", null)
                    : before.withStanding(Standing.GOOD, "", null);
        } else if (payment instanceof Payment.PurchaseOrder po) {
            target = today.isAfter(po.paidThrough())
                    ? before.withStanding(Standing.SUSPENDED, "Purchase order " + po.poNumber() + " covered the"
                            + " service until " + po.paidThrough() + ". Send a new purchase order to continue.", null)
                    : before.withStanding(Standing.GOOD, "", null);
        } else {
            target = switch (gateway.charge(before, 100L * 29 * before.seats())) {
                case PAID -> before.withStanding(Standing.GOOD, "", null);
                case CARD_EXPIRED -> before.withStanding(Standing.SUSPENDED, "The card on file expired"
                        + (payment instanceof Payment.CreditCard card ? " at the end of " + card.expires().getYear()
                                + "-" + String.format("%02d", card.expires().getMonthValue()) : "")
                        + ". Update the payment details to continue.", null);
                case DECLINED -> before.withStanding(Standing.SUSPENDED, "The payment was declined. Update the"
                        + " payment details to continue.", null);
                case UNAVAILABLE -> {
                    Instant since = before.standing() == Standing.GRACE && before.graceSince() != null
                            ? before.graceSince() : now;
                    yield now.isAfter(since.plus(GRACE_PERIOD))
                            ? before.withStanding(Standing.SUSPENDED, "No payment could be taken for "
                                    + GRACE_PERIOD.toDays() + " days. Check the payment details.", null)
                            : before.withStanding(Standing.GRACE, "The payment service is not answering; we will"
                                    + " retry. Watching continues meanwhile.", since);
                }
            };
        }
        return directory.updateAccount(accountId, current -> sameStanding(current, target) ? Optional.empty()
                : Optional.of(current.withStanding(target.standing(), target.standingReason(), target.graceSince())));
    }

    /**
     * An admin replaces the payment details, and the account is billed at once (reinstating it if that pays).
     *
     * @param accountId the account
     * @param payment the new payment details
     * @return the account afterwards
     */
    public Account changePayment(String accountId, Payment payment) {
        directory.updateAccount(accountId, current -> current.payment().equals(payment) ? Optional.empty()
                : Optional.of(current.withPayment(payment)));
        return bill(accountId);
    }

    private static boolean sameStanding(Account a, Account b) {
        return a.standing() == b.standing() && a.standingReason().equals(b.standingReason())
                && java.util.Objects.equals(a.graceSince(), b.graceSince());
    }
}
