package io.github.azkit.examples.video;

import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.accounts.Payment;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.testing.Azurite;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the reference service on a local Azurite it starts itself, with the sample library, a demo account and
 * demo users, prints the URL and the logins, and serves until Ctrl-C. Set {@code AZKIT_STORAGE_CONNECTION_STRING}
 * to run against a real storage account instead, and {@code PORT} (or the argument {@code --port=N}) to choose the
 * port (default 8080; 0 = any free port). Accounts are billed monthly, on the 1st at 02:00 in {@code BILLING_ZONE} (or
 * the argument {@code --billing-zone=Europe/London}; default UTC), and the royalties report is made quarterly.
 */
public final class VideoServiceMain {

    /** The demo users' password. */
    public static final String DEMO_PASSWORD = "azkit-demo";

    private VideoServiceMain() {
    }

    /**
     * Starts the service.
     *
     * @param args {@code --exit} to stop right after start-up (a smoke test); {@code --port=N} to choose the port;
     *     {@code --billing-zone=ZONE} for the time zone of the monthly billing (a region ID such as
     *     {@code Europe/London}, or {@code UTC})
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        boolean exit = false;
        String portText = Optional.ofNullable(System.getenv("PORT")).orElse("8080");
        String zoneText = Optional.ofNullable(System.getenv("BILLING_ZONE")).orElse("UTC");
        for (String arg : args) {
            if (arg.equals("--exit")) {
                exit = true;
            } else if (arg.startsWith("--port=")) {
                portText = arg.substring("--port=".length());
            } else if (arg.startsWith("--billing-zone=")) {
                zoneText = arg.substring("--billing-zone=".length());
            } else {
                throw new IllegalArgumentException("Unknown argument '" + arg + "': use --exit, --port=N,"
                        + " --billing-zone=ZONE, or none.");
            }
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("The port '" + portText + "' (from PORT or --port=) must be a whole"
                    + " number from 0 to 65535; 0 picks a free port.");
        }
        ZoneId billingZone;
        try {
            billingZone = ZoneId.of(zoneText);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("The billing zone '" + zoneText + "' (from BILLING_ZONE or"
                    + " --billing-zone=) is not a time zone: use a region ID such as Europe/London, or UTC.", e);
        }
        String connectionString = System.getenv("AZKIT_STORAGE_CONNECTION_STRING");
        Azurite azurite = null;
        if (connectionString == null || connectionString.isBlank()) {
            azurite = Azurite.start();
            connectionString = azurite.connectionString();
        }
        TransactionCounter counter = new TransactionCounter();
        // @start region="calendar-billing"
        VideoService service = VideoService.start(new VideoService.Options().connectionString(connectionString)
                .port(port).counter(counter).kdfIterations(100_000)
                .monthlyBilling(billingZone)   // on the 1st at 02:00 in that zone; royalties: quarterly by default
                .demoOutbox(true) // the demo sends no real mail: the addressee reads it in the outbox
                .maxPlaybackSpeed(60)); // the demo player's top speed; a real player's would be 2 or so
        // @end region="calendar-billing"
        seed(service.directory());
        System.out.println();
        System.out.println("azkit video service: " + service.url());
        System.out.println("  account admin: admin@demo.example / " + DEMO_PASSWORD);
        System.out.println("  student:       student@demo.example / " + DEMO_PASSWORD + " (holds a seat)");
        System.out.println("  site admin:    site@demo.example / " + DEMO_PASSWORD);
        System.out.println("  storage transactions for start-up and demo data: " + counter.snapshot());
        if (exit) {
            service.close();
            if (azurite != null) {
                azurite.close();
            }
            return;
        }
        System.out.println("Press Ctrl-C to stop.");
        Azurite running = azurite;
        TransactionCounts started = counter.snapshot();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("storage transactions while serving: " + counter.snapshot().minus(started));
            service.close();
            if (running != null) {
                running.close();
            }
        }));
        new CountDownLatch(1).await();
    }

    /**
     * Creates the demo users and account if they are missing; safe to run again.
     *
     * @param directory the directory
     */
    static void seed(Directory directory) {
        for (String email : new String[] {"admin@demo.example", "student@demo.example", "site@demo.example"}) {
            if (directory.user(email).isEmpty()) {
                directory.register(email, email.startsWith("admin") ? "Ada Admin"
                        : email.startsWith("site") ? "Sita Siteadmin" : "Sam Student", DEMO_PASSWORD);
            }
        }
        directory.updateUser("site@demo.example", u -> u.siteAdmin() ? Optional.empty()
                : Optional.of(new io.github.azkit.examples.video.accounts.User(u.email(), u.userId(), u.name(),
                        u.passwordHash(), u.adminOf(), u.granteeOf(), true)));
        if (directory.user("admin@demo.example").orElseThrow().adminOf().isEmpty()) {
            Account account = directory.createAccount("Demo Corp", "admin@demo.example", 10,
                    new Payment.PurchaseOrder("PO-2026-001", LocalDate.now().plusYears(1)));
            directory.grants().grant(account.id(), "student@demo.example");
            directory.updateUser("student@demo.example", u -> Optional.of(new io.github.azkit.examples.video.accounts
                    .User(u.email(), u.userId(), u.name(), u.passwordHash(), u.adminOf(),
                            java.util.List.of(account.id()), u.siteAdmin())));
        }
    }
}
