package io.github.azkit.examples.video.http;

import static io.github.azkit.examples.video.http.Http.body;
import static io.github.azkit.examples.video.http.Http.integer;
import static io.github.azkit.examples.video.http.Http.text;

import com.azure.storage.blob.BlobClient;
import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.SeatWorkflow;
import io.github.azkit.examples.video.accounts.User;
import io.github.azkit.examples.video.library.VideoLibrary;
import io.github.azkit.examples.video.logs.ServiceLogs;
import io.github.azkit.examples.video.watch.Bookmarks;
import io.github.azkit.examples.video.watch.VideoQueue;
import io.github.azkit.examples.video.watch.Watching;
import io.github.azkit.storage.BlobReadLinks;
import io.github.azkit.storage.CachedBlob;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Videos and watching: the library and prices, progress and stop pings, history, bookmarks and the queue.
 * Thread-safe.
 */
final class WatchRoutes {

    private final Sessions sessions;
    private final SeatWorkflow seats;
    private final CachedBlob<VideoLibrary> library;
    private final BlobClient libraryBlob;
    private final Watching watching;
    private final Bookmarks bookmarks;
    private final VideoQueue queue;
    private final ServiceLogs logs;
    private final Function<Context, String> country;
    private final Clock clock;

    WatchRoutes(Sessions sessions, SeatWorkflow seats, CachedBlob<VideoLibrary> library, BlobClient libraryBlob,
            Watching watching, Bookmarks bookmarks, VideoQueue queue, ServiceLogs logs,
            Function<Context, String> country, Clock clock) {
        this.sessions = sessions;
        this.seats = seats;
        this.library = library;
        this.libraryBlob = libraryBlob;
        this.watching = watching;
        this.bookmarks = bookmarks;
        this.queue = queue;
        this.logs = logs;
        this.country = country;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/api/library", ctx -> {
            VideoLibrary current = currentLibrary();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("instructors", current.instructors().values());
            answer.put("videos", current.search(ctx.queryParam("author"), ctx.queryParam("q")));
            ctx.json(answer);
        });
        app.get("/api/library/videos/{video}", ctx -> ctx.json(video(ctx)));
        // @start region="guide-library-link"
        app.get("/api/library/link", ctx -> {
            signedIn(ctx);
            ctx.json(Map.of("url", BlobReadLinks.create(libraryBlob, Duration.ofMinutes(15))));
        });
        // @end region="guide-library-link"
        app.get("/api/pricing", ctx -> {
            String country = this.country.apply(ctx);
            ctx.json(Map.of("country", country, "monthlyPriceUsd", Pricing.monthlyPrice(country)));
        });
        app.post("/api/watch/{video}/progress", ctx -> {
            VideoLibrary.Video video = video(ctx);
            User user = signedIn(ctx);
            Account paying = payingAccount(user);
            boolean wrote = watching.progress(user.userId(), video.id(), offset(body(ctx), video));
            if (wrote) {
                // The country of this request, not of registration: regional prices follow where people watch.
                logs.watched(paying.id(), user.email(), video.id(), Watching.CHUNK_SECONDS / 60, country.apply(ctx));
            }
            ctx.json(Map.of("wrote", wrote));
        });
        app.post("/api/watch/{video}/stop", ctx -> {
            VideoLibrary.Video video = video(ctx);
            String userId = sessions.signedInId(ctx);
            watching.stop(userId, video.id(), offset(body(ctx), video));
            ctx.status(204);
        });
        app.get("/api/history", ctx -> ctx.json(watching.history(sessions.signedInId(ctx))));
        app.get("/api/continue", ctx -> {
            List<Watching.Watched> history = watching.history(sessions.signedInId(ctx));
            if (history.isEmpty()) {
                throw new ServiceException(404, "Nothing to continue yet: start a video.");
            }
            ctx.json(history.get(0));
        });
        app.get("/api/bookmarks", ctx -> ctx.json(bookmarks.all(sessions.signedInId(ctx))));
        app.get("/api/bookmarks/{video}", ctx -> ctx.json(bookmarks.list(sessions.signedInId(ctx), video(ctx).id())));
        app.post("/api/bookmarks/{video}", ctx -> {
            VideoLibrary.Video video = video(ctx);
            String userId = sessions.signedInId(ctx);
            Map<String, Object> body = body(ctx);
            ctx.json(bookmarks.add(userId, video.id(),
                    new Bookmarks.Bookmark(offset(body, video), text(body, "note"))));
        });
        app.delete("/api/bookmarks/{video}/{index}", ctx -> {
            VideoLibrary.Video video = video(ctx);
            int index;
            try {
                index = Integer.parseInt(ctx.pathParam("index"));
            } catch (NumberFormatException e) {
                throw new ServiceException(400, "The bookmark index must be a whole number.");
            }
            Integer expected;
            try {
                expected = ctx.queryParam("offset") == null ? null : Integer.valueOf(ctx.queryParam("offset"));
            } catch (NumberFormatException e) {
                throw new ServiceException(400, "'offset' must be the bookmark's offset in whole seconds.");
            }
            ctx.json(bookmarks.remove(sessions.signedInId(ctx), video.id(), index, expected));
        });
        app.get("/api/queue", ctx -> ctx.json(queue.get(sessions.signedInId(ctx))));
        app.post("/api/queue", ctx -> {
            String userId = sessions.signedInId(ctx);
            String videoId = text(body(ctx), "videoId");
            if (currentLibrary().video(videoId).isEmpty()) {
                throw new ServiceException(404, "There is no video '" + videoId + "'.");
            }
            ctx.json(queue.add(userId, videoId));
        });
        app.delete("/api/queue/{video}", ctx -> ctx.json(queue.remove(sessions.signedInId(ctx),
                ctx.pathParam("video"))));
        app.put("/api/queue", ctx -> {
            String userId = sessions.signedInId(ctx);
            Object order = body(ctx).get("order");
            if (!(order instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                throw new ServiceException(400, "'order' must be a list of video ids.");
            }
            ctx.json(queue.reorder(userId, list.stream().map(String.class::cast).toList()));
        });
    }

    private User signedIn(Context ctx) {
        return sessions.signedIn(ctx);
    }

    private VideoLibrary currentLibrary() {
        return library.get().orElseThrow(() -> new ServiceException(503,
                "The video library is not available right now. Please try again in a few minutes."));
    }

    private VideoLibrary.Video video(Context ctx) {
        return currentLibrary().video(ctx.pathParam("video"))
                .orElseThrow(() -> new ServiceException(404, "There is no video '" + ctx.pathParam("video") + "'."));
    }

    private Account payingAccount(User user) {
        return seats.payingAccount(user).orElseThrow(() -> new ServiceException(403, "No account pays for your"
                + " watching right now: ask your account administrator for a seat, or check the account's payment."));
    }

    private static int offset(Map<String, Object> body, VideoLibrary.Video video) {
        int offset = integer(body, "offset");
        if (offset < 0 || offset > video.durationSeconds()) {
            throw new ServiceException(400, "'offset' must be between 0 and " + video.durationSeconds()
                    + " seconds for this video, was " + offset + ".");
        }
        return offset;
    }
}
