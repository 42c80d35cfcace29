package io.github.azkit.examples.video.billing;

import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Account.Standing;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.accounts.Payment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
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

    /** Seat price in cents a month. */
    public static final long SEAT_PRICE_CENTS = 2_900;

    /**
     * What one billing run did.
     *
     * @param month the month billed
     * @param accounts accounts looked at
     * @param charged charges taken in this run
     * @param good accounts in good standing afterwards
     * @param grace accounts in their grace period afterwards
     * @param suspended accounts suspended afterwards
     */
    public record Run(String month, int accounts, int charged, int good, int grace, int suspended) {
    }

    /**
     * Bills one account for the current month (see {@link #bill(String, YearMonth)}).
     *
     * @param accountId the account
     * @return the account afterwards
     */
    public Account bill(String accountId) {
        return bill(accountId, YearMonth.now(clock));
    }

    /**
     * Bills one account for one month and updates its standing. Safe to repeat: an account already charged for the
     * month is not charged again, and the charge carries the idempotency key {@code <account id>/<month>}, so a run
     * that died between the charge and the account's update does not take the money twice when it is replayed.
     *
     * @param accountId the account
     * @param month the month
     * @return the account afterwards
     */
    public Account bill(String accountId, YearMonth month) {
        return billAccount(accountId, month).account();
    }

    /**
     * Bills every account for one month, a page of 100 at a time. Run by one instance a day (the service's billing
     * elector): accounts paid for the month cost a read and nothing else; accounts in their grace period are
     * retried.
     *
     * @param month the month
     * @return what the run did
     */
    public Run billAll(YearMonth month) {
        int accounts = 0;
        int charged = 0;
        int[] standings = new int[Standing.values().length];
        String next = null;
        do {
            Directory.AccountPage page = directory.accounts(100, next);
            for (Account account : page.accounts()) {
                Billed billed = billAccount(account.id(), month);
                accounts++;
                charged += billed.charged() ? 1 : 0;
                standings[billed.account().standing().ordinal()]++;
            }
            next = page.next();
        } while (next != null);
        return new Run(month.toString(), accounts, charged, standings[Standing.GOOD.ordinal()],
                standings[Standing.GRACE.ordinal()], standings[Standing.SUSPENDED.ordinal()]);
    }

    private record Billed(Account account, boolean charged) {
    }

    private Billed billAccount(String accountId, YearMonth month) {
        Account before = directory.account(accountId)
                .orElseThrow(() -> new io.github.azkit.examples.video.ServiceException(404,
                        "There is no account " + accountId + "."));
        Instant now = clock.instant();
        boolean charged = false;
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
        } else if (!before.billedMonth().isEmpty() && YearMonth.parse(before.billedMonth()).compareTo(month) >= 0) {
            target = before.withStanding(Standing.GOOD, "", null); // paid for this month already
        } else {
            PaymentGateway.Result result = gateway.charge(before, SEAT_PRICE_CENTS * before.seats(),
                    accountId + "/" + month);
            charged = result == PaymentGateway.Result.PAID;
            target = switch (result) {
                case PAID -> before.withStanding(Standing.GOOD, "", null).withBilledMonth(month);
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
        Account after = directory.updateAccount(accountId, current -> {
            Account updated = current.withStanding(target.standing(), target.standingReason(), target.graceSince());
            if (!target.billedMonth().isEmpty() && (current.billedMonth().isEmpty()
                    || YearMonth.parse(current.billedMonth()).isBefore(YearMonth.parse(target.billedMonth())))) {
                updated = updated.withBilledMonth(YearMonth.parse(target.billedMonth()));
            }
            return updated.equals(current) ? Optional.empty() : Optional.of(updated);
        });
        return new Billed(after, charged);
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

}
