package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Grants;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the service as two JVMs ({@link ServiceChild}) serving one storage account, as two machines
 * behind a load balancer would: nothing is shared but storage (and the signing secret, which is in storage). A user
 * registered on one signs in on the other, a seat granted through one is honoured by the other, and a watch ping
 * sent to both for the same 3-minute chunk counts once, which the test checks in the tables themselves.
 */
@AzkitStorageTest
class TwoProcessesIT {

    private static final String VIDEO = "azure-storage-fundamentals-introduction";

    @Test
    void twoServiceProcessesOnOneStorageAccountActAsOneService(TestStorage storage) throws Exception {
        String prefix = TestStorage.uniqueName("p");
        try (ChildJvm first = child(storage, prefix, "service-a"); ChildJvm second = child(storage, prefix, "service-b")) {
            String a = url(first);
            String b = url(second);

            // Registered on A, signed in on B
            Browser admin = Browser.registered(a, "admin@corp.example");
            Browser jeff = Browser.registered(a, "jeff@corp.example");
            Browser jeffOnB = new Browser(b);
            Browser.Reply login = jeffOnB.post("/api/login", Map.of("email", "jeff@corp.example",
                    "password", Browser.PASSWORD));
            assertThat(login.status()).as(login.json().toString()).isEqualTo(200);
            String userId = login.json().path("userId").asText();
            assertThat(userId).isEqualTo(jeff.get("/api/me").json().path("userId").asText());

            // A seat granted through A, accepted through B, honoured by both
            Browser.Reply created = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 5,
                    "payment", Browser.CARD));
            assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
            String account = created.json().path("id").asText();
            assertThat(admin.post("/api/accounts/" + account + "/seats", Map.of("email", "jeff@corp.example"))
                    .status()).isEqualTo(200);
            assertThat(jeffOnB.post("/api/seats/accept", Map.of("token", jeffOnB.lastSeatToken("jeff@corp.example")))
                    .json().path("result").asText()).isEqualTo("ACCEPTED");
            for (Browser browser : new Browser[] {jeff, jeffOnB}) {
                JsonNode me = browser.get("/api/me").json();
                assertThat(me.path("canWatch").asBoolean()).isTrue();
                assertThat(me.path("payingAccount").asText()).isEqualTo(account);
            }
            assertThat(admin.at(b).get("/api/accounts/" + account).json().path("grantees").toString())
                    .isEqualTo("[\"jeff@corp.example\"]");

            // Pings for one chunk through both instances count once; the next chunk, once more
            assertThat(ping(jeff, 60)).as("first ping of chunk 0, on A").isTrue();
            assertThat(ping(jeffOnB, 120)).as("chunk 0 again, on B").isFalse();
            assertThat(ping(jeffOnB, 200)).as("first ping of chunk 1, on B").isTrue();
            assertThat(ping(jeff, 210)).as("chunk 1 again, on A").isFalse();

            // In storage: one user each, one grant row, one watched row with two chunks, six minutes in the stats
            TableServiceClient tables = storage.tableServiceClient();
            TableClient users = tables.getTableClient(prefix + "Users");
            assertThat(users.getEntity("jeff@corp.example", "").getProperty("UserId")).isEqualTo(userId);
            TableClient accounts = tables.getTableClient(prefix + Account.TABLE);
            assertThat(accounts.getEntity(account, "").getProperty("GrantCount")).isEqualTo(1);
            assertThat(accounts.getEntity(account, Grants.PREFIX + "jeff@corp.example")).isNotNull();
            TableEntity watched = tables.getTableClient(prefix + "WatchedVideos").getEntity(userId, VIDEO);
            assertThat(watched.getProperty("Chunks")).isEqualTo(3L);
            assertThat(watched.getProperty("Minutes")).isEqualTo(6);
            long minutes = 0;
            for (TableEntity stats : tables.getTableClient(prefix + "VideoStats").listEntities(
                    new ListEntitiesOptions().setFilter("PartitionKey eq '" + VIDEO + "'"), null, null)) {
                minutes += ((Number) stats.getProperty("Minutes")).longValue();
            }
            assertThat(minutes).as("minutes credited to the video, over both instances").isEqualTo(6);

            first.send("STOP");
            second.send("STOP");
            assertThat(first.waitFor(Duration.ofSeconds(20))).isZero();
            assertThat(second.waitFor(Duration.ofSeconds(20))).isZero();
        }
    }

    private static boolean ping(Browser browser, int offset) {
        Browser.Reply reply = browser.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", offset));
        assertThat(reply.status()).as(reply.json().toString()).isEqualTo(200);
        return reply.json().path("wrote").asBoolean();
    }

    private static ChildJvm child(TestStorage storage, String prefix, String name) {
        return ChildJvm.builder(ServiceChild.class).name(name).args(prefix)
                .env(ServiceChild.CONNECTION_STRING_ENV, storage.connectionString()).jvmOptions("-Xmx256m")
                .outputDirectory(Path.of("target", "child-jvms", prefix)).start();
    }

    private static String url(ChildJvm child) throws InterruptedException {
        String line = child.awaitLine(l -> l.startsWith("URL ") || l.startsWith("FAILED"), Duration.ofSeconds(45));
        assertThat(line).as(child.output()).startsWith("URL ");
        return line.substring(4).trim();
    }
}
