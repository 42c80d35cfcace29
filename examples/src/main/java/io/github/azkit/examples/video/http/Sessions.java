package io.github.azkit.examples.video.http;

import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.examples.video.Signer;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.accounts.User;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import io.github.azkit.storage.Ticker;

/**
 * Who is asking: the signed session cookie, and the checks every route makes on it (signed in, site administrator,
 * administrator of the account in the path). Thread-safe.
 *
 * <p>A session cookie is signed (HMAC) and carries the user id, the user's session epoch when it was issued, its
 * expiry (12 hours) and the email. It is good only while the user row under that email has the same user id (so a
 * cookie never outlives its email: a new owner of the email has another id) and the same epoch (so raising the
 * epoch, as signing out, signing out everywhere and changing the password or email do, ends every earlier session
 * on every instance). Routes that read the user anyway (most) check both at no extra cost. The routes that touch
 * only the user's own rows (queue, history, continue, bookmarks, stop) do not read the user, to keep a dashboard
 * view at 6 storage transactions: they trust the epoch this instance last read for the user, for at most
 * {@code recheck} (30 seconds by default), and read the user row (one read) when it is older. So a session ended
 * on this instance is refused at once everywhere, and one ended on another instance is refused at once by every
 * route that reads the user and within {@code recheck} by the others.
 */
final class Sessions {

    static final String SESSION = "session";
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    private static final int MAX_KNOWN = 100_000;

    private record Known(long epoch, long at) {
    }

    /** A signed, unexpired session cookie's contents. */
    private record Session(String userId, long epoch, String email) {
    }

    private final Signer signer;
    private final Directory directory;
    private final Clock clock;
    private final Ticker ticker;
    private final long recheckNanos;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    Sessions(Signer signer, Directory directory, Clock clock, Ticker ticker, Duration recheck) {
        this.signer = signer;
        this.directory = directory;
        this.clock = clock;
        this.ticker = ticker;
        this.recheckNanos = recheck.toNanos();
    }

    void signIn(Context ctx, User user) {
        long expires = clock.instant().plus(SESSION_LIFETIME).getEpochSecond();
        Cookie cookie = new Cookie(SESSION, signer.sign("session|" + user.userId() + "|" + user.sessionEpoch() + "|"
                + expires + "|" + user.email()));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        cookie.setSecure(https(ctx));
        ctx.cookie(cookie);
        remember(user);
    }

    /** Whether the request came over HTTPS, directly or through a proxy that says so. */
    static boolean https(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    /**
     * Signs out: ends every session of the user (the epoch is raised: one read and one write) and removes the
     * cookie.
     *
     * @throws ServiceException 401 if the request has no live session
     */
    void signOut(Context ctx) {
        ctx.removeCookie(SESSION, "/");
        User user = signedIn(ctx);
        directory.endSessions(user.email(), user.userId()).ifPresent(this::remember);
    }

    /** Ends every session of the signed-in user, and signs this one in again under the new epoch. */
    User signOutEverywhere(Context ctx) {
        User user = signedIn(ctx);
        User ended = directory.endSessions(user.email(), user.userId())
                .orElseThrow(() -> new ServiceException(401, "Please sign in."));
        signIn(ctx, ended);
        return ended;
    }

    /** Whether the request carries a signed, unexpired session cookie (no storage read: it may have been ended). */
    boolean hasCookie(Context ctx) {
        return sessionCookie(ctx).isPresent();
    }

    private Optional<Session> sessionCookie(Context ctx) {
        String cookie = ctx.cookie(SESSION);
        if (cookie == null) {
            return Optional.empty();
        }
        return signer.verify(cookie).map(p -> p.split("\\|", 5))
                .filter(p -> p.length == 5 && p[0].equals("session"))
                .flatMap(p -> {
                    try {
                        return Long.parseLong(p[3]) > clock.instant().getEpochSecond()
                                ? Optional.of(new Session(p[1], Long.parseLong(p[2]), p[4])) : Optional.empty();
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
    }

    /** The user of a live session: the cookie's email still belongs to its user id, at its epoch (one read). */
    Optional<User> session(Context ctx) {
        return sessionCookie(ctx).flatMap(s -> directory.user(s.email())
                .filter(u -> u.userId().equals(s.userId()))
                .map(u -> {
                    remember(u);
                    return u;
                })
                .filter(u -> u.sessionEpoch() == s.epoch()));
    }

    private void remember(User user) {
        if (known.size() > MAX_KNOWN) {
            known.clear(); // only a cache: forgetting costs a read per user
        }
        known.merge(user.userId(), new Known(user.sessionEpoch(), ticker.read()),
                (old, now) -> now.epoch() >= old.epoch() ? now : old);
    }

    /**
     * The signed-in user's id, without reading the user when this instance read the user's epoch less than
     * {@code recheck} ago: for the routes that touch only the user's own rows (queue, history, bookmarks, stop),
     * this saves a read per request, 4 of the 10 a dashboard view used to cost.
     */
    String signedInId(Context ctx) {
        Session cookie = sessionCookie(ctx).orElseThrow(() -> new ServiceException(401, "Please sign in."));
        Known last = known.get(cookie.userId());
        if (last != null && last.epoch() > cookie.epoch()) {
            throw new ServiceException(401, "Please sign in.");
        }
        if (last != null && last.epoch() == cookie.epoch() && ticker.read() - last.at() < recheckNanos) {
            return cookie.userId();
        }
        return signedIn(ctx).userId();
    }

    User signedIn(Context ctx) {
        return session(ctx).orElseThrow(() -> new ServiceException(401, "Please sign in."));
    }

    User siteAdmin(Context ctx) {
        User user = signedIn(ctx);
        if (!user.siteAdmin()) {
            throw new ServiceException(403, "Only site administrators can do that.");
        }
        return user;
    }

    /** The account named by the path's {@code id}, if the signed-in user administers it. */
    Account adminAccount(Context ctx) {
        return adminAccount(ctx, signedIn(ctx));
    }

    Account adminAccount(Context ctx, User user) {
        Account account = directory.account(ctx.pathParam("id"))
                .orElseThrow(() -> new ServiceException(404, "There is no account " + ctx.pathParam("id") + "."));
        if (!account.admins().contains(user.email())) {
            throw new ServiceException(403, "Only an administrator of " + account.name() + " can see it.");
        }
        return account;
    }
}
