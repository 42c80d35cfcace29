package io.github.azkit.examples.video.http;

import static io.github.azkit.examples.video.http.Http.body;
import static io.github.azkit.examples.video.http.Http.text;

import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.accounts.Payment;
import io.github.azkit.examples.video.accounts.PromoCodes;
import io.github.azkit.examples.video.accounts.SeatWorkflow;
import io.github.azkit.examples.video.accounts.User;
import io.github.azkit.examples.video.logs.ServiceLogs;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Registering, signing in and out, the signed-in user ({@code /api/me}) and their email. Thread-safe. */
final class SignInRoutes {

    private final Sessions sessions;
    private final Directory directory;
    private final SeatWorkflow seats;
    private final PromoCodes promos;
    private final ServiceLogs logs;
    private final Function<Context, String> country;
    private final Clock clock;
    private final Limits limits;

    SignInRoutes(Sessions sessions, Directory directory, SeatWorkflow seats, PromoCodes promos, ServiceLogs logs,
            Function<Context, String> country, Clock clock, Limits limits) {
        this.limits = limits;
        this.sessions = sessions;
        this.directory = directory;
        this.seats = seats;
        this.promos = promos;
        this.logs = logs;
        this.country = country;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.post("/api/register", ctx -> {
            Map<String, Object> body = body(ctx);
            Object code = body.get("promoCode");
            Optional<PromoCodes.PromoCode> promo = Optional.empty();
            limits.password(ctx, body.get("email"));
            if (code != null && !code.toString().isBlank()) {
                limits.perAddress(RateLimit.PROMO_CODE_PER_ADDRESS, ctx);
                promo = promos.usable(code.toString());
                if (promo.isEmpty()) {
                    throw new ServiceException(400, "The promo code '" + code + "' is unknown or has expired, or"
                            + " its uses are all taken.");
                }
            }
            User registered;
            boolean resumed = false;
            try {
                registered = directory.register(text(body, "email"), text(body, "name"), text(body, "password"));
            } catch (ServiceException e) {
                // A registration with a promo code is several writes; if storage failed between them (or could not
                // confirm the last), the person repeats it: the same password, and no seat yet or only the seat of
                // their own personal account, finishes it (or finds it finished) instead of answering 409.
                Optional<User> unfinished = e.status() != 409 || promo.isEmpty() ? Optional.empty()
                        : directory.login(text(body, "email"), text(body, "password"))
                                .filter(u -> u.granteeOf().isEmpty() || u.granteeOf().equals(u.adminOf()));
                registered = unfinished.orElseThrow(() -> e);
                resumed = true;
            }
            User user = registered;
            String registeredEmail = registered.email();
            boolean resumedWithSeat = !registered.granteeOf().isEmpty();
            String country = this.country.apply(ctx);
            if (!resumed) {
                logs.registration(user.email(), country, promo.map(PromoCodes.PromoCode::code).orElse(""));
            }
            if (promo.isPresent()) {
                PromoCodes.PromoCode used = promo.get();
                String name = user.name() + " (" + used.code() + ")";
                // The personal account an interrupted registration already made, if any (none on a first try).
                Account personal = user.adminOf().stream().map(directory::account).flatMap(Optional::stream)
                        .filter(a -> a.name().equals(name) && a.payment() instanceof Payment.Promotion p
                                && p.code().equals(used.code()))
                        .findFirst().orElseGet(() -> {
                            if (resumedWithSeat) {
                                throw new ServiceException(409, registeredEmail + " is already registered: sign in"
                                        + " instead.");
                            }
                            // One use of a limited code per personal account: counted (never beyond the limit)
                            // before the account is made, so a lost race leaves a user with no promotion.
                            try {
                                promos.redeem(used.code());
                            } catch (ServiceException e) {
                                throw new ServiceException(e.status(), e.getMessage() + " You are registered"
                                        + " without it: sign in to continue.");
                            }
                            return directory.createAccount(name, registeredEmail, 1,
                                new Payment.Promotion(used.code(),
                                        java.time.LocalDate.now(clock).plusDays(used.freeDays())));
                        });
                directory.grants().grant(personal.id(), registeredEmail); // already granted: no write
                user = directory.updateUser(registeredEmail, u -> u.granteeOf().equals(List.of(personal.id()))
                        ? Optional.empty() : Optional.of(new User(u.email(), u.userId(), u.name(),
                        u.passwordHash(), u.adminOf(), List.of(personal.id()), u.siteAdmin()))).orElseThrow();
                logs.promoUse(used.code(), user.email());
            }
            sessions.signIn(ctx, user);
            ctx.status(201).json(me(user));
        });
        app.post("/api/login", ctx -> {
            Map<String, Object> body = body(ctx);
            limits.password(ctx, body.get("email"));
            User user = directory.login(text(body, "email"), text(body, "password"))
                    .orElseThrow(() -> new ServiceException(401, "That email and password do not match."));
            sessions.signIn(ctx, user);
            ctx.json(me(user));
        });
        app.post("/api/logout", ctx -> {
            sessions.signOut(ctx); // ends every session of the user: one epoch per user
            ctx.status(204);
        });
        app.post("/api/me/sign-out-everywhere", ctx -> {
            User user = sessions.signOutEverywhere(ctx);
            ctx.json(me(user));
        });
        app.post("/api/me/password", ctx -> {
            User user = sessions.signedIn(ctx);
            Map<String, Object> body = body(ctx);
            limits.password(ctx, user.email());
            User changed = directory.changePassword(user.email(), text(body, "password"), text(body, "newPassword"));
            sessions.signIn(ctx, changed);
            ctx.json(me(changed));
        });
        app.get("/api/me", ctx -> ctx.json(me(sessions.signedIn(ctx))));
        app.post("/api/me/email", ctx -> {
            User user = sessions.signedIn(ctx);
            Map<String, Object> body = body(ctx);
            limits.password(ctx, user.email());
            User moved = directory.changeEmail(user.email(), text(body, "email"), text(body, "password"));
            sessions.signIn(ctx, moved);
            ctx.json(me(moved));
        });
    }

    private Map<String, Object> me(User user) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("email", user.email());
        me.put("userId", user.userId());
        me.put("name", user.name());
        me.put("adminOf", user.adminOf());
        me.put("granteeOf", user.granteeOf());
        me.put("siteAdmin", user.siteAdmin());
        Optional<Account> paying = seats.payingAccount(user);
        me.put("canWatch", paying.isPresent());
        me.put("payingAccount", paying.map(Account::id).orElse(null));
        if (paying.isEmpty()) {
            me.put("reason", user.granteeOf().stream().map(a -> directory.seat(a, user.email()))
                    .flatMap(Optional::stream)
                    .filter(s -> s.granted() && !s.account().standingReason().isEmpty())
                    .map(s -> s.account().name() + ": " + s.account().standingReason()).findFirst()
                    .orElse("No account has given you a seat yet."));
        }
        return me;
    }
}
