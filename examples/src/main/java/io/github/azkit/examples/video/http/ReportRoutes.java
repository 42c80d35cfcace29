package io.github.azkit.examples.video.http;

import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.logs.ServiceLogs;
import io.github.azkit.examples.video.royalties.Royalties;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Logs and exports: an account's transcript link, minutes per member, administration log, and the quarterly
 * royalties CSV. Thread-safe.
 */
final class ReportRoutes {

    private final Sessions sessions;
    private final ServiceLogs logs;
    private final Royalties royalties;
    private final Duration transcriptLinkLifetime;
    private final Clock clock;

    ReportRoutes(Sessions sessions, ServiceLogs logs, Royalties royalties, Duration transcriptLinkLifetime,
            Clock clock) {
        this.sessions = sessions;
        this.logs = logs;
        this.royalties = royalties;
        this.transcriptLinkLifetime = transcriptLinkLifetime;
        this.clock = clock;
    }

    void register(Javalin app) {
        // @start region="guide-transcript-route"
        app.get("/api/accounts/{id}/transcript", ctx -> {
            Account account = adminAccount(ctx);
            java.time.YearMonth month;
            try {
                String text = ctx.queryParam("month");
                month = text == null ? java.time.YearMonth.now(clock) : java.time.YearMonth.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                throw new ServiceException(400, "'month' must look like 2026-11.");
            }
            logs.flushAccount(account.id());
            ctx.json(Map.of("month", month.toString(), "url",
                    logs.transcriptLink(account.id(), month, transcriptLinkLifetime)));
        });
        // @end region="guide-transcript-route"
        app.get("/api/accounts/{id}/usage", ctx -> {
            Account account = adminAccount(ctx);
            int months;
            try {
                months = Integer.parseInt(Optional.ofNullable(ctx.queryParam("months")).orElse("6"));
            } catch (NumberFormatException e) {
                months = -1;
            }
            if (months < 1 || months > 24) {
                throw new ServiceException(400, "'months' must be a whole number from 1 to 24.");
            }
            ctx.json(logs.minutesByMember(account.id(), java.time.YearMonth.now(clock), months));
        });
        app.get("/api/accounts/{id}/log", ctx -> ctx.json(logs.accountLog(adminAccount(ctx).id())));
        app.get("/api/admin/royalties/{quarter}", ctx -> {
            sessions.siteAdmin(ctx);
            ctx.contentType("text/csv").result(royalties.report(ctx.pathParam("quarter")).orElseThrow(() ->
                    new ServiceException(404, "The report of " + ctx.pathParam("quarter") + " is not made yet: it"
                            + " is made after the quarter ends.")));
        });
    }

    private Account adminAccount(Context ctx) {
        return sessions.adminAccount(ctx);
    }
}
