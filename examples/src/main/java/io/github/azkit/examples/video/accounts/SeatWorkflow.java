package io.github.azkit.examples.video.accounts;

import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.examples.video.Signer;
import io.github.azkit.examples.video.mail.MailMessage;
import io.github.azkit.examples.video.mail.MailSender;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * Seats, as the talk lists the cases. Tables have no transactions across entities, so each workflow is a fixed
 * order of steps, each idempotent and safe to replay:
 *
 * <ol>
 *   <li><b>Grant</b>: add the email's grant row to the account (never beyond its seats; one batch with the
 *       account's count, see {@link Grants}), then email a signed link.
 *       Granting again changes nothing and sends the link again.</li>
 *   <li><b>Accept</b> (the link, clicked any number of times): the user must exist (else: register first) and be
 *       the one the link names; then the account is asked, not the user: if it still grants the email, the
 *       account is added to the user's {@code GranteeOf}; if an admin revoked the seat meanwhile, the admin wins and
 *       the account is removed from {@code GranteeOf}. A tampered or forged link fails its signature.</li>
 *   <li><b>Revoke</b>: remove the email's grant row, then the account from the user, then email.</li>
 * </ol>
 *
 * <p>Thread-safe; two instances may run the same steps on the same account at once.
 */
public final class SeatWorkflow {

    /** What accepting a link did. */
    public enum Acceptance {
        /** The seat is the user's. */
        ACCEPTED,
        /** The link is good but nobody is registered with its email yet. */
        REGISTER_FIRST,
        /** An admin revoked the seat before the click: no access. */
        REVOKED,
        /** The link is older than its lifetime (14 days by default): the admin can send it again. */
        EXPIRED
    }

    /** How long a seat link works by default; sending it again makes a new one. */
    public static final java.time.Duration DEFAULT_LINK_LIFETIME = java.time.Duration.ofDays(14);

    private final Directory directory;
    private final MailSender mail;
    private final Signer signer;
    private final java.util.function.Supplier<String> baseUrl;
    private final Clock clock;
    private final java.time.Duration linkLifetime;

    /**
     * Creates the workflow, with links that work for {@link #DEFAULT_LINK_LIFETIME}.
     *
     * @param directory users and accounts
     * @param mail where emails go
     * @param signer signs links
     * @param baseUrl the site's address, for links in emails (asked each time: the port may be chosen late)
     * @param clock the clock
     */
    public SeatWorkflow(Directory directory, MailSender mail, Signer signer,
            java.util.function.Supplier<String> baseUrl, Clock clock) {
        this(directory, mail, signer, baseUrl, clock, DEFAULT_LINK_LIFETIME);
    }

    /**
     * Creates the workflow.
     *
     * @param directory users and accounts
     * @param mail where emails go
     * @param signer signs links
     * @param baseUrl the site's address, for links in emails (asked each time: the port may be chosen late)
     * @param clock the clock
     * @param linkLifetime how long a seat link works, 1 minute to 90 days
     * @throws IllegalArgumentException if {@code linkLifetime} is out of range
     */
    public SeatWorkflow(Directory directory, MailSender mail, Signer signer,
            java.util.function.Supplier<String> baseUrl, Clock clock, java.time.Duration linkLifetime) {
        if (linkLifetime.compareTo(java.time.Duration.ofMinutes(1)) < 0
                || linkLifetime.compareTo(java.time.Duration.ofDays(90)) > 0) {
            throw new IllegalArgumentException("'linkLifetime' must be between 1 minute and 90 days, was "
                    + linkLifetime);
        }
        this.directory = directory;
        this.mail = mail;
        this.signer = signer;
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.linkLifetime = linkLifetime;
    }

    /**
     * An admin grants a seat: account first, then the email with the link.
     *
     * @param adminEmail the signed-in user
     * @param accountId the account
     * @param granteeEmail who gets the seat (may not be registered yet)
     * @return the account after the grant
     * @throws ServiceException 403 if not an admin of the account, 404 if no account, 409 if all seats are taken
     */
    // @start region="guide-seat-grant"
    public Account grant(String adminEmail, String accountId, String granteeEmail) {
        String grantee = Directory.email(granteeEmail);
        requireAdmin(adminEmail, accountId);
        // One grant row per seat, written with the account's count in one batch; already granted: no write.
        Account account = directory.grants().grant(accountId, grantee);
        sendLink(account, grantee);
        return account;
    }
    // @end region="guide-seat-grant"

    /**
     * An admin sends the link again (the person never got the email).
     *
     * @param adminEmail the signed-in user
     * @param accountId the account
     * @param granteeEmail the grantee
     * @throws ServiceException 403 if not an admin, 404 if no account or the email holds no seat
     */
    public void resend(String adminEmail, String accountId, String granteeEmail) {
        String grantee = Directory.email(granteeEmail);
        Account account = requireAdmin(adminEmail, accountId);
        if (!directory.seat(accountId, grantee).map(Grants.Seat::granted).orElse(false)) {
            throw new ServiceException(404, grantee + " holds no seat of " + account.name() + ": grant one first.");
        }
        sendLink(account, grantee);
    }

    /**
     * An admin revokes a seat: account first, then the user's record, then the email.
     *
     * @param adminEmail the signed-in user
     * @param accountId the account
     * @param granteeEmail the grantee
     * @return the account after the revocation
     * @throws ServiceException 403 if not an admin, 404 if no account
     */
    // @start region="guide-seat-revoke"
    public Account revoke(String adminEmail, String accountId, String granteeEmail) {
        String grantee = Directory.email(granteeEmail);
        requireAdmin(adminEmail, accountId);
        Account account = directory.grants().revoke(accountId, grantee); // no grant row: no write
        removeFromUser(grantee, accountId);
        mail.send(new MailMessage(grantee, "Your seat on " + account.name() + " was removed",
                "An administrator of " + account.name() + " removed your seat.", "", clock.instant()));
        return account;
    }
    // @end region="guide-seat-revoke"

    /**
     * The person clicked the link in the email.
     *
     * @param token the link's token, possibly tampered with
     * @param signedInEmail who is signed in, or null if nobody
     * @return what happened
     * @throws ServiceException 400 for a tampered, forged or malformed link; 401 if nobody is signed in but the
     *     email is registered; 403 if someone else is signed in
     */
    // @start region="guide-seat-accept"
    public Acceptance accept(String token, String signedInEmail) {
        String[] parts = signer.verify(token == null ? "" : token).map(p -> p.split("\\|", 4))
                .filter(p -> p.length == 4 && p[0].equals("seat") && p[2].matches("[0-9]{1,19}"))
                .orElseThrow(() -> new ServiceException(400, "This seat link is not valid: it was changed or is"
                        + " incomplete. Ask your account administrator to send it again."));
        String accountId = parts[1];
        String grantee = parts[3];
        if (Long.parseLong(parts[2]) <= clock.instant().getEpochSecond()) {
            return Acceptance.EXPIRED; // the admin's resend makes a new link
        }
        if (directory.user(grantee).isEmpty()) {
            return Acceptance.REGISTER_FIRST;
        }
        if (signedInEmail == null) {
            throw new ServiceException(401, "Sign in as " + grantee + " to accept this seat.");
        }
        if (!Directory.email(signedInEmail).equals(grantee)) {
            throw new ServiceException(403, "This seat was offered to " + grantee + ", not to you.");
        }
        Grants.Seat seat = directory.seat(accountId, grantee)
                .orElseThrow(() -> new ServiceException(410, "The account of this seat no longer exists."));
        if (!seat.granted()) {
            removeFromUser(grantee, accountId); // the admin revoked before the click: the admin wins
            return Acceptance.REVOKED;
        }
        directory.updateUser(grantee, u -> u.granteeOf().contains(accountId) ? Optional.empty()
                : Optional.of(new User(u.email(), u.userId(), u.name(), u.passwordHash(), u.adminOf(),
                        Directory.plus(u.granteeOf(), accountId), u.siteAdmin())));
        return Acceptance.ACCEPTED;
    }
    // @end region="guide-seat-accept"

    /**
     * The rule "an account never trusts a user": may this user watch now? Only if some account the user accepted
     * still holds a grant row for the user's email and is not suspended (one query per account asked). The user's own list is only a hint of
     * where to look.
     *
     * @param user the user
     * @return the account that pays, or empty if none does
     */
    // @start region="guide-paying-account"
    public Optional<Account> payingAccount(User user) {
        for (String accountId : user.granteeOf()) {
            // One query per account: the account and this email's grant row, never the whole list of grantees.
            Optional<Grants.Seat> seat = directory.seat(accountId, user.email()).filter(Grants.Seat::pays);
            if (seat.isPresent()) {
                return seat.map(Grants.Seat::account);
            }
        }
        return Optional.empty();
    }
    // @end region="guide-paying-account"

    /**
     * The link a grantee clicks.
     *
     * @param accountId the account
     * @param granteeEmail the grantee
     * @return the absolute URL, whose token works for the link lifetime from now
     */
    public String link(String accountId, String granteeEmail) {
        long expires = clock.instant().plus(linkLifetime).getEpochSecond();
        return baseUrl.get() + "/accept.html?token=" + URLEncoder.encode(signer.sign("seat|" + accountId + "|"
                + expires + "|" + granteeEmail), StandardCharsets.UTF_8);
    }

    /**
     * The email a seat link names, read without checking its signature: only to count attempts per email.
     *
     * @param token a token, possibly tampered with
     * @return the email it names, or "" if it names none
     */
    public static String linkEmail(String token) {
        try {
            String payload = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0,
                    Math.max(0, token.indexOf('.')))), StandardCharsets.UTF_8);
            String[] parts = payload.split("\\|", 4);
            return parts.length == 4 ? parts[3] : "";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private void sendLink(Account account, String grantee) {
        mail.send(new MailMessage(grantee, "You have a seat on " + account.name(),
                "An administrator of " + account.name() + " gave you a seat. Open the link to accept it"
                        + " (register first if you have no account yet).",
                link(account.id(), grantee), clock.instant()));
    }

    private void removeFromUser(String grantee, String accountId) {
        directory.updateUser(grantee, u -> u.granteeOf().contains(accountId)
                ? Optional.of(new User(u.email(), u.userId(), u.name(), u.passwordHash(), u.adminOf(),
                        Directory.minus(u.granteeOf(), accountId), u.siteAdmin()))
                : Optional.empty());
    }

    private Account requireAdmin(String adminEmail, String accountId) {
        Account account = directory.account(accountId)
                .orElseThrow(() -> new ServiceException(404, "There is no account " + accountId + "."));
        if (!account.admins().contains(Directory.email(adminEmail))) {
            throw new ServiceException(403, "Only an administrator of " + account.name() + " can change its seats.");
        }
        return account;
    }

}
