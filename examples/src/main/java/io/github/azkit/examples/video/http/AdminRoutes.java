package io.github.azkit.examples.video.http;

import static io.github.azkit.examples.video.http.Http.body;
import static io.github.azkit.examples.video.http.Http.integer;
import static io.github.azkit.examples.video.http.Http.text;

import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.accounts.PromoCodes;
import io.github.azkit.examples.video.billing.Billing;
import io.javalin.Javalin;
import java.util.Map;
import java.util.Optional;

/** Site administration and billing: all accounts page by page, billing one now, promo codes. Thread-safe. */
final class AdminRoutes {

    private final Sessions sessions;
    private final Directory directory;
    private final Billing billing;
    private final PromoCodes promos;

    AdminRoutes(Sessions sessions, Directory directory, Billing billing, PromoCodes promos) {
        this.sessions = sessions;
        this.directory = directory;
        this.billing = billing;
        this.promos = promos;
    }

    void register(Javalin app) {
        app.get("/api/admin/accounts", ctx -> {
            sessions.siteAdmin(ctx);
            int pageSize;
            try {
                pageSize = Integer.parseInt(Optional.ofNullable(ctx.queryParam("pageSize")).orElse("100"));
            } catch (NumberFormatException e) {
                throw new ServiceException(400, "'pageSize' must be a whole number.");
            }
            ctx.json(directory.accounts(pageSize, ctx.queryParam("next")));
        });
        app.post("/api/admin/accounts/{id}/bill", ctx -> {
            sessions.siteAdmin(ctx);
            ctx.json(billing.bill(ctx.pathParam("id")));
        });
        app.post("/api/admin/promo-codes", ctx -> {
            sessions.siteAdmin(ctx);
            Map<String, Object> body = body(ctx);
            java.time.LocalDate expires;
            try {
                expires = java.time.LocalDate.parse(text(body, "expires"));
            } catch (java.time.format.DateTimeParseException e) {
                throw new ServiceException(400, "'expires' must be a date like 2026-12-31.");
            }
            Object maxUses = body.get("maxUses");
            if (maxUses != null && !(maxUses instanceof Integer)) {
                throw new ServiceException(400, "'maxUses' must be a whole number, or left out for no limit.");
            }
            ctx.status(201).json(promos.create(text(body, "code"), integer(body, "freeDays"), expires,
                    (Integer) maxUses));
        });
        app.get("/api/admin/promo-codes", ctx -> {
            sessions.siteAdmin(ctx);
            ctx.json(promos.list());
        });
    }
}
