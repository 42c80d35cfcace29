package io.github.azkit.examples.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests: Debian's {@code chromium} and {@code chromium-driver} (which
 * {@code .ci/run} installs), or the binaries named by {@code AZKIT_CHROMIUM} and {@code AZKIT_CHROMEDRIVER}. Selenium
 * is given both paths, so it downloads nothing. When they are missing the tests fail under CI ({@code CI} set) and
 * are skipped, saying what to install, elsewhere.
 */
final class Chromium {

    private Chromium() {
    }

    static ChromeDriver start(Path profile) {
        Path browser = find("AZKIT_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path driver = find("AZKIT_CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        // The flags a closed, headless machine needs: no sandbox (CI runs as root), and no background traffic to
        // Google's services, which this network refuses.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "--window-size=1280,1000", "--lang=en-US",
                "--user-data-dir=" + profile.toAbsolutePath());
        // The browser's console, so tests can check that no page broke its Content-Security-Policy or threw.
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return chrome;
    }

    /**
     * The console messages since the last call that say a page broke the Content-Security-Policy or threw an
     * uncaught error (failed requests, which the pages show in words, are not among them).
     */
    static java.util.List<String> pageErrors(ChromeDriver chrome) {
        return chrome.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to") || m.contains("Uncaught"))
                .toList();
    }

    /** Saves a screenshot of the page as {@code target/screenshots/<name>.png}. */
    static Path screenshot(ChromeDriver chrome, String name) {
        try {
            Path dir = Files.createDirectories(Paths.get("target", "screenshots"));
            Path file = dir.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) chrome).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path find(String variable, String... candidates) {
        Optional<Path> named = Optional.ofNullable(System.getenv(variable)).filter(v -> !v.isBlank()).map(Paths::get);
        if (named.isPresent()) {
            if (!Files.isExecutable(named.get())) {
                throw new IllegalStateException(variable + " names " + named.get() + ", which is not an executable"
                        + " file; point it at the binary or unset it.");
            }
            return named.get();
        }
        for (String candidate : candidates) {
            Path path = Paths.get(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        String message = "The browser tests need Chromium and its driver, and neither " + variable + " nor "
                + String.join(", ", candidates) + " is there. On Debian or Ubuntu: apt-get install chromium"
                + " chromium-driver (bash .ci/run does this); elsewhere set AZKIT_CHROMIUM and AZKIT_CHROMEDRIVER.";
        if (System.getenv("CI") != null) {
            throw new IllegalStateException(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
