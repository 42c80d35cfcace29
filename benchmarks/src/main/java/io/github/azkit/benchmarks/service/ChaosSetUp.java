package io.github.azkit.benchmarks.service;

import io.github.azkit.examples.video.accounts.User;
import io.github.azkit.examples.video.http.VideoService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The chaos run's set-up, made with faults off: a site administrator and a promo code, an account administrator with
 * 20 card accounts and one company account (whose seats are granted under chaos, a quarter as many as people), and
 * the people, registered with the promo code. Immutable once made; a failed step stops the run.
 *
 * @param site the site administrator's session cookie
 * @param admin the account administrator's session cookie
 * @param cardAccounts the ids of the 20 card accounts billed under chaos
 * @param corp the company account's id
 * @param seatCount the company account's seats
 * @param people the people, in registration order
 */
record ChaosSetUp(String site, String admin, List<String> cardAccounts, String corp, int seatCount,
        List<ChaosPerson> people) {

    private static final String PROMO = "CHAOS2026";
    private static final String PASSWORD = "chaos-test-password";

    /**
     * Makes the set-up for {@code userCount} people, and prints what it made.
     *
     * @throws IllegalStateException if a set-up request fails
     */
    static ChaosSetUp create(ServiceClient api, VideoService service, int videoCount, int userCount) {
        long setupStart = System.nanoTime();
        String site = register(api, "site@chaos.example", null).cookie();
        service.directory().updateUser("site@chaos.example", u -> Optional.of(new User(u.email(), u.userId(),
                u.name(), u.passwordHash(), u.adminOf(), u.granteeOf(), true)));
        expect(api.post("/api/admin/promo-codes", site, Map.of("code", PROMO, "freeDays", 366, "expires",
                "2099-12-31")));
        String admin = register(api, "admin@chaos.example", null).cookie();
        List<String> cardAccounts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            cardAccounts.add(expect(api.post("/api/accounts", admin, Map.of("name", "Card " + i, "seats", 1,
                    "payment", Map.of("type", "creditCard", "gatewayToken", "tok_" + i, "expires", "2099-12-01"))))
                    .json().path("id").asText());
        }
        int seatCount = Math.max(1, userCount / 4);
        String corp = expect(api.post("/api/accounts", admin, Map.of("name", "Chaos Corp", "seats", seatCount,
                "payment", Map.of("type", "creditCard", "gatewayToken", "tok_corp", "expires", "2099-12-01"))))
                .json().path("id").asText();
        List<ChaosPerson> people = new ArrayList<>();
        for (int n = 0; n < userCount; n++) {
            String email = String.format(Locale.ROOT, "user%04d@chaos.example", n);
            ServiceClient.Reply reply = register(api, email, PROMO);
            people.add(new ChaosPerson(email, reply.json().path("userId").asText(), reply.cookie(), n % videoCount));
        }
        System.out.printf(Locale.ROOT, "Set-up (faults off): %d people registered with a promo code, 20 card"
                + " accounts, a company account of %d seats, in %.1f s.%n", people.size(), seatCount,
                (System.nanoTime() - setupStart) / 1e9);
        return new ChaosSetUp(site, admin, List.copyOf(cardAccounts), corp, seatCount, List.copyOf(people));
    }

    private static ServiceClient.Reply register(ServiceClient api, String email, String promo) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("name", email.substring(0, email.indexOf('@')));
        body.put("password", PASSWORD);
        if (promo != null) {
            body.put("promoCode", promo);
        }
        return expect(api.post("/api/register", null, body));
    }

    private static ServiceClient.Reply expect(ServiceClient.Reply reply) {
        if (!reply.ok()) {
            throw new IllegalStateException("Set-up failed: HTTP " + reply.status() + " "
                    + new String(reply.body(), StandardCharsets.UTF_8));
        }
        return reply;
    }
}
