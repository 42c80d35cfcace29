package io.github.azkit.examples.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Grants;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.AzureLimitsGuard;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: an account's seats scale to 10,000 grants, under Azure's limits ({@link AzureLimitsGuard} on the
 * service's storage clients and on the test's own): each grant is its own row in the account's partition, so no
 * property nears 64 KiB and the account's entity stays small. The old shape (one JSON property) still works and is
 * moved to grant rows by the first change.
 */
@AzkitStorageTest
class TenThousandSeatsIT {

    private static final String VIDEO = "azure-storage-fundamentals-introduction";
    private final TransactionCounter counter = new TransactionCounter();
    private VideoService service;
    private TestStorage storage;
    private String prefix;

    @BeforeEach
    void start(TestStorage storage) {
        this.storage = storage;
        prefix = TestStorage.uniqueName("s");
        service = VideoService.start(new VideoService.Options().connectionString(storage.connectionString())
                .prefix(prefix).kdfIterations(1_000).counter(counter).libraryPoll(Duration.ofSeconds(1))
                .storagePolicies(new AzureLimitsGuard()).demoOutbox(true));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void anAccountGrantsTenThousandSeatsListsThemByPageAndRevokes() {
        Browser admin = Browser.registered(service.url(), "admin@corp.example");
        Browser.Reply created = admin.post("/api/accounts", Map.of("name", "Big Corp", "seats", 10_000,
                "payment", Browser.CARD));
        assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
        String account = created.json().path("id").asText();

        // 9,995 grants written directly (100 to a batch, the rows the workflow writes), the count set to match
        TableClient accounts = storage.tableServiceClient().getTableClient(prefix + Account.TABLE);
        List<TableTransactionAction> batch = new ArrayList<>();
        for (int i = 0; i < 9_995; i++) {
            String email = String.format("employee%05d@big-corporation.example", i);
            batch.add(new TableTransactionAction(TableTransactionActionType.CREATE,
                    new TableEntity(account, Grants.PREFIX + email).addProperty("Email", email)));
            if (batch.size() == 100) {
                accounts.submitTransaction(batch);
                batch = new ArrayList<>();
            }
        }
        accounts.submitTransaction(batch);
        service.directory().updateAccount(account, a -> Optional.of(a.withGrantCount(9_995)));

        // The last five through the real workflow, over HTTP; two of them accept
        Browser jeff = Browser.registered(service.url(), "jeff@corp.example");
        Browser fred = Browser.registered(service.url(), "fred@corp.example");
        Browser.grantAndAccept(admin, jeff, account, "jeff@corp.example");
        Browser.grantAndAccept(admin, fred, account, "fred@corp.example");
        for (String email : List.of("ann@corp.example", "bob@corp.example", "cy@corp.example")) {
            assertThat(admin.post("/api/accounts/" + account + "/seats", Map.of("email", email)).status())
                    .isEqualTo(200);
        }
        Browser.Reply full = admin.post("/api/accounts/" + account + "/seats", Map.of("email", "one@more.example"));
        assertThat(full.status()).as("the 10,001st seat").isEqualTo(409);
        assertThat(full.json().path("error").asText()).contains("All 10000 seats of Big Corp are taken");

        // The account's entity stays small: the grants are rows, not a property
        TableEntity entity = accounts.getEntity(account, "");
        assertThat(entity.getProperties().values().stream().mapToInt(v -> String.valueOf(v).length()).sum())
                .as("characters in the account entity's properties").isLessThan(2_000);
        assertThat(entity.getProperty("GrantCount")).isEqualTo(10_000);

        // A grantee can watch; what a check costs does not grow with the account: one query for the account and
        // the grant, as for a one-seat account
        TransactionCounts before = counter.snapshot();
        JsonNode me = jeff.get("/api/me").json();
        TransactionCounts meCost = counter.snapshot().minus(before);
        assertThat(me.path("canWatch").asBoolean()).isTrue();
        assertThat(me.path("payingAccount").asText()).isEqualTo(account);
        assertThat(meCost.total()).as("GET /api/me: the user, then the account and the grant in one query")
                .isEqualTo(2);
        assertThat(jeff.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 60)).status()).isEqualTo(200);

        // The account page lists all 10,000, a page of 1,000 at a time, in email order, no duplicates
        JsonNode page = admin.get("/api/accounts/" + account).json();
        assertThat(page.path("grantCount").asInt()).isEqualTo(10_000);
        Set<String> listed = new LinkedHashSet<>();
        int pages = 0;
        while (true) {
            pages++;
            assertThat(page.path("grantees").size()).isLessThanOrEqualTo(1_000);
            page.path("grantees").forEach(e -> assertThat(listed.add(e.asText())).as(e.asText()).isTrue());
            if (page.path("granteesNext").isNull()) {
                break;
            }
            page = admin.get("/api/accounts/" + account + "?after=" + page.path("granteesNext").asText()).json();
        }
        assertThat(listed).hasSize(10_000).contains("jeff@corp.example", "cy@corp.example",
                "employee00000@big-corporation.example", "employee09994@big-corporation.example");
        assertThat(pages).isBetween(10, 11);
        assertThat(new ArrayList<>(listed)).isSorted();
        // The old shape could not have held them: the list as one JSON property is refused as Azure refuses it
        assertThatThrownBy(() -> accounts.updateEntity(new TableEntity(account, "")
                .addProperty("Grantees", Json.write(listed)), TableEntityUpdateMode.MERGE))
                .isInstanceOf(TableServiceException.class).hasMessageContaining("PropertyValueTooLarge");

        // Listing all accounts (the site admin's page, the billing run) finds the account once, not its grant rows
        List<String> listedAccounts = new ArrayList<>();
        String next = null;
        do {
            var accountPage = service.directory().accounts(1_000, next);
            accountPage.accounts().forEach(a -> listedAccounts.add(a.id()));
            next = accountPage.next();
        } while (next != null);
        assertThat(listedAccounts).containsOnlyOnce(account).doesNotHaveDuplicates();

        // Revoke works: Jeff no longer watches, the count and the list drop by one, and a seat is free again
        assertThat(admin.delete("/api/accounts/" + account + "/seats/jeff@corp.example").status()).isEqualTo(200);
        assertThat(jeff.get("/api/me").json().path("canWatch").asBoolean()).isFalse();
        assertThat(jeff.post("/api/watch/" + VIDEO + "/progress", Map.of("offset", 240)).status()).isEqualTo(403);
        assertThat(fred.get("/api/me").json().path("canWatch").asBoolean()).isTrue();
        assertThat(admin.get("/api/accounts/" + account).json().path("grantCount").asInt()).isEqualTo(9_999);
        assertThat(service.directory().seat(account, "jeff@corp.example").orElseThrow().granted()).isFalse();
        assertThat(admin.post("/api/accounts/" + account + "/seats", Map.of("email", "one@more.example")).status())
                .isEqualTo(200);
    }

    @Test
    void anAccountOfTheOldShapeIsReadAsItIsAndMovedToGrantRowsByItsFirstChange() {
        Browser admin = Browser.registered(service.url(), "admin@corp.example");
        String account = admin.post("/api/accounts", Map.of("name", "Old Corp", "seats", 2_000,
                "payment", Browser.CARD)).json().path("id").asText();
        Browser jeff = Browser.registered(service.url(), "jeff@corp.example");
        Browser.grantAndAccept(admin, jeff, account, "jeff@corp.example");

        // Rewrite the account as the old version stored it: 1,000 grantees in one JSON property, no GrantCount
        TableClient accounts = storage.tableServiceClient().getTableClient(prefix + Account.TABLE);
        List<String> old = new ArrayList<>();
        old.add("jeff@corp.example");
        for (int i = 0; i < 999; i++) {
            old.add("old" + i + "@corp.example");
        }
        accounts.deleteEntity(account, Grants.PREFIX + "jeff@corp.example");
        TableEntity entity = accounts.getEntity(account, "");
        entity.getProperties().remove("GrantCount");
        entity.addProperty("Grantees", Json.write(old));
        accounts.updateEntity(entity, com.azure.data.tables.models.TableEntityUpdateMode.REPLACE);

        // Read in the old shape: Jeff still watches, the count is the list's
        assertThat(jeff.get("/api/me").json().path("canWatch").asBoolean()).isTrue();
        assertThat(admin.get("/api/accounts/" + account).json().path("grantCount").asInt()).isEqualTo(1_000);

        // The first change moves the list to rows, then applies
        assertThat(admin.post("/api/accounts/" + account + "/seats", Map.of("email", "new@corp.example")).status())
                .isEqualTo(200);
        TableEntity migrated = accounts.getEntity(account, "");
        assertThat(String.valueOf(migrated.getProperty("Grantees"))).isEmpty();
        assertThat(migrated.getProperty("GrantCount")).isEqualTo(1_001);
        assertThat(service.directory().grants().page(account, null, 1_000).emails()).hasSize(1_000)
                .contains("jeff@corp.example", "new@corp.example");
        assertThat(service.directory().grants().page(account, "old998@corp.example", 1_000).emails())
                .containsExactly("old99@corp.example", "old9@corp.example"); // the last two in RowKey order
        assertThat(jeff.get("/api/me").json().path("canWatch").asBoolean()).isTrue();
        assertThat(admin.delete("/api/accounts/" + account + "/seats/jeff@corp.example").status()).isEqualTo(200);
        assertThat(jeff.get("/api/me").json().path("canWatch").asBoolean()).isFalse();
        assertThat(accounts.getEntity(account, "").getProperty("GrantCount")).isEqualTo(1_000);
    }
}
