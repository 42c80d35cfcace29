package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListTablesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobContainerItem;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobContainersOptions;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Bad input on every route that changes something: malformed and mistyped JSON, bodies over the limit, unknown
 * ids, another user's account, a forged link, no session, a user who is not a site admin. Each gets a 4xx with a
 * sentence, and afterwards every table entity and every blob of the service is exactly as before (same ETags).
 */
@AzkitStorageTest
class BadInputIT {

    private static final String VIDEO = "azure-storage-fundamentals-introduction";

    private record Call(String method, String path, Object body, Browser who) {
    }

    @Test
    void everyBadRequestGetsAClear4xxAndChangesNothing(TestStorage storage) {
        String prefix = TestStorage.uniqueName("x");
        try (VideoService service = VideoService.start(GuardedOptions.create()
                .connectionString(storage.connectionString()).prefix(prefix).kdfIterations(1_000))) {
            String base = service.url();
            Browser alice = Browser.registered(base, "alice@example.org");
            Browser bob = Browser.registered(base, "bob@example.org");
            Browser mallory = Browser.registered(base, "mallory@example.org");
            Browser nobody = new Browser(base);
            String account = alice.post("/api/accounts", Map.of("name", "Corp", "seats", 1,
                    "payment", Browser.CARD)).json().path("id").asText();
            Browser.grantAndAccept(alice, bob, account, "bob@example.org");
            bob.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 10));
            bob.post("/api/bookmarks/" + VIDEO, Map.of("offset", 10, "note", "n"));
            bob.post("/api/queue", Map.of("videoId", VIDEO));
            service.logs().flush();

            List<Call> calls = new ArrayList<>();
            List<String[]> bodyRoutes = List.of(
                    new String[] {"POST", "/api/register"}, new String[] {"POST", "/api/login"},
                    new String[] {"POST", "/api/me/email"}, new String[] {"POST", "/api/accounts"},
                    new String[] {"POST", "/api/accounts/" + account + "/seats"},
                    new String[] {"POST", "/api/seats/accept"},
                    new String[] {"POST", "/api/watch/" + VIDEO + "/progress"},
                    new String[] {"POST", "/api/watch/" + VIDEO + "/stop"},
                    new String[] {"POST", "/api/bookmarks/" + VIDEO}, new String[] {"POST", "/api/queue"},
                    new String[] {"PUT", "/api/queue"}, new String[] {"PUT", "/api/accounts/" + account + "/payment"});
            String mistyped = Json.write(Map.ofEntries(Map.entry("email", 5), Map.entry("name", List.of()),
                    Map.entry("password", Map.of()), Map.entry("seats", "two"), Map.entry("offset", "x"),
                    Map.entry("note", 1), Map.entry("videoId", 2), Map.entry("order", "a"), Map.entry("token", 3),
                    Map.entry("payment", Map.of("type", "bitcoin"))));
            List<String> bodies = List.of("", "{", "[1]", "\"text\"", "null", mistyped,
                    "{\"note\":\"" + "x".repeat(70 * 1024) + "\"}");
            for (String[] route : bodyRoutes) {
                for (String body : bodies) {
                    // bob has a seat, so his bad pings reach the body's checks
                    calls.add(new Call(route[0], route[1], body, route[1].startsWith("/api/watch") ? bob : alice));
                }
            }
            // Out of range, unknown, someone else's, forged, not signed in, not a site admin.
            calls.add(new Call("POST", "/api/watch/" + VIDEO + "/progress", Map.of("offset", -1), bob));
            calls.add(new Call("POST", "/api/watch/" + VIDEO + "/progress", Map.of("offset", 999_999), bob));
            calls.add(new Call("POST", "/api/watch/no-such-video/progress", Map.of("offset", 1), bob));
            calls.add(new Call("POST", "/api/watch/" + VIDEO + "/progress", Map.of("offset", 400), mallory));
            calls.add(new Call("POST", "/api/bookmarks/" + VIDEO, Map.of("offset", 1, "note", "x".repeat(501)), bob));
            calls.add(new Call("DELETE", "/api/bookmarks/" + VIDEO + "/first", null, bob));
            calls.add(new Call("POST", "/api/queue", Map.of("videoId", "no-such-video"), bob));
            calls.add(new Call("PUT", "/api/queue", Map.of("order", List.of("no-such-video")), bob));
            calls.add(new Call("POST", "/api/accounts", Map.of("name", "Big", "seats", 0,
                    "payment", Browser.CARD), alice));
            calls.add(new Call("POST", "/api/accounts/" + account + "/seats", Map.of("email", "carol@example.org"),
                    alice)); // the only seat is bob's
            calls.add(new Call("POST", "/api/accounts/" + account + "/seats", Map.of("email", "not an email"), alice));
            calls.add(new Call("POST", "/api/accounts/no-such-account/seats", Map.of("email", "c@example.org"), alice));
            for (Browser outsider : List.of(mallory, bob)) {
                calls.add(new Call("POST", "/api/accounts/" + account + "/seats", Map.of("email", "m@example.org"),
                        outsider));
                calls.add(new Call("DELETE", "/api/accounts/" + account + "/seats/bob@example.org", null, outsider));
                calls.add(new Call("POST", "/api/accounts/" + account + "/seats/bob@example.org/resend", Map.of(),
                        outsider));
                calls.add(new Call("PUT", "/api/accounts/" + account + "/payment",
                        Map.of("payment", Browser.CARD), outsider));
                calls.add(new Call("GET", "/api/accounts/" + account + "/transcript", null, outsider));
            }
            calls.add(new Call("POST", "/api/seats/accept", Map.of("token", "seat|" + account + "|mallory@example.org"
                    + ".forged"), mallory));
            calls.add(new Call("POST", "/api/me/email", Map.of("email", "bob@example.org", "password",
                    Browser.PASSWORD), alice)); // taken
            calls.add(new Call("POST", "/api/me/email", Map.of("email", "new@example.org", "password", "wrong!!!"),
                    alice));
            calls.add(new Call("POST", "/api/register", Map.of("email", "alice@example.org", "name", "A",
                    "password", Browser.PASSWORD), nobody)); // taken
            calls.add(new Call("POST", "/api/register", Map.of("email", "short@example.org", "name", "S",
                    "password", "short"), nobody));
            calls.add(new Call("POST", "/api/queue", Map.of("videoId", VIDEO), nobody));
            calls.add(new Call("POST", "/api/accounts", Map.of("name", "Mine", "seats", 5,
                    "payment", Map.of("type", "free")), alice)); // free watching is for site admins to give
            calls.add(new Call("PUT", "/api/accounts/" + account + "/payment", Map.of("payment",
                    Map.of("type", "purchaseOrder", "poNumber", "PO-1", "paidThrough", "2099-12-31")), alice));
            calls.add(new Call("PUT", "/api/accounts/" + account + "/payment", Map.of("payment",
                    Map.of("type", "promotion", "code", "X", "freeUntil", "2099-12-31")), alice));
            calls.add(new Call("POST", "/api/admin/promo-codes", Map.of("code", "FREE", "freeDays", 30,
                    "expires", "2099-01-01"), alice));
            calls.add(new Call("POST", "/api/admin/accounts/" + account + "/bill", Map.of(), alice));
            calls.add(new Call("GET", "/api/admin/accounts", null, alice));

            // The royalties elector writes its report and bookkeeping in the background after start-up: let it finish.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (service.royaltyPeriodsRun().isEmpty() && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            }
            assertThat(service.royaltyPeriodsRun()).isNotEmpty();
            Map<String, String> before = snapshot(storage, prefix);
            // A body that is not declared JSON (what a cross-site form can send without a preflight) is refused.
            Browser.Reply plainText = alice.postAs("/api/login", "text/plain",
                    "{\"email\":\"alice@example.org\",\"password\":\"" + Browser.PASSWORD + "\"}");
            assertThat(plainText.status()).isEqualTo(415);
            assertThat(plainText.error()).isEqualTo("The request body must be JSON, sent with Content-Type:"
                    + " application/json.");
            for (Call call : calls) {
                Browser.Reply reply = switch (call.method()) {
                    case "POST" -> call.who().post(call.path(), call.body());
                    case "PUT" -> call.who().put(call.path(), call.body());
                    case "DELETE" -> call.who().delete(call.path());
                    default -> call.who().get(call.path());
                };
                String what = call.method() + " " + call.path() + " " + abbreviate(call.body());
                assertThat(reply.status()).as(what + " -> " + reply.json()).isBetween(400, 499);
                assertThat(reply.error()).as(what).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
            }
            service.logs().flush();
            assertThat(snapshot(storage, prefix)).as("every entity and blob, with its ETag").isEqualTo(before);
            assertThat(calls).hasSizeGreaterThan(100);
        }
    }

    private static String abbreviate(Object body) {
        String text = body instanceof String s ? s : String.valueOf(body);
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }

    /** Every entity of the service's tables and every blob of its containers (except elections), with ETags. */
    static Map<String, String> snapshot(TestStorage storage, String prefix) {
        Map<String, String> all = new TreeMap<>();
        TableServiceClient tables = storage.tableServiceClient();
        tables.listTables(new ListTablesOptions().setFilter("TableName ge '" + prefix + "' and TableName lt '"
                + prefix + "~'"), null, null).forEach(table -> {
                    for (TableEntity e : tables.getTableClient(table.getName()).listEntities()) {
                        all.put(table.getName() + "/" + e.getPartitionKey() + "/" + e.getRowKey(), e.getETag());
                    }
                });
        BlobServiceClient blobs = storage.blobServiceClient();
        for (BlobContainerItem container : blobs.listBlobContainers(new ListBlobContainersOptions().setPrefix(prefix),
                null)) {
            if (container.getName().equals(prefix + "elections") || container.getName().equals(prefix + "reports")) {
                continue; // the royalties elector's own work, in the background
            }
            for (BlobItem blob : blobs.getBlobContainerClient(container.getName()).listBlobs()) {
                all.put(container.getName() + "/" + blob.getName(), blob.getProperties().getETag());
            }
        }
        assertThat(all).as("the snapshot sees the service's data").hasSizeGreaterThan(5);
        return all;
    }
}
