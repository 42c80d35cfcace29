package io.github.azkit.examples.video.http;

import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.accounts.User;
import io.github.azkit.examples.video.mail.BlobOutbox;
import io.javalin.Javalin;

/**
 * The demo mail outbox, readable over HTTP only in the demo configuration ({@code VideoServiceMain}), and then only by
 * the addressee, signed in, or a site administrator. Thread-safe.
 */
final class OutboxRoutes {

    private final Sessions sessions;
    private final BlobOutbox outbox;
    private final boolean demoOutbox;

    OutboxRoutes(Sessions sessions, BlobOutbox outbox, boolean demoOutbox) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.demoOutbox = demoOutbox;
    }

    void register(Javalin app) {
        app.get("/api/outbox", ctx -> {
            if (!demoOutbox) {
                throw new ServiceException(404, "The outbox is only readable in the demo configuration.");
            }
            User reader = sessions.signedIn(ctx);
            String to = Directory.email(ctx.queryParam("to"));
            if (!reader.siteAdmin() && !reader.email().equals(to)) {
                throw new ServiceException(403, "Only " + to + " and site administrators can read this mail.");
            }
            ctx.json(outbox.messagesTo(to));
        });
    }
}
