package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Watching, bookmarks, the queue and the library, over HTTP. */
@AzkitStorageTest
class WatchingIT {

    private static final String VIDEO = "azure-storage-fundamentals-introduction";
    private final TransactionCounter counter = new TransactionCounter();
    private VideoService service;
    private TestStorage storage;
    private String prefix;

    @BeforeEach
    void start(TestStorage storage) {
        this.storage = storage;
        prefix = TestStorage.uniqueName("w");
        service = VideoService.start(GuardedOptions.create().connectionString(storage.connectionString())
                .prefix(prefix).kdfIterations(1_000).counter(counter).libraryPoll(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void aProgressPingWhoseChunkIsAlreadySeenCostsNoStorageWrite() {
        Browser student = studentWithSeat();
        assertThat(student.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 60)).json().path("wrote")
                .asBoolean()).isTrue();

        TransactionCounts before = counter.snapshot();
        Browser.Reply again = student.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 120));
        TransactionCounts spent = counter.snapshot().minus(before);

        assertThat(again.json().path("wrote").asBoolean()).isFalse();
        assertThat(spent.mutations()).as("writes for a ping in a seen chunk: " + spent).isZero();
        assertThat(spent.get(TransactionKind.READ)).as("reads: session user, watched row").isEqualTo(2);
        assertThat(spent.get(TransactionKind.LIST)).as("one query: the paying account and the user's grant row")
                .isEqualTo(1);
        assertThat(spent.total()).isEqualTo(3);

        // A ping in a new chunk writes the row and the video's statistics (two read-modify-writes)
        before = counter.snapshot();
        assertThat(student.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 200)).json().path("wrote")
                .asBoolean()).isTrue();
        assertThat(counter.snapshot().minus(before).mutations()).isEqualTo(2);
    }

    @Test
    void chunksClaimedFasterThanAPlayerPlaysAreNotCredited() {
        BillingIT.MutableClock clock = new BillingIT.MutableClock(java.time.Instant.parse("2026-11-22T10:00:00Z"));
        var tables = storage.tableServiceClient();
        io.github.azkit.examples.video.watch.Watching limited = new io.github.azkit.examples.video.watch.Watching(
                tables.createTable(TestStorage.uniqueName("w")), tables.createTable(TestStorage.uniqueName("s")),
                clock, 2.0); // a new chunk at most every 81 s (180 s at 2x, less 10%)

        assertThat(limited.progress("u1", VIDEO, 10)).isTrue();
        assertThat(limited.progress("u1", VIDEO, 200)).as("the next chunk at once").isFalse();
        assertThat(limited.progress("u1", "blobs-in-depth-introduction", 10)).as("another video at once").isFalse();
        assertThat(limited.progress("u2", VIDEO, 10)).as("another user").isTrue();
        clock.advance(Duration.ofSeconds(81));
        assertThat(limited.progress("u1", VIDEO, 200)).isTrue();
        assertThat(limited.history("u1")).singleElement().extracting(w -> w.minutes()).isEqualTo(6);

        assertThatThrownBy(() -> new io.github.azkit.examples.video.watch.Watching(tables.getTableClient("x"),
                tables.getTableClient("y"), clock, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'maxSpeed' must be above 0 (1.0 is real time), was 0.0");
    }

    @Test
    void stopStoresTheExactOffsetAndHistoryContinuesFromIt() {
        Browser student = studentWithSeat();
        student.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 10));
        assertThat(student.post("/api/watch/" + VIDEO + "/stop", Map.of("offset", 1234)).status()).isEqualTo(204);

        JsonNode next = student.get("/api/continue").json();
        assertThat(next.path("videoId").asText()).isEqualTo(VIDEO);
        assertThat(next.path("offsetSeconds").asInt()).isEqualTo(1234);
        assertThat(next.path("minutes").asInt()).isEqualTo(3);
        assertThat(student.get("/api/history").json()).hasSize(1);
        assertThat(student.post("/api/watch/" + VIDEO + "/stop", Map.of("offset", 999_999)).status()).isEqualTo(400);
        assertThat(student.post("/api/watch/no-such-video/stop", Map.of("offset", 1)).status()).isEqualTo(404);
    }

    @Test
    void watchingIsDeniedUnlessAnAccountPays() {
        Browser loner = Browser.registered(service.url(), "loner@example.org");
        Browser.Reply reply = loner.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 1));
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.error()).contains("No account pays");
        assertThat(loner.get("/api/history").json()).isEmpty();
    }

    @Test
    void bookmarksAndTheQueueKeepTheUsersOrder() {
        Browser student = studentWithSeat();
        student.post("/api/bookmarks/" + VIDEO, Map.of("offset", 600, "note", "partition keys"));
        student.post("/api/bookmarks/" + VIDEO, Map.of("offset", 30, "note", "intro"));
        JsonNode marks = student.get("/api/bookmarks/" + VIDEO).json();
        assertThat(marks).hasSize(2);
        assertThat(marks.get(0).path("note").asText()).isEqualTo("partition keys");
        assertThat(student.delete("/api/bookmarks/" + VIDEO + "/0").json()).hasSize(1);
        assertThat(student.post("/api/bookmarks/" + VIDEO, Map.of("offset", 1, "note", "x".repeat(501))).status())
                .isEqualTo(400);
        student.post("/api/bookmarks/blobs-in-depth-introduction", Map.of("offset", 5, "note", "blocks"));

        // The dashboard's list of every bookmark is one partition query.
        TransactionCounts before = counter.snapshot();
        JsonNode all = student.get("/api/bookmarks").json();
        TransactionCounts spent = counter.snapshot().minus(before);
        assertThat(all.size()).isEqualTo(2);
        assertThat(all.path(VIDEO).get(0).path("note").asText()).isEqualTo("intro");
        assertThat(all.path("blobs-in-depth-introduction").get(0).path("offsetSeconds").asInt()).isEqualTo(5);
        assertThat(spent.total()).as(spent.toString()).isEqualTo(1); // the session cookie carries the user id
        assertThat(spent.mutations()).isZero();

        List<String> videos = List.of(VIDEO, "blobs-in-depth-introduction", "modern-cpp-introduction");
        for (String video : videos) {
            assertThat(student.post("/api/queue", Map.of("videoId", video)).status()).isEqualTo(200);
        }
        assertThat(student.post("/api/queue", Map.of("videoId", VIDEO)).json()).hasSize(3); // no duplicates
        JsonNode reordered = student.put("/api/queue", Map.of("order",
                List.of("modern-cpp-introduction", VIDEO, "blobs-in-depth-introduction"))).json();
        assertThat(reordered.get(0).asText()).isEqualTo("modern-cpp-introduction");
        assertThat(student.put("/api/queue", Map.of("order", List.of(VIDEO))).status()).isEqualTo(409);
        assertThat(student.delete("/api/queue/" + VIDEO).json()).hasSize(2);
        assertThat(student.get("/api/queue").json().get(0).asText()).isEqualTo("modern-cpp-introduction");
        assertThat(student.post("/api/queue", Map.of("videoId", "nope")).status()).isEqualTo(404);
    }

    @Test
    void twoInstancesServeAReplacedLibraryWithinOnePollInterval() {
        try (VideoService other = VideoService.start(GuardedOptions.create()
                .connectionString(storage.connectionString()).prefix(prefix).kdfIterations(1_000)
                .libraryPoll(Duration.ofSeconds(1)))) {
            Browser first = new Browser(service.url());
            Browser second = new Browser(other.url());
            assertThat(first.get("/api/library").json().path("videos")).hasSizeGreaterThanOrEqualTo(50);

            String replacement = "<VideoLibrary version=\"1\"><Instructor id=\"i\" name=\"I\"/>"
                    + "<Video id=\"only\" title=\"Only\" instructor=\"i\" durationSeconds=\"60\" published=\"2026-01-01\">"
                    + "</Video></VideoLibrary>";
            storage.blobServiceClient().getBlobContainerClient(prefix + "library")
                    .getBlobClient(VideoService.LIBRARY_BLOB).upload(BinaryData.fromString(replacement), true);
            long replaced = System.nanoTime();

            for (Browser browser : List.of(first, second)) {
                while (browser.get("/api/library").json().path("videos").size() != 1
                        && System.nanoTime() - replaced < TimeUnit.SECONDS.toNanos(3)) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
            }
            double seconds = (System.nanoTime() - replaced) / 1e9;
            assertThat(first.get("/api/library").json().path("videos").get(0).path("id").asText()).isEqualTo("only");
            assertThat(second.get("/api/library").json().path("videos").get(0).path("id").asText()).isEqualTo("only");
            assertThat(seconds).as("both switched within poll interval + one request").isLessThan(2.5);
        }
    }

    @Test
    void theLibraryIsDownloadableStraightFromStorageAndSearchable() throws Exception {
        Browser student = Browser.registered(service.url(), "reader@example.org");
        String url = student.get("/api/library/link").json().path("url").asText();
        HttpResponse<String> xml = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(xml.body()).contains("<VideoLibrary");

        JsonNode byAuthor = student.get("/api/library?author=kate-gregory").json().path("videos");
        assertThat(byAuthor).isNotEmpty().allSatisfy(v -> assertThat(v.path("instructorId").asText())
                .isEqualTo("kate-gregory"));
        assertThat(student.get("/api/library?q=" + URLDecoder.decode("fencing", StandardCharsets.UTF_8))
                .json().path("videos")).isNotEmpty();
        assertThat(student.get("/api/pricing").json().path("country").asText()).isEqualTo("US");
    }

    private Browser studentWithSeat() {
        Browser admin = Browser.registered(service.url(), "admin@example.org");
        String account = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 2,
                "payment", Browser.CARD)).json().path("id").asText();
        Browser student = Browser.registered(service.url(), "student@example.org");
        Browser.grantAndAccept(admin, student, account, "student@example.org");
        return student;
    }
}
