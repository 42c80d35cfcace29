package io.github.azkit.benchmarks.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.azkit.examples.video.accounts.User;
import io.github.azkit.examples.video.library.VideoLibrary;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The load run's set-up: a site administrator and a promo code, a company account, and the simulated users, all who
 * can watch: a quarter hold seats of the company account (granted, and accepted from the emailed link), the rest
 * registered with the promo code. Each gets a queue of three videos, a bookmark and a history. A failed step stops
 * the run. Not thread-safe: one set-up at a time.
 */
final class LoadUsers {

    private static final String PROMO = "LOAD2026";
    private static final String PASSWORD = "load-test-password";

    private final LoadTarget target;
    private final ServiceClient api;
    private final Workloads workloads;
    /** Grants change one account entity: one at a time. */
    private final Object grants = new Object();

    private LoadUsers(LoadTarget target, Workloads workloads) {
        this.target = target;
        this.api = target.api();
        this.workloads = workloads;
    }

    /**
     * Registers and signs in {@code count} users, from {@code threads} threads.
     *
     * @throws IllegalStateException if a set-up request fails
     * @throws Exception if a set-up thread is interrupted or fails otherwise
     */
    static List<LoadUser> create(LoadTarget target, Workloads workloads, int count, int threads) throws Exception {
        return new LoadUsers(target, workloads).create(count, threads);
    }

    private List<LoadUser> create(int count, int threads) throws Exception {
        List<VideoLibrary.Video> videos = target.videos();
        ServiceClient.Reply site = register("site@load.example", null);
        target.service().directory().updateUser("site@load.example", u -> Optional.of(new User(u.email(), u.userId(),
                u.name(), u.passwordHash(), u.adminOf(), u.granteeOf(), true)));
        expect(api.post("/api/admin/promo-codes", site.cookie(), Map.of("code", PROMO, "freeDays", 366,
                "expires", "2099-12-31")), "create the promo code");
        int seatUsers = count / 4;
        ServiceClient.Reply admin = register("admin@load.example", null);
        String account = expect(api.post("/api/accounts", admin.cookie(), Map.of("name", "Load Corp", "seats",
                seatUsers, "payment", Map.of("type", "creditCard", "gatewayToken", "tok_load", "expires",
                        "2099-12-01"))), "create the company account").json().path("id").asText();

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<LoadUser>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    String email = String.format(Locale.ROOT, "user%04d@load.example", n);
                    boolean seat = n < seatUsers;
                    ServiceClient.Reply reply = register(email, seat ? null : PROMO);
                    if (seat) {
                        synchronized (grants) {
                            expect(api.post("/api/accounts/" + account + "/seats", admin.cookie(),
                                    Map.of("email", email)), "grant a seat");
                        }
                        JsonNode mail = expect(api.get("/api/outbox?to=" + email, reply.cookie()), "read the outbox").json();
                        String link = mail.get(mail.size() - 1).path("link").asText();
                        String token = URLDecoder.decode(link.substring(link.indexOf("token=") + 6),
                                StandardCharsets.UTF_8);
                        expect(api.post("/api/seats/accept", reply.cookie(), Map.of("token", token)),
                                "accept the seat");
                    }
                    int video = n % videos.size();
                    int offset = (n * 7 % 30) * LoadUser.PING_INTERVAL_SECONDS % Math.max(1,
                            videos.get(video).durationSeconds() - LoadUser.PING_INTERVAL_SECONDS);
                    LoadUser user = new LoadUser(email, reply.cookie(), video, offset);
                    for (int q = 0; q < 3; q++) {
                        expect(api.post("/api/queue", user.cookie, Map.of("videoId",
                                videos.get((n + q) % videos.size()).id())), "queue a video");
                    }
                    expect(api.post("/api/bookmarks/" + videos.get(video).id(), user.cookie, Map.of("offset", 30,
                            "note", "intro")), "bookmark");
                    workloads.ping(user, new LoadRecorder()); // a history, so that /api/continue has something
                    return user;
                }));
            }
            List<LoadUser> users = new ArrayList<>();
            for (Future<LoadUser> future : futures) {
                users.add(future.get());
            }
            return users;
        } finally {
            pool.shutdownNow();
        }
    }

    private ServiceClient.Reply register(String email, String promo) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("name", email.substring(0, email.indexOf('@')));
        body.put("password", PASSWORD);
        if (promo != null) {
            body.put("promoCode", promo);
        }
        ServiceClient.Reply reply = expect(api.post("/api/register", null, body), "register " + email);
        if (reply.cookie() == null) {
            throw new IllegalStateException("Registering " + email + " set no session cookie");
        }
        return reply;
    }

    private static ServiceClient.Reply expect(ServiceClient.Reply reply, String what) {
        if (!reply.ok()) {
            throw new IllegalStateException("Set-up failed to " + what + ": HTTP " + reply.status() + " "
                    + new String(reply.body(), StandardCharsets.UTF_8));
        }
        return reply;
    }
}
