package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableServiceClient;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Account.Standing;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.accounts.PasswordHasher;
import io.github.azkit.examples.video.accounts.Payment;
import io.github.azkit.examples.video.billing.Billing;
import io.github.azkit.examples.video.billing.PaymentGateway;
import io.github.azkit.examples.video.billing.SimulatedGateway;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Grace periods, suspension with the reason shown, and reinstatement. */
@AzkitStorageTest
class BillingIT {

    private static final String VIDEO = "azure-storage-fundamentals-introduction";

    @Test
    void anExpiredCardSuspendsAtOnceWithTheReasonShownAndANewCardReinstates(TestStorage storage) {
        String prefix = TestStorage.uniqueName("b");
        try (VideoService service = VideoService.start(GuardedOptions.create()
                .connectionString(storage.connectionString()).prefix(prefix).kdfIterations(1_000))) {
            Browser admin = Browser.registered(service.url(), "admin@example.org");
            String account = admin.post("/api/accounts", Map.of("name", "Corp", "seats", 2, "payment",
                    Map.of("type", "creditCard", "gatewayToken", "tok_1", "expires", "2020-01-01")))
                    .json().path("id").asText();
            Browser student = Browser.registered(service.url(), "student@example.org");
            Browser.grantAndAccept(admin, student, account, "student@example.org");
            assertThat(student.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 5)).status()).isEqualTo(200);

            Browser site = Browser.registered(service.url(), "site@example.org");
            service.directory().updateUser("site@example.org", u -> java.util.Optional.of(
                    new io.github.azkit.examples.video.accounts.User(u.email(), u.userId(), u.name(),
                            u.passwordHash(), u.adminOf(), u.granteeOf(), true)));
            assertThat(site.post("/api/admin/accounts/" + account + "/bill", Map.of()).json().path("standing")
                    .asText()).isEqualTo("SUSPENDED");

            assertThat(student.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 500)).status())
                    .isEqualTo(403);
            assertThat(student.get("/api/me").json().path("reason").asText())
                    .isEqualTo("Corp: The card on file expired at the end of 2020-01. Update the payment details to"
                            + " continue.");

            Browser.Reply fixed = admin.put("/api/accounts/" + account + "/payment", Map.of("payment",
                    Map.of("type", "creditCard", "gatewayToken", "tok_2", "expires", "2099-12-01")));
            assertThat(fixed.json().path("standing").asText()).isEqualTo("GOOD");
            assertThat(student.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 500)).status())
                    .isEqualTo(200);
            assertThat(student.put("/api/accounts/" + account + "/payment", Map.of("payment", Map.of("type", "free")))
                    .status()).as("only its admins change an account's payment").isEqualTo(403);
        }
    }

    @Test
    void aPaymentServiceOutageGivesAGracePeriodThenSuspendsAndRecoveryReinstates(TestStorage storage) {
        Directory directory = directory(storage);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-01T00:00:00Z"));
        SimulatedGateway gateway = new SimulatedGateway(clock);
        Billing billing = new Billing(directory, gateway, clock);
        String id = directory.createAccount("Corp", "admin@example.org", 5,
                new Payment.CreditCard("tok", LocalDate.parse("2030-01-01"))).id();

        gateway.setDown(true);
        Account first = billing.bill(id);
        assertThat(first.standing()).isEqualTo(Standing.GRACE);
        assertThat(first.graceSince()).isEqualTo(clock.instant());
        assertThat(first.paysForGrantees()).as("grace still watches").isTrue();

        clock.advance(Duration.ofDays(3));
        Account retried = billing.bill(id);
        assertThat(retried.standing()).isEqualTo(Standing.GRACE);
        assertThat(retried.graceSince()).as("the grace period keeps its start").isEqualTo(first.graceSince());

        clock.advance(Duration.ofDays(5));
        Account suspended = billing.bill(id);
        assertThat(suspended.standing()).isEqualTo(Standing.SUSPENDED);
        assertThat(suspended.standingReason()).contains("No payment could be taken for 7 days");
        clock.advance(Duration.ofDays(1));
        assertThat(billing.bill(id).standing()).as("a longer outage does not start a new grace period")
                .isEqualTo(Standing.SUSPENDED);

        gateway.setDown(false);
        assertThat(billing.bill(id).standing()).isEqualTo(Standing.GOOD);
        assertThat(gateway.charges()).hasSize(1);
        billing.bill(id);
        assertThat(gateway.charges()).as("billing again charges nothing").hasSize(1);
    }

    @Test
    void promotionsAndPurchaseOrdersEndWhenTheirTimeIsOver(TestStorage storage) {
        Directory directory = directory(storage);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-01T00:00:00Z"));
        Billing billing = new Billing(directory, new SimulatedGateway(clock), clock);
        String promo = directory.createAccount("Promo", "admin@example.org", 1,
                new Payment.Promotion("IGNITE2016", LocalDate.parse("2026-11-30"))).id();
        String po = directory.createAccount("PO", "admin@example.org", 1,
                new Payment.PurchaseOrder("PO-7", LocalDate.parse("2026-12-31"))).id();

        assertThat(billing.bill(promo).standing()).isEqualTo(Standing.GOOD);
        clock.advance(Duration.ofDays(30));
        assertThat(billing.bill(promo).standingReason()).contains("IGNITE2016 ended on 2026-11-30");
        assertThat(billing.bill(po).standing()).isEqualTo(Standing.GOOD);
        clock.advance(Duration.ofDays(31));
        assertThat(billing.bill(po).standingReason()).contains("PO-7 covered the service until 2026-12-31");
    }

    @Test
    void anAccountIsChargedOnceAMonthHoweverOftenItIsBilledAndAReplayAfterACrashDoesNotChargeTwice(
            TestStorage storage) {
        Directory directory = directory(storage);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-03T00:00:00Z"));
        SimulatedGateway gateway = new SimulatedGateway(clock);
        Billing billing = new Billing(directory, gateway, clock);
        String id = directory.createAccount("Corp", "admin@example.org", 3,
                new Payment.CreditCard("tok", LocalDate.parse("2030-01-01"))).id();

        assertThat(billing.bill(id).billedMonth()).isEqualTo("2026-11");
        clock.advance(Duration.ofDays(1));
        billing.bill(id);
        billing.bill(id, YearMonth.parse("2026-10")); // an old month: already covered
        assertThat(gateway.charges()).singleElement().asString().startsWith(id + "/2026-11/");

        clock.advance(Duration.ofDays(30));
        assertThat(billing.bill(id).billedMonth()).isEqualTo("2026-12");
        assertThat(gateway.charges()).hasSize(2);

        // A run that recorded its key, charged January and died before recording the result: the replay reuses
        // the key, and the gateway answers the first charge's result without taking the money again.
        String crashedKey = id + "/2027-01/crashed-run";
        Account pending = directory.updateAccount(id, a -> Optional.of(a.withPendingCharge(crashedKey)));
        gateway.charge(pending, 3 * Billing.SEAT_PRICE_CENTS, crashedKey);
        Account replayed = billing.bill(id, YearMonth.parse("2027-01"));
        assertThat(replayed.billedMonth()).isEqualTo("2027-01");
        assertThat(replayed.pendingCharge()).isEmpty();
        assertThat(gateway.charges()).hasSize(3).last().isEqualTo(crashedKey);
    }

    @Test
    void aDeclineEndsItsKeySoANewCardIsCharged_andAStaleResultNeverOverwritesANewerPayment(TestStorage storage) {
        Directory directory = directory(storage);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-03T00:00:00Z"));
        SimulatedGateway gateway = new SimulatedGateway(clock);
        Billing billing = new Billing(directory, gateway, clock);
        String id = directory.createAccount("Corp", "admin@example.org", 1,
                new Payment.CreditCard("old", LocalDate.parse("2026-01-01"))).id();

        assertThat(billing.bill(id).standing()).isEqualTo(Standing.SUSPENDED);
        assertThat(directory.account(id).orElseThrow().pendingCharge()).as("the decline ended the key").isEmpty();
        Account fixed = billing.changePayment(id, new Payment.CreditCard("new", LocalDate.parse("2030-01-01")));
        assertThat(fixed.standing()).isEqualTo(Standing.GOOD);
        assertThat(gateway.charges()).hasSize(1);

        // While a slow run charges the old card, the admin enters a new one: the run's decline is not written.
        String other = directory.createAccount("Other", "admin@example.org", 1,
                new Payment.CreditCard("old", LocalDate.parse("2026-01-01"))).id();
        PaymentGateway slow = (account, cents, key) -> {
            directory.updateAccount(other, a -> Optional.of(a.withPayment(new Payment.CreditCard("new",
                    LocalDate.parse("2030-01-01")))));
            return PaymentGateway.Result.CARD_EXPIRED;
        };
        Account after = new Billing(directory, slow, clock).bill(other);
        assertThat(after.standing()).isEqualTo(Standing.GOOD);
        assertThat(after.payment()).isEqualTo(new Payment.CreditCard("new", LocalDate.parse("2030-01-01")));
    }

    @Test
    void theDailyBillingRunOfOneOfTwoInstancesBillsEveryAccountAndChargesEachOnce(TestStorage storage) {
        String prefix = TestStorage.uniqueName("b");
        // One clock for the test, the gateway and both instances, with no month's end in the next 5 minutes: the
        // runs bill this month, and "this month" below is the same month.
        Clock clock = MonthSafeClock.of(Duration.ofMinutes(5));
        SimulatedGateway gateway = new SimulatedGateway(clock);
        Instant start = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<VideoService> instances = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                instances.add(VideoService.start(GuardedOptions.create().connectionString(storage.connectionString())
                        .prefix(prefix).kdfIterations(1_000).gateway(gateway).clock(clock)
                        .billingSchedule(start, Duration.ofSeconds(2))));
            }
            Directory directory = instances.get(0).directory();
            directory.register("admin@example.org", "Admin", "correct horse");
            String good = directory.createAccount("Good", "admin@example.org", 2,
                    new Payment.CreditCard("tok", LocalDate.parse("2099-01-01"))).id();
            String expired = directory.createAccount("Expired", "admin@example.org", 1,
                    new Payment.CreditCard("tok", LocalDate.parse("2020-01-01"))).id();
            String free = directory.createAccount("Free", "admin@example.org", 1, new Payment.Free()).id();

            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && instances.stream().flatMap(s -> s.billingRuns().stream())
                    .filter(run -> run.accounts() == 3).count() < 2) {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
            }
            List<Billing.Run> complete = instances.stream().flatMap(s -> s.billingRuns().stream())
                    .filter(run -> run.accounts() == 3).toList();
            assertThat(complete).as("runs that saw all three accounts").hasSizeGreaterThanOrEqualTo(2);
            assertThat(complete.get(complete.size() - 1)).extracting(Billing.Run::good, Billing.Run::grace,
                    Billing.Run::suspended, Billing.Run::charged, Billing.Run::failed).containsExactly(2, 0, 1, 0, 0);
            String month = YearMonth.now(clock).toString();
            assertThat(gateway.charges()).singleElement().asString().startsWith(good + "/" + month + "/");
            List<Long> periods = instances.stream().flatMap(s -> s.billingPeriodsRun().stream()).toList();
            assertThat(periods).as("no period billed by two instances").doesNotHaveDuplicates();
            assertThat(directory.account(expired).orElseThrow().standing()).isEqualTo(Standing.SUSPENDED);
            assertThat(directory.account(free).orElseThrow().standing()).isEqualTo(Standing.GOOD);
        } finally {
            instances.forEach(VideoService::close);
        }
    }

    @Test
    void monthlyBillingRunsOnceAMonthOnThe1stAt0200InTheBillingZone_andBillsThatZonesMonth(TestStorage storage) {
        String prefix = TestStorage.uniqueName("b");
        // 1 March 2027 02:00 in Tokyo is 28 February 17:00 UTC: a UTC month would be February, Tokyo's is March.
        MutableClock clock = new MutableClock(Instant.parse("2027-02-28T16:59:57Z"));
        List<VideoService> instances = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                instances.add(VideoService.start(GuardedOptions.create().connectionString(storage.connectionString())
                        .prefix(prefix).kdfIterations(1_000).gateway(new SimulatedGateway(clock)).clock(clock)
                        .monthlyBilling(java.time.ZoneId.of("Asia/Tokyo"))));
            }
            // Nothing is recorded yet, so February's period (from 1 February 02:00 Tokyo) is billed at once.
            awaitBillingRuns(instances, 1);
            clock.advance(Duration.ofSeconds(5)); // 17:00:02 UTC, 02:00:02 on 1 March in Tokyo
            awaitBillingRuns(instances, 2);
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.SECONDS.toNanos(6));

            List<String> months = instances.stream().flatMap(s -> s.billingRuns().stream()).map(Billing.Run::month)
                    .sorted().toList();
            assertThat(months).as("one run a month, on one of the two instances").containsExactly("2027-02",
                    "2027-03");
            List<Long> periods = instances.stream().flatMap(s -> s.billingPeriodsRun().stream()).sorted().toList();
            assertThat(periods).as("months since 1970-01").containsExactly(57L * 12 + 1, 57L * 12 + 2);
        } finally {
            instances.forEach(VideoService::close);
        }
    }

    @Test
    void withMonthlyBilling_aFailedPaymentIsRetriedDaily_suspendedWhenTheGraceEnds_andReinstatedWhenItPays(
            TestStorage storage) {
        String prefix = TestStorage.uniqueName("b");
        MutableClock clock = new MutableClock(Instant.parse("2027-03-01T01:00:00Z"));
        SimulatedGateway gateway = new SimulatedGateway(clock);
        gateway.setDown(true);
        try (VideoService service = VideoService.start(GuardedOptions.create()
                .connectionString(storage.connectionString()).prefix(prefix).kdfIterations(1_000).gateway(gateway)
                .clock(clock).monthlyBilling(ZoneOffset.UTC))) {
            List<VideoService> instances = List.of(service);
            // Nothing is recorded yet: February's billing and 28 February's retry run at once, with no accounts.
            awaitBillingRuns(instances, 1);
            awaitRetryRuns(service, 1);
            Directory directory = service.directory();
            directory.register("admin@example.org", "Admin", "correct horse");
            String id = directory.createAccount("Corp", "admin@example.org", 2,
                    new Payment.CreditCard("tok", LocalDate.parse("2030-01-01"))).id();

            clock.advance(Duration.ofMinutes(60).plusSeconds(1)); // 1 March 02:00:01: the monthly run
            awaitBillingRuns(instances, 2);
            Account billed = directory.account(id).orElseThrow();
            assertThat(billed.standing()).isEqualTo(Standing.GRACE);
            Instant graceSince = billed.graceSince();
            assertThat(graceSince).isEqualTo("2027-03-01T02:00:01Z");

            clock.advance(Duration.ofMinutes(30)); // 1 March 02:30:01: the first daily retry
            awaitRetryRuns(service, 2);
            for (int day = 1; day <= 7; day++) {
                clock.advance(Duration.ofDays(1)); // 02:30:01 on 1 + day March
                awaitRetryRuns(service, 2 + day);
                Billing.Run retry = service.billingRetryRuns().get(1 + day);
                assertThat(retry.accounts()).as("day %d: the account is retried", day).isEqualTo(1);
                Account after = directory.account(id).orElseThrow();
                if (day < 7) {
                    assertThat(after.standing()).as("day %d: still in grace", day).isEqualTo(Standing.GRACE);
                    assertThat(after.graceSince()).isEqualTo(graceSince);
                } else {
                    assertThat(after.standing()).as("8 March: the grace period is over").isEqualTo(Standing.SUSPENDED);
                    assertThat(after.standingReason()).contains("No payment could be taken for 7 days");
                }
            }

            gateway.setDown(false);
            clock.advance(Duration.ofDays(1)); // 9 March 02:30:01: the payment service answers again
            awaitRetryRuns(service, 10);
            Account paid = directory.account(id).orElseThrow();
            assertThat(paid.standing()).as("the next day's retry pays and reinstates").isEqualTo(Standing.GOOD);
            assertThat(paid.billedMonth()).isEqualTo("2027-03");
            assertThat(gateway.charges()).singleElement().asString().startsWith(id + "/2027-03/");
            assertThat(service.billingRuns()).as("the monthly run ran twice only (February, March)").hasSize(2);
        }
    }

    private static void awaitRetryRuns(VideoService service, int runs) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && service.billingRetryRuns().size() < runs) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
        }
        assertThat(service.billingRetryRuns()).as("daily retry runs").hasSizeGreaterThanOrEqualTo(runs);
    }

    private static void awaitBillingRuns(List<VideoService> instances, int runs) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline
                && instances.stream().mapToLong(s -> s.billingRuns().size()).sum() < runs) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
        }
    }

    private static Directory directory(TestStorage storage) {
        TableServiceClient tables = storage.tableServiceClient();
        Directory directory = new Directory(tables.createTable(TestStorage.uniqueName("u")),
                tables.createTable(TestStorage.uniqueName("a")), new PasswordHasher(1_000));
        directory.register("admin@example.org", "Admin", "correct horse");
        return directory;
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
