package io.github.azkit.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import io.github.azkit.examples.video.Signer;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Directory;
import io.github.azkit.examples.video.accounts.PasswordHasher;
import io.github.azkit.examples.video.accounts.Payment;
import io.github.azkit.examples.video.accounts.SeatWorkflow;
import io.github.azkit.examples.video.mail.MailMessage;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** GUIDE.md chapter 5: what each step of the seat workflow costs, and that a replayed step writes nothing. */
@AzkitStorageTest
class SeatWorkflowCostIT {

    @Test
    void eachStepCostsAFewTransactionsAndAReplayedStepWritesNothing(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        TableServiceClient tables = storage.tableServiceClientBuilder().addPolicy(counter).buildClient();
        TableClient users = tables.getTableClient(storage.createTable().getTableName());
        TableClient accounts = tables.getTableClient(storage.createTable().getTableName());
        Directory directory = new Directory(users, accounts, new PasswordHasher(1_000));
        List<MailMessage> outbox = new CopyOnWriteArrayList<>();
        SeatWorkflow seats = new SeatWorkflow(directory, outbox::add,
                Signer.shared(storage.createContainer().getBlobClient("secret")), () -> "https://video.example",
                Clock.systemUTC());
        directory.register("admin@corp.example", "Admin", "correct horse");
        directory.register("jeff@corp.example", "Jeff", "correct horse");
        String account = directory.createAccount("Corp", "admin@corp.example", 5, new Payment.Free()).id();

        TransactionCounts before = counter.snapshot();
        // @start region="guide-seat-cost"
        // grant: 1 read (is the caller the account's admin?), 1 query (the account and the grant row), then
        // 1 batch: the grant row inserted and the account's count changed, If-Match. 3 transactions.
        seats.grant("admin@corp.example", account, "jeff@corp.example");
        // @end region="guide-seat-cost"
        TransactionCounts grant = counter.snapshot().minus(before);
        String link = outbox.get(outbox.size() - 1).link();
        String token = URLDecoder.decode(link.substring(link.indexOf("token=") + 6), StandardCharsets.UTF_8);
        before = counter.snapshot();
        // @start region="guide-seat-cost"

        // accept (token: from the invitation's link): 1 read (the user), 1 query (the account and the grant),
        // 1 read and 1 conditional write of the user. 4 transactions.
        seats.accept(token, "jeff@corp.example");
        // @end region="guide-seat-cost"
        TransactionCounts accept = counter.snapshot().minus(before);
        before = counter.snapshot();
        // @start region="guide-seat-cost"

        // replayed steps read, find nothing to change, and write nothing (a replayed grant emails again)
        seats.accept(token, "jeff@corp.example");
        // @end region="guide-seat-cost"
        TransactionCounts acceptAgain = counter.snapshot().minus(before);
        before = counter.snapshot();
        // @start region="guide-seat-cost"
        seats.grant("admin@corp.example", account, "jeff@corp.example");
        // @end region="guide-seat-cost"
        TransactionCounts grantAgain = counter.snapshot().minus(before);
        before = counter.snapshot();
        // @start region="guide-seat-cost"

        // revoke: the account (1 read, 1 query, 1 batch), then the user (1 read, 1 write). 5 transactions.
        seats.revoke("admin@corp.example", account, "jeff@corp.example");
        // @end region="guide-seat-cost"
        TransactionCounts revoke = counter.snapshot().minus(before);

        // grant: read the account to check the admin, query the account and the grant row (one query),
        // then one batch: the grant row inserted and the account's count changed, If-Match
        assertThat(grant.get(TransactionKind.READ)).isEqualTo(1);
        assertThat(grant.get(TransactionKind.LIST)).isEqualTo(1);
        assertThat(grant.get(TransactionKind.BATCH)).isEqualTo(1);
        assertThat(grant.total()).isEqualTo(3);
        // accept: read the user, query the account and the grant, then read the user and write it conditionally
        assertThat(accept.get(TransactionKind.READ)).isEqualTo(2);
        assertThat(accept.get(TransactionKind.LIST)).isEqualTo(1);
        assertThat(accept.mutations()).isEqualTo(1);
        // replays read and find nothing to change
        assertThat(acceptAgain.get(TransactionKind.READ)).isEqualTo(2);
        assertThat(acceptAgain.get(TransactionKind.LIST)).isEqualTo(1);
        assertThat(acceptAgain.mutations()).isZero();
        assertThat(grantAgain.get(TransactionKind.READ)).isEqualTo(1);
        assertThat(grantAgain.get(TransactionKind.LIST)).isEqualTo(1);
        assertThat(grantAgain.mutations()).isZero();
        assertThat(grantAgain.get(TransactionKind.BATCH)).isZero();
        // revoke: the account (checked, queried with the grant row, one batch), then the user (read, written)
        assertThat(revoke.get(TransactionKind.READ)).isEqualTo(2);
        assertThat(revoke.get(TransactionKind.LIST)).isEqualTo(1);
        assertThat(revoke.get(TransactionKind.BATCH)).isEqualTo(1);
        assertThat(revoke.mutations()).isEqualTo(2);
        assertThat(revoke.total()).isEqualTo(5);
        assertThat(outbox).hasSize(3); // two invitations (the replayed grant sends again) and the removal
        assertThat(seats.payingAccount(directory.user("jeff@corp.example").orElseThrow())).isEmpty();
        Account after = directory.account(account).orElseThrow();
        assertThat(after.grantCount()).isZero();
        assertThat(directory.grants().page(account, null, 1_000).emails()).isEmpty();
    }
}
