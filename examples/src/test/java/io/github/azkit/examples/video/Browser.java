package io.github.azkit.examples.video;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** One person's browser for end-to-end tests: its own cookies, JSON in and out. */
final class Browser {

    record Reply(int status, JsonNode json, java.net.http.HttpHeaders headers) {
        String error() {
            return json.path("error").asText();
        }
    }

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
    private String base;

    Browser(String base) {
        this.base = base;
    }

    /** The value of this browser's session cookie, or null. */
    String session() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("session"))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    /** A new browser whose only cookie is a session cookie with this value (kept, stolen or forged). */
    static Browser withSession(String base, String value) {
        Browser browser = new Browser(base);
        java.net.HttpCookie cookie = new java.net.HttpCookie("session", value);
        cookie.setPath("/");
        cookie.setVersion(0);
        browser.cookies.getCookieStore().add(URI.create(base), cookie);
        return browser;
    }

    /** Points the same browser (same cookies) at another instance of the service. */
    Browser at(String otherBase) {
        this.base = otherBase;
        return this;
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    Reply post(String path, Object body) {
        String json = body instanceof String text ? text : Json.write(body);
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** Posts a body with any content type, as a form on another site could. */
    Reply postAs(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    Reply put(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)));
    }

    /** A card the simulated gateway accepts, the payment an account admin may choose. */
    static final java.util.Map<String, Object> CARD = java.util.Map.of("type", "creditCard", "gatewayToken", "tok_test",
            "expires", "2099-12-01");

    /** The password every test user gets. */
    static final String PASSWORD = "correct horse";

    /**
     * Registers a new user (named after the email's local part) on the service at {@code base}.
     *
     * @return that user's browser, signed in
     */
    static Browser registered(String base, String email) {
        Browser browser = new Browser(base);
        Reply reply = browser.post("/api/register", java.util.Map.of("email", email, "name", email.split("@")[0],
                "password", PASSWORD));
        org.assertj.core.api.Assertions.assertThat(reply.status()).as(reply.json().toString()).isEqualTo(201);
        return browser;
    }

    /** The demo outbox's messages to {@code email}, oldest first. */
    java.util.List<JsonNode> outbox(String email) {
        java.util.List<JsonNode> messages = new java.util.ArrayList<>();
        get("/api/outbox?to=" + java.net.URLEncoder.encode(email, StandardCharsets.UTF_8)).json().forEach(messages::add);
        return messages;
    }

    /** The token of the seat link in the newest message to {@code email}. */
    String lastSeatToken(String email) {
        java.util.List<JsonNode> mail = outbox(email);
        org.assertj.core.api.Assertions.assertThat(mail).as("mail to " + email).isNotEmpty();
        return tokenOf(mail.get(mail.size() - 1).path("link").asText());
    }

    /** The token of a seat link. */
    static String tokenOf(String link) {
        return java.net.URLDecoder.decode(link.substring(link.indexOf("token=") + 6), StandardCharsets.UTF_8);
    }

    /**
     * The token of the newest seat link mailed to {@code email}, read from the outbox's blobs: for a person who has
     * not registered yet, who cannot read the demo outbox over HTTP.
     */
    static String seatTokenInStorage(io.github.azkit.testing.TestStorage storage, String prefix, String email) {
        java.util.List<io.github.azkit.examples.video.mail.MailMessage> mail = new io.github.azkit.examples.video.mail
                .BlobOutbox(storage.blobServiceClient().getBlobContainerClient(prefix + "outbox")).messagesTo(email);
        org.assertj.core.api.Assertions.assertThat(mail).as("mail to " + email).isNotEmpty();
        return tokenOf(mail.get(mail.size() - 1).link());
    }

    /** The admin grants {@code user} a seat of {@code account}, and the user accepts it from the emailed link. */
    static void grantAndAccept(Browser admin, Browser user, String account, String email) {
        admin.post("/api/accounts/" + account + "/seats", java.util.Map.of("email", email));
        org.assertj.core.api.Assertions.assertThat(user.post("/api/seats/accept",
                java.util.Map.of("token", user.lastSeatToken(email))).json().path("result").asText())
                .isEqualTo("ACCEPTED");
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            JsonNode json = body.length == 0 ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(body);
            return new Reply(response.statusCode(), json, response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
