package io.github.azkit.examples.video.http;

import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.mail.BlobOutbox;
import io.javalin.Javalin;

/** The demo mail outbox, readable over HTTP only in the demo configuration. Thread-safe. */
final class OutboxRoutes {

    private final BlobOutbox outbox;
    private final boolean demoOutbox;

    OutboxRoutes(BlobOutbox outbox, boolean demoOutbox) {
        this.outbox = outbox;
        this.demoOutbox = demoOutbox;
    }

    void register(Javalin app) {
        app.get("/api/outbox", ctx -> {
            if (!demoOutbox) {
                throw new ServiceException(404, "The outbox is only readable in the demo configuration.");
            }
            ctx.json(outbox.messagesTo(Directory.email(ctx.queryParam("to"))));
        });
    }
}
