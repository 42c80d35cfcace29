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
import java.util.Optional;

/**
 * Who is asking: the signed session cookie, and the checks every route makes on it (signed in, site administrator,
 * administrator of the account in the path). Thread-safe.
 */
final class Sessions {

    static final String SESSION = "session";
    private static final Duration SESSION_LIFETIME = Duration.ofHours(12);

    private final Signer signer;
    private final Directory directory;
    private final Clock clock;

    Sessions(Signer signer, Directory directory, Clock clock) {
        this.signer = signer;
        this.directory = directory;
        this.clock = clock;
    }

    void signIn(Context ctx, User user) {
        long expires = clock.instant().plus(SESSION_LIFETIME).getEpochSecond();
        Cookie cookie = new Cookie(SESSION, signer.sign("session|" + user.email() + "|" + user.userId() + "|"
                + expires));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        ctx.cookie(cookie);
    }

    void signOut(Context ctx) {
        ctx.removeCookie(SESSION, "/");
    }

    /** A signed, unexpired session cookie's email and user id (a user id never changes, an email may). */
    private record Session(String email, String userId) {
    }

    private Optional<Session> sessionCookie(Context ctx) {
        String cookie = ctx.cookie(SESSION);
        if (cookie == null) {
            return Optional.empty();
        }
        return signer.verify(cookie).map(p -> p.split("\\|", -1))
                .filter(p -> p.length == 4 && p[0].equals("session"))
                .filter(p -> Long.parseLong(p[3]) > clock.instant().getEpochSecond())
                .map(p -> new Session(p[1], p[2]));
    }

    Optional<User> session(Context ctx) {
        return sessionCookie(ctx).flatMap(s -> directory.user(s.email()));
    }

    /**
     * The signed-in user's id from the signed cookie alone, without reading the user: for the routes that touch
     * only the user's own rows (queue, history, bookmarks, stop), this saves a read per request, 4 of the 10 a
     * dashboard view used to cost.
     */
    String signedInId(Context ctx) {
        return sessionCookie(ctx).map(Session::userId).orElseThrow(() -> new ServiceException(401, "Please sign in."));
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
