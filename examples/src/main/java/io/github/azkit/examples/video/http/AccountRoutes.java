package io.github.azkit.examples.video.http;

import static io.github.azkit.examples.video.http.Http.body;
import static io.github.azkit.examples.video.http.Http.integer;
import static io.github.azkit.examples.video.http.Http.text;

import io.github.azkit.examples.video.Json;
import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.accounts.Grants;
import io.github.azkit.examples.video.accounts.Payment;
import io.github.azkit.examples.video.accounts.SeatWorkflow;
import io.github.azkit.examples.video.accounts.User;
import io.github.azkit.examples.video.billing.Billing;
import io.github.azkit.examples.video.logs.ServiceLogs;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Accounts and their seats: creating an account, its page, giving, resending and taking back seats, accepting one,
 * and the account's payment details. Thread-safe. */
final class AccountRoutes {

    private final Sessions sessions;
    private final Directory directory;
    private final SeatWorkflow seats;
    private final Billing billing;
    private final ServiceLogs logs;
    private final Limits limits;

    AccountRoutes(Sessions sessions, Directory directory, SeatWorkflow seats, Billing billing, ServiceLogs logs,
            Limits limits) {
        this.limits = limits;
        this.sessions = sessions;
        this.directory = directory;
        this.seats = seats;
        this.billing = billing;
        this.logs = logs;
    }

    void register(Javalin app) {
        app.post("/api/accounts", ctx -> {
            User user = sessions.signedIn(ctx);
            Map<String, Object> body = body(ctx);
            Payment payment = chosenPayment(user, body.get("payment"));
            Account account = directory.createAccount(text(body, "name"), user.email(), integer(body, "seats"), payment);
            ctx.status(201).json(account);
        });
        app.get("/api/accounts/{id}", ctx -> ctx.json(accountView(sessions.adminAccount(ctx),
                ctx.queryParam("after"))));
        app.post("/api/accounts/{id}/seats", ctx -> {
            User user = sessions.signedIn(ctx);
            String grantee = text(body(ctx), "email");
            Account account = seats.grant(user.email(), ctx.pathParam("id"), grantee);
            logs.accountAdmin(account.id(), user.email(), "grant", Directory.email(grantee));
            ctx.json(accountView(account, null));
        });
        app.delete("/api/accounts/{id}/seats/{email}", ctx -> {
            User user = sessions.signedIn(ctx);
            Account account = seats.revoke(user.email(), ctx.pathParam("id"), ctx.pathParam("email"));
            logs.accountAdmin(account.id(), user.email(), "revoke", Directory.email(ctx.pathParam("email")));
            ctx.json(accountView(account, null));
        });
        app.post("/api/accounts/{id}/seats/{email}/resend", ctx -> {
            User user = sessions.signedIn(ctx);
            seats.resend(user.email(), ctx.pathParam("id"), ctx.pathParam("email"));
            ctx.status(204);
        });
        app.post("/api/seats/accept", ctx -> {
            String token = text(body(ctx), "token");
            limits.perAddress(RateLimit.SEAT_ACCEPT_PER_ADDRESS, ctx);
            String linkEmail = SeatWorkflow.linkEmail(token);
            if (!linkEmail.isEmpty()) {
                limits.perEmail(RateLimit.SEAT_ACCEPT_PER_EMAIL, linkEmail);
            }
            Optional<User> user = sessions.session(ctx);
            SeatWorkflow.Acceptance result = seats.accept(token, user.map(User::email).orElse(null));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("result", result);
            ctx.status(result == SeatWorkflow.Acceptance.REVOKED || result == SeatWorkflow.Acceptance.EXPIRED ? 410
                    : 200).json(answer);
        });
        app.put("/api/accounts/{id}/payment", ctx -> {
            User user = sessions.signedIn(ctx);
            Account account = sessions.adminAccount(ctx, user);
            ctx.json(billing.changePayment(account.id(), chosenPayment(user, body(ctx).get("payment"))));
        });
    }

    /**
     * An account as its page shows it: its fields, and one page of its grantees (at most 1,000, in email order: one
     * range query), with {@code granteesNext}, the {@code after} of the next page, or null on the last.
     */
    private Map<String, Object> accountView(Account account, String after) {
        Map<String, Object> view = Json.MAPPER.convertValue(account,
                new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
        Grants.GranteePage page = directory.grants().page(account.id(),
                after == null || after.isEmpty() ? null : Directory.email(after), Grants.MAX_PAGE);
        view.put("grantees", page.emails());
        view.put("granteesNext", page.next());
        return view;
    }

    /**
     * The payment details a user may choose: a card, a direct debit or PayPal, which the gateway charges. Free and
     * purchase-order accounts are set up by site administrators, and a promotion comes only from a promo code at
     * registration; otherwise anyone could give themselves free watching.
     */
    private static Payment chosenPayment(User user, Object value) {
        Payment payment = payment(value);
        if (payment instanceof Payment.Promotion) {
            throw new ServiceException(403, "A promotion comes only with a promo code at registration.");
        }
        if ((payment instanceof Payment.Free || payment instanceof Payment.PurchaseOrder) && !user.siteAdmin()) {
            throw new ServiceException(403, "Only site administrators can set up free or purchase-order accounts;"
                    + " choose creditCard, directDebit or payPal.");
        }
        return payment;
    }

    private static Payment payment(Object value) {
        if (value == null) {
            throw new ServiceException(400, "'payment' is required, for example {\"type\":\"free\"}.");
        }
        try {
            return Json.MAPPER.convertValue(value, Payment.class);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(400, "'payment' must be one of the types creditCard, directDebit,"
                    + " purchaseOrder, payPal or free, with that type's fields.");
        }
    }
}
