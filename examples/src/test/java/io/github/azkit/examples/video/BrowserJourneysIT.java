package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The main journeys through the pages, in headless Chromium against a running service on Azurite: register with a
 * promo code, browse and filter the library, watch and resume, bookmark, reorder the queue, an admin giving a seat
 * and the invitee accepting it from the emailed link, and the account page's chart and transcript link. A
 * screenshot of each page goes to {@code examples/target/screenshots/}.
 */
@AzkitStorageTest
class BrowserJourneysIT {

    private static final String VIDEO = "azure-storage-fundamentals-introduction";
    private static final String PASSWORD = "correct horse";

    @TempDir
    static Path profile;
    private static ChromeDriver chrome;
    private VideoService service;
    private String base;

    @BeforeAll
    static void browser() {
        chrome = Chromium.start(profile);
    }

    @AfterAll
    static void closeBrowser() {
        if (chrome != null) {
            chrome.quit();
        }
    }

    /** The demo's site administrator, who may read anyone's demo mail (over HTTP, without the page). */
    private Browser siteAdmin() {
        Browser site = new Browser(base);
        assertThat(site.post("/api/login", java.util.Map.of("email", "site@demo.example", "password",
                VideoServiceMain.DEMO_PASSWORD)).status()).isEqualTo(200);
        return site;
    }

    @BeforeEach
    void start(TestStorage storage) {
        service = VideoService.start(GuardedOptions.create().connectionString(storage.connectionString())
                .prefix(TestStorage.uniqueName("w")).kdfIterations(1_000));
        VideoServiceMain.seed(service.directory());
        base = service.url();
        chrome.manage().deleteAllCookies();
    }

    @AfterEach
    void stop() {
        service.close();
        assertThat(Chromium.pageErrors(chrome)).as("CSP violations and uncaught errors in the pages").isEmpty();
    }

    @Test
    void aNewcomerRegistersWithAPromoCodeFindsAVideoWatchesBookmarksAndResumes() {
        signIn("site@demo.example", VideoServiceMain.DEMO_PASSWORD);
        open("/admin.html");
        type("promo-code", "WELCOME30");
        type("promo-days", "30");
        click(By.id("promo-button"));
        waitFor(By.cssSelector("#promos tr[data-code='WELCOME30']"));
        assertThat(message()).contains("WELCOME30 gives 30 free days");
        Chromium.screenshot(chrome, "01-site-admin");
        click(By.cssSelector("#accounts .bill"));
        waitUntil(() -> message().equals("Billed Demo Corp for this month: in good standing."));
        // Last quarter's report is made by the royalties elector when the service starts (in the background, so
        // ask until it is there); a future one is not made.
        waitUntil(() -> {
            click(By.id("royalties-button"));
            return text(By.id("report-head")).equals("instructor video minutes");
        });
        assertThat(chrome.findElement(By.id("royalties-link")).isDisplayed()).isTrue();
        type("quarter", "2030-Q1");
        click(By.id("royalties-button"));
        assertThat(waitForMessage()).isEqualTo("The report of 2030-Q1 is not made yet: it is made after the quarter"
                + " ends.");
        signOut();

        // A wrong promo code is refused in words, and nothing is registered.
        open("/");
        register("Pat", "pat@example.org", "NOPE");
        assertThat(waitForMessage()).isEqualTo("The promo code 'NOPE' is unknown or has expired, or its uses are all taken.");
        assertThat(service.directory().user("pat@example.org")).isEmpty();
        Chromium.screenshot(chrome, "02-register-error");

        type("register-promo", "WELCOME30");
        click(By.id("register-button"));
        waitForPage("/dashboard.html");
        assertThat(text(By.id("welcome"))).isEqualTo("Welcome, Pat");
        assertThat(chrome.findElement(By.id("standing")).isDisplayed()).as("may watch").isFalse();

        // The library: filter by author, then search.
        open("/library.html");
        new Select(chrome.findElement(By.id("author"))).selectByVisibleText("John Robbins");
        waitUntil(() -> text(By.id("count")).equals("8 videos"));
        assertThat(chrome.findElements(By.cssSelector("#videos .author"))).extracting(WebElement::getText)
                .containsOnly("John Robbins");
        new Select(chrome.findElement(By.id("author"))).selectByValue("");
        waitUntil(() -> text(By.id("count")).equals("59 videos"));
        type("search", "Fundamentals: Introduction");
        click(By.id("filter-button"));
        waitUntil(() -> text(By.id("count")).equals("1 video"));
        Chromium.screenshot(chrome, "03-library");
        click(By.cssSelector("#videos a.title"));

        // Watch at 60x for a little over 3 minutes of video: the pings record one 3-minute chunk.
        waitForPage("/video.html");
        assertThat(text(By.id("title"))).isEqualTo("Azure Storage Fundamentals: Introduction");
        new Select(chrome.findElement(By.id("speed"))).selectByValue("60");
        click(By.id("play"));
        waitUntil(() -> seconds(text(By.id("screen"))) >= 200);
        click(By.id("play"));
        int stoppedAt = seconds(text(By.id("screen")));
        type("note", "the cost model starts here");
        click(By.id("bookmark-button"));
        waitFor(By.cssSelector("#bookmarks .note"));
        assertThat(text(By.cssSelector("#bookmarks .note"))).isEqualTo("the cost model starts here");
        assertThat(text(By.cssSelector("#bookmarks .jump"))).isEqualTo(clock(stoppedAt));
        Chromium.screenshot(chrome, "04-video");

        // Sections jump the player.
        chrome.findElements(By.cssSelector("#sections .jump")).get(2).click();
        assertThat(text(By.id("screen"))).isEqualTo("19:23");

        // The dashboard: history with minutes, the bookmark, and "continue" where the stop was recorded.
        open("/dashboard.html");
        waitFor(By.cssSelector("#history tr[data-video='" + VIDEO + "']"));
        assertThat(text(By.cssSelector("#history tr[data-video='" + VIDEO + "'] .minutes")))
                .isEqualTo(String.valueOf(minutesSeen(stoppedAt)));
        assertThat(text(By.cssSelector("#bookmarks li"))).contains("the cost model starts here");
        Chromium.screenshot(chrome, "05-dashboard");
        click(By.id("continue-link"));
        waitForPage("/video.html");
        assertThat(seconds(text(By.id("screen")))).isEqualTo(stoppedAt);

        // An unknown video is explained, not a stack trace.
        open("/video.html?id=no-such-video");
        assertThat(waitForMessage()).isEqualTo("There is no video 'no-such-video'.");
    }

    @Test
    void theQueueIsReorderedAndTheNewOrderIsKept() {
        open("/");
        register("Quinn", "quinn@example.org", "");
        waitForPage("/dashboard.html");
        assertThat(chrome.findElement(By.id("standing")).getText()).contains("No account has given you a seat yet.");
        open("/library.html");
        List<String> ids = List.of("azure-storage-fundamentals-introduction", "azure-storage-fundamentals-part1",
                "azure-storage-fundamentals-part2");
        for (String id : ids) {
            click(By.cssSelector("#videos tr[data-video='" + id + "'] .queue-add"));
            waitUntil(() -> message().contains("is in your queue"));
            chrome.executeScript("azkit.clear()");
        }
        open("/dashboard.html");
        waitUntil(() -> queue().equals(ids));
        click(By.cssSelector("#queue li[data-video='" + ids.get(0) + "'] .down"));
        waitUntil(() -> queue().equals(List.of(ids.get(1), ids.get(0), ids.get(2))));
        click(By.cssSelector("#queue li[data-video='" + ids.get(2) + "'] .up"));
        waitUntil(() -> queue().equals(List.of(ids.get(1), ids.get(2), ids.get(0))));
        Chromium.screenshot(chrome, "06-queue");

        open("/dashboard.html"); // the order is the service's, not the page's
        waitUntil(() -> queue().equals(List.of(ids.get(1), ids.get(2), ids.get(0))));
        click(By.cssSelector("#queue li[data-video='" + ids.get(2) + "'] .remove"));
        waitUntil(() -> queue().equals(List.of(ids.get(1), ids.get(0))));
    }

    @Test
    void anAdminGivesASeatTheInviteeAcceptsFromTheEmailAndTheAccountPageShowsTheirMinutes() {
        signIn("admin@demo.example", VideoServiceMain.DEMO_PASSWORD);
        click(By.cssSelector("#nav a.account-link"));
        waitForPage("/account.html");
        assertThat(text(By.id("name"))).isEqualTo("Demo Corp");
        type("grant-email", "Robin@Example.org");
        click(By.id("grant-button"));
        waitFor(By.cssSelector("#members tr[data-email='robin@example.org']"));
        assertThat(message()).contains("has a seat");
        waitUntil(() -> text(By.id("log")).contains("grant"));
        click(By.cssSelector("#members tr[data-email='robin@example.org'] .resend"));
        waitUntil(() -> message().equals("The seat link was sent to robin@example.org again."));
        assertThat(siteAdmin().outbox("robin@example.org")).hasSize(2);
        signOut();

        // The invitee clicks the emailed link before registering, registers, and is sent back to accept.
        String link = siteAdmin().outbox("robin@example.org").get(1).path("link").asText();
        chrome.get(link);
        waitFor(By.id("register-link"));
        Chromium.screenshot(chrome, "07-accept-register-first");
        click(By.id("register-link"));
        waitForPage("/");
        register("Robin", "robin@example.org", "");
        waitForPage("/accept.html");
        waitUntil(() -> text(By.id("result")).equals("The seat is yours: you can watch every video now."));
        Chromium.screenshot(chrome, "08-accept");

        // Robin watches, so the account page's chart and table have minutes for Robin this month.
        open("/video.html?id=" + VIDEO);
        new Select(chrome.findElement(By.id("speed"))).selectByValue("60");
        click(By.id("play"));
        waitUntil(() -> seconds(text(By.id("screen"))) >= 370);
        click(By.id("play"));
        int robinStopped = seconds(text(By.id("screen")));
        signOut();

        signIn("admin@demo.example", VideoServiceMain.DEMO_PASSWORD);
        click(By.cssSelector("#nav a.account-link"));
        waitForPage("/account.html");
        By robinMinutes = By.cssSelector("#usage tr[data-member='robin@example.org'] td.minutes");
        waitFor(robinMinutes);
        List<String> minutes = chrome.findElements(robinMinutes).stream().map(WebElement::getText).toList();
        assertThat(minutes).hasSize(6);
        assertThat(minutes.subList(0, 5)).containsOnly("0");
        assertThat(minutes.get(5)).isEqualTo(String.valueOf(minutesSeen(robinStopped)));
        assertThat(chrome.findElements(By.cssSelector("#chart rect.bar[data-member='robin@example.org']"))).hasSize(6);
        click(By.id("transcript-button"));
        waitUntil(() -> chrome.findElement(By.id("transcript-link")).isDisplayed());
        assertThat(chrome.findElement(By.id("transcript-link")).getAttribute("href")).contains("sig=");
        Chromium.screenshot(chrome, "09-account");

        // Taking the seat back is immediate, and the invitee is told in words.
        click(By.cssSelector("#members tr[data-email='robin@example.org'] .revoke"));
        waitUntil(() -> chrome.findElements(By.cssSelector("#members tr[data-email='robin@example.org']")).isEmpty());
        signOut();
        signIn("robin@example.org", PASSWORD);
        assertThat(chrome.findElement(By.id("standing")).getText()).startsWith("You cannot watch videos right now.");

        // Pages a person may not use say so.
        open("/admin.html");
        assertThat(waitForMessage()).isEqualTo("Only site administrators can use this page.");
        open("/account.html?id=" + service.directory().user("admin@demo.example").orElseThrow().adminOf().get(0));
        assertThat(waitForMessage()).isEqualTo("Only an administrator of Demo Corp can see it.");
        Chromium.screenshot(chrome, "10-forbidden");
    }

    @Test
    void aPageThatNeedsASignInSendsThePersonToSignInAndBack() {
        open("/library.html");
        waitForPage("/");
        assertThat(chrome.getCurrentUrl()).endsWith("/?next=%2Flibrary.html");
        type("sign-in-email", "student@demo.example");
        type("sign-in-password", "wrong password");
        click(By.id("sign-in-button"));
        assertThat(waitForMessage()).isEqualTo("That email and password do not match.");
        Chromium.screenshot(chrome, "00-sign-in");
        type("sign-in-password", VideoServiceMain.DEMO_PASSWORD);
        click(By.id("sign-in-button"));
        waitForPage("/library.html");
        // A next= that leads off the site is ignored, however it is spelled.
        for (String evil : List.of("//evil.example/", "/%5Cevil.example/", "/%09/evil.example/",
                "https://evil.example/")) {
            signOut();
            chrome.get(base + "/?next=" + evil);
            waitReady();
            type("sign-in-email", "student@demo.example");
            type("sign-in-password", VideoServiceMain.DEMO_PASSWORD);
            click(By.id("sign-in-button"));
            waitForPage("/dashboard.html");
        }
        chrome.get(base + "/no-such-page.html");
        assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("There is no such page");
        assertThat(service.directory().user("student@demo.example")).isPresent();
        assertThat(new Browser(base).get("/api/nothing").json()).isEqualTo(Json.MAPPER.valueToTree(
                Map.of("error", "There is no such resource: /api/nothing")));
    }

    // --- helpers ---

    private void open(String path) {
        chrome.get(base + path);
        waitReady();
    }

    private void waitReady() {
        new WebDriverWait(chrome, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("body[data-ready]")));
    }

    private void waitForPage(String path) {
        new WebDriverWait(chrome, Duration.ofSeconds(15)).until(d -> {
            String url = d.getCurrentUrl();
            String rest = url.substring(base.length());
            return rest.equals(path) || rest.startsWith(path + "?") || path.equals("/") && rest.startsWith("/?");
        });
        waitReady();
    }

    private void signIn(String email, String password) {
        open("/");
        type("sign-in-email", email);
        type("sign-in-password", password);
        click(By.id("sign-in-button"));
        waitForPage("/dashboard.html");
    }

    private void signOut() {
        click(By.id("sign-out"));
        waitForPage("/");
    }

    private void register(String name, String email, String promo) {
        type("register-name", name);
        type("register-email", email);
        type("register-password", PASSWORD);
        type("register-promo", promo);
        click(By.id("register-button"));
    }

    private void type(String id, String text) {
        WebElement field = chrome.findElement(By.id(id));
        field.clear();
        if (field.getAttribute("type") != null && List.of("date", "number").contains(field.getAttribute("type"))) {
            chrome.executeScript("arguments[0].value = arguments[1]", field, text);
        } else {
            field.sendKeys(text);
        }
    }

    private void click(By by) {
        new WebDriverWait(chrome, Duration.ofSeconds(15)).until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    private void waitFor(By by) {
        new WebDriverWait(chrome, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    private void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(chrome, Duration.ofSeconds(15)).until(d -> condition.getAsBoolean());
    }

    private String text(By by) {
        return chrome.findElement(by).getText();
    }

    private String message() {
        WebElement box = chrome.findElement(By.id("message"));
        return box.isDisplayed() ? box.getText() : "";
    }

    /** Waits for the message area, and checks that it holds words for a person, not a stack trace. */
    private String waitForMessage() {
        waitUntil(() -> !message().isEmpty());
        String text = message();
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("status");
        return text;
    }

    /** The queue as the page shows it, read in one script call (the list may be redrawn between two reads). */
    @SuppressWarnings("unchecked")
    private List<String> queue() {
        return (List<String>) chrome.executeScript("return [...document.querySelectorAll('#queue li')]"
                + ".map((li) => li.dataset.video)");
    }

    /**
     * The minutes the service records for watching from 0 to {@code stoppedAt}: the player pings every 30 seconds
     * of video, and each 3-minute chunk a ping lands in counts 3 minutes once.
     */
    private static int minutesSeen(int stoppedAt) {
        return 3 * (stoppedAt / 180 + 1);
    }

    private static int seconds(String clock) {
        int total = 0;
        for (String part : clock.split(":")) {
            total = total * 60 + Integer.parseInt(part);
        }
        return total;
    }

    private static String clock(int seconds) {
        return seconds / 60 + ":" + String.format("%02d", seconds % 60);
    }
}
