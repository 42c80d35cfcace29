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
import java.util.UUID;

/**
 * Bills accounts and keeps their standing, which decides whether their grantees may watch:
 *
 * <ul>
 *   <li>paid: {@link Standing#GOOD} (this reinstates a suspended account once its payment is fixed);</li>
 *   <li>the payment service is down: {@link Standing#GRACE}, still watching, retried daily
 *       ({@link #retryUnsettled}) for the month that failed, and suspended at the first retry after the grace period
 *       has passed without a payment;</li>
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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Billing.class);

    /** Seat price in cents a month. */
    public static final long SEAT_PRICE_CENTS = 2_900;

    /**
     * What one billing run did.
     *
     * @param month the month billed
     * @param accounts accounts looked at
     * @param charged accounts whose charge the gateway answered PAID in this run
     * @param good accounts in good standing afterwards
     * @param grace accounts in their grace period afterwards
     * @param suspended accounts suspended afterwards
     * @param failed accounts whose billing failed (logged; the next run retries them)
     */
    public record Run(String month, int accounts, int charged, int good, int grace, int suspended, int failed) {
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
     * Bills one account for one month and updates its standing. Safe to repeat, from any instance, after any
     * crash:
     *
     * <ul>
     *   <li>an account already charged for the month is not charged again;</li>
     *   <li>before the gateway is called, the charge's idempotency key is recorded on the account (a conditional
     *       write); a replay after a crash or an outage reuses it, so the gateway answers the first charge's result
     *       instead of taking the money twice;</li>
     *   <li>a decline or an expired card ends that key, and new payment details clear it, so the next attempt
     *       is a new charge (gateways replay declines for a reused key);</li>
     *   <li>the result is written only if the account's payment details are still the ones charged, so a slow run
     *       never overwrites an admin's newer change.</li>
     * </ul>
     *
     * @param accountId the account
     * @param month the month
     * @return the account afterwards
     */
    public Account bill(String accountId, YearMonth month) {
        return billAccount(accountId, month).account();
    }

    /**
     * Bills every account for one month, a page of 100 at a time. Run by one instance a month (the service's billing
     * elector). Each account costs its share of the page's listing and two reads ({@link #bill(String, YearMonth)}
     * reads the account, then reads it again for the ETag read-modify-write of its standing); an account paid for
     * the month costs nothing more (no charge, no write). Accounts in their grace period are
     * retried here too, and daily in between by {@link #retryUnsettled}. An account that fails (a storage error, a
     * gateway exception) is logged and counted, and the run goes on with the next.
     *
     * @param month the month
     * @return what the run did
     */
    public Run billAll(YearMonth month) {
        int accounts = 0;
        int charged = 0;
        int failed = 0;
        int[] standings = new int[Standing.values().length];
        String next = null;
        do {
            Directory.AccountPage page = directory.accounts(100, next);
            for (Account account : page.accounts()) {
                accounts++;
                try {
                    Billed billed = billAccount(account.id(), month);
                    charged += billed.charged() ? 1 : 0;
                    standings[billed.account().standing().ordinal()]++;
                } catch (RuntimeException e) {
                    failed++;
                    LOG.warn("Billing account {} for {} failed; the next run retries it", account.id(), month, e);
                }
            }
            next = page.next();
        } while (next != null);
        return new Run(month.toString(), accounts, charged, standings[Standing.GOOD.ordinal()],
                standings[Standing.GRACE.ordinal()], standings[Standing.SUSPENDED.ordinal()], failed);
    }

    /**
     * Retries every account whose payment is unsettled, a page of 100 at a time: accounts in their grace period, and
     * accounts with a pending charge (the payment service did not answer, including accounts suspended when the
     * grace period ran out, which a payment reinstates, and a run that stopped mid-charge). Run daily by one
     * instance (the service's {@code billing-retry} elector), so that an outage is retried each day, suspends once
     * {@link #GRACE_PERIOD} has passed, and is healed the day the payment service answers again, not at the next
     * monthly run. Each such account is billed, as {@link #bill(String, YearMonth)} bills it, for the month its
     * pending charge names (the month whose charge failed, reusing its idempotency key), or {@code month} if it names
     * none. Other accounts cost only their share of the page's listing. An account that fails is logged and counted,
     * and the run goes on.
     *
     * @param month the month to bill an account in grace whose pending charge names no month
     * @return what the run did: {@code accounts} counts the accounts retried
     */
    public Run retryUnsettled(YearMonth month) {
        int accounts = 0;
        int charged = 0;
        int failed = 0;
        int[] standings = new int[Standing.values().length];
        String next = null;
        do {
            Directory.AccountPage page = directory.accounts(100, next);
            for (Account account : page.accounts()) {
                if (account.standing() != Standing.GRACE && account.pendingCharge().isEmpty()) {
                    continue;
                }
                accounts++;
                YearMonth failedMonth = pendingMonth(account).orElse(month);
                try {
                    Billed billed = billAccount(account.id(), failedMonth);
                    charged += billed.charged() ? 1 : 0;
                    standings[billed.account().standing().ordinal()]++;
                } catch (RuntimeException e) {
                    failed++;
                    LOG.warn("Retrying the unsettled payment of account {} for {} failed; the next retry tries again",
                            account.id(), failedMonth, e);
                }
            }
            next = page.next();
        } while (next != null);
        return new Run(month.toString(), accounts, charged, standings[Standing.GOOD.ordinal()],
                standings[Standing.GRACE.ordinal()], standings[Standing.SUSPENDED.ordinal()], failed);
    }

    /** The month of the account's pending charge ("id/2027-03/uuid"), if it has one. */
    private static Optional<YearMonth> pendingMonth(Account account) {
        String prefix = account.id() + "/";
        String pending = account.pendingCharge();
        if (!pending.startsWith(prefix)) {
            return Optional.empty();
        }
        int end = pending.indexOf('/', prefix.length());
        try {
            return Optional.of(YearMonth.parse(pending.substring(prefix.length(), end < 0 ? pending.length() : end)));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private record Billed(Account account, boolean charged) {
    }

    private static boolean paidFor(Account account, YearMonth month) {
        return !account.billedMonth().isEmpty() && YearMonth.parse(account.billedMonth()).compareTo(month) >= 0;
    }

    private Billed billAccount(String accountId, YearMonth month) {
        Account before = directory.account(accountId)
                .orElseThrow(() -> new io.github.azkit.examples.video.ServiceException(404,
                        "There is no account " + accountId + "."));
        LocalDate today = LocalDate.now(clock);
        Payment payment = before.payment();
        if (payment instanceof Payment.Free) {
            return settle(before, a -> a.withStanding(Standing.GOOD, "", null), false);
        }
        if (payment instanceof Payment.Promotion promo) {
            return settle(before, a -> today.isAfter(promo.freeUntil())
                    ? a.withStanding(Standing.SUSPENDED, "The free time from promo code " + promo.code()
                            + " ended on " + promo.freeUntil() + ". Add a payment method to continue.", null)
                    : a.withStanding(Standing.GOOD, "", null), false);
        }
        if (payment instanceof Payment.PurchaseOrder po) {
            return settle(before, a -> today.isAfter(po.paidThrough())
                    ? a.withStanding(Standing.SUSPENDED, "Purchase order " + po.poNumber() + " covered the"
                            + " service until " + po.paidThrough() + ". Send a new purchase order to continue.", null)
                    : a.withStanding(Standing.GOOD, "", null), false);
        }
        if (paidFor(before, month)) {
            return settle(before, a -> a.withStanding(Standing.GOOD, "", null), false);
        }
        // Record the charge's key before calling the gateway, unless a run that did not finish already did.
        String prefix = accountId + "/" + month + "/";
        Account charging = before;
        if (!before.pendingCharge().startsWith(prefix)) {
            String key = prefix + UUID.randomUUID();
            charging = directory.updateAccount(accountId, current -> !current.payment().equals(payment)
                    || paidFor(current, month) || current.pendingCharge().startsWith(prefix) ? Optional.empty()
                    : Optional.of(current.withPendingCharge(key)));
            if (!charging.payment().equals(payment) || paidFor(charging, month)) {
                return new Billed(charging, false); // changed meanwhile: that change's own billing decides
            }
        }
        String key = charging.pendingCharge();
        PaymentGateway.Result result = gateway.charge(charging, SEAT_PRICE_CENTS * charging.seats(), key);
        Instant now = clock.instant();
        Account after = settle(charging, a -> switch (result) {
            case PAID -> a.withStanding(Standing.GOOD, "", null).withBilledMonth(month).withPendingCharge("");
            case CARD_EXPIRED -> a.withStanding(Standing.SUSPENDED, "The card on file expired"
                    + (payment instanceof Payment.CreditCard card ? " at the end of " + card.expires().getYear()
                            + "-" + String.format("%02d", card.expires().getMonthValue()) : "")
                    + ". Update the payment details to continue.", null).withPendingCharge("");
            case DECLINED -> a.withStanding(Standing.SUSPENDED, "The payment was declined. Update the payment"
                    + " details to continue.", null).withPendingCharge("");
            case UNAVAILABLE -> {
                if (a.standing() == Standing.SUSPENDED) {
                    yield a; // an outage never lifts a suspension; only a payment does
                }
                Instant since = a.standing() == Standing.GRACE && a.graceSince() != null ? a.graceSince() : now;
                yield now.isAfter(since.plus(GRACE_PERIOD))
                        ? a.withStanding(Standing.SUSPENDED, "No payment could be taken for " + GRACE_PERIOD.toDays()
                                + " days. Check the payment details.", null)
                        : a.withStanding(Standing.GRACE, "The payment service is not answering; we will retry."
                                + " Watching continues meanwhile.", since);
            }
        }, true).account();
        return new Billed(after, result == PaymentGateway.Result.PAID);
    }

    /**
     * Writes the new standing onto the account as it is now, but only if its payment details are still the ones
     * this billing looked at, and never a failure onto an account that another run has meanwhile paid for.
     */
    private Billed settle(Account looked, java.util.function.UnaryOperator<Account> change, boolean charged) {
        Account after = directory.updateAccount(looked.id(), current -> {
            if (!current.payment().equals(looked.payment())) {
                return Optional.empty();
            }
            Account updated = change.apply(current);
            if (!looked.billedMonth().equals(current.billedMonth()) && updated.standing() != Standing.GOOD) {
                return Optional.empty(); // paid by another run since we looked
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
