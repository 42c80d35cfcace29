package io.github.azkit.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.table.jackson.JacksonJsonCodec;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@AzkitStorageTest
class EntitySchemaIT {

    // @start region="guide-schema-records"
    // Version 1 of the service's user record.
    record UserV1(@EntityProperty("PartitionKey") String email, @EntityProperty("RowKey") String rowKey,
            String name, int logins) {
    }

    // Version 2 adds a property; version 1 code keeps running beside it during a rolling upgrade.
    record UserV2(@EntityProperty("PartitionKey") String email, @EntityProperty("RowKey") String rowKey,
            String name, int logins, String phone) {
    }
    // @end region="guide-schema-records"

    @Test
    void version1CodeReadsAndWritesWhileVersion2DataSurvives(TestStorage storage) {
        TableClient table = storage.createTable();
        EntitySchema<UserV1> v1 = EntitySchema.of(UserV1.class);
        EntitySchema<UserV2> v2 = EntitySchema.of(UserV2.class);

        // @start region="guide-schema-v1-v2"
        // Version 2 writes a user with a phone number
        table.upsertEntity(v2.toEntity(new UserV2("jeff@example.com", "", "Jeff", 1, "+1 555 0100")));

        // Version 1 reads it, counts a login and writes it back (merge, the SDK's default)
        UserV1 read = v1.fromEntity(table.getEntity("jeff@example.com", ""));   // UserV1[..., name=Jeff, logins=1]
        table.upsertEntity(v1.toEntity(new UserV1(read.email(), "", read.name(), read.logins() + 1)));

        // ... and later replaces it, conditionally, from what it read
        TableEntity stored = table.getEntity("jeff@example.com", "");
        UserV1 again = v1.fromEntity(stored);
        table.updateEntityWithResponse(v1.toEntity(new UserV1(again.email(), "", "Jeffrey", again.logins() + 1), stored),
                TableEntityUpdateMode.REPLACE, true, null, null);

        // Version 2 still sees its phone number, and version 1's changes
        UserV2 now = v2.fromEntity(table.getEntity("jeff@example.com", ""));
        // UserV2[email=jeff@example.com, rowKey=, name=Jeffrey, logins=3, phone=+1 555 0100]
        // @end region="guide-schema-v1-v2"
        assertThat(read).isEqualTo(new UserV1("jeff@example.com", "", "Jeff", 1));
        assertThat(now).isEqualTo(new UserV2("jeff@example.com", "", "Jeffrey", 3, "+1 555 0100"));

        // And an entity version 1 wrote reads in version 2 with the new property at its default
        table.upsertEntity(v1.toEntity(new UserV1("ann@example.com", "", "Ann", 7)));
        assertThat(v2.fromEntity(table.getEntity("ann@example.com", "")))
                .isEqualTo(new UserV2("ann@example.com", "", "Ann", 7, null));
    }

    // @start region="guide-schema-polymorphic"
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = CreditCard.class, name = "card"),
        @JsonSubTypes.Type(value = Invoice.class, name = "invoice")})
    sealed interface PaymentDetails permits CreditCard, Invoice {
    }
    // @end region="guide-schema-polymorphic"

    record CreditCard(String last4, int expiryMonth, int expiryYear) implements PaymentDetails {
    }

    record Invoice(String purchaseOrder, String billingEmail) implements PaymentDetails {
    }

    enum Plan { MONTHLY, YEARLY }

    record Account(@EntityProperty("PartitionKey") String id, @EntityProperty("RowKey") String rowKey,
            PaymentDetails payment, Plan plan, double balance, long bytesWatched, boolean active,
            OffsetDateTime created, Instant lastSeen, UUID ownerId, byte[] avatar) {
    }

    @Test
    void everyTypeRoundTripsIncludingPolymorphicPayloadsAndSpreadBinary(TestStorage storage) {
        TransactionCounter counter = new TransactionCounter();
        TableClient table = storage.tableServiceClientBuilder().addPolicy(counter).buildClient()
                .createTable(TestStorage.uniqueName("schema"));
        // @start region="guide-schema-json"
        EntitySchema<Account> schema = EntitySchema.builder(Account.class).jsonCodec(JacksonJsonCodec.create()).build();
        // @end region="guide-schema-json"
        byte[] avatar = new byte[300 * 1024];
        new Random(1).nextBytes(avatar);
        OffsetDateTime created = OffsetDateTime.of(2026, 5, 1, 8, 30, 0, 0, ZoneOffset.UTC);
        Account card = new Account("a1", "", new CreditCard("4242", 12, 2030), Plan.YEARLY, 2.0,
                5_000_000_000L, true, created, created.toInstant(), UUID.randomUUID(), avatar);
        Account invoice = new Account("a2", "", new Invoice("PO-7", "ap@example.com"), Plan.MONTHLY, 1e20,
                0, false, created, created.toInstant(), UUID.randomUUID(), new byte[10]);

        TransactionCounts before = counter.snapshot();
        table.upsertEntity(schema.toEntity(card));
        table.upsertEntity(schema.toEntity(invoice));
        assertThat(counter.snapshot().minus(before).mutations()).isEqualTo(2); // one write per entity, 300 KiB too

        TableEntity storedCard = table.getEntity("a1", "");
        assertThat(storedCard.getProperty("payment")).isEqualTo("{\"type\":\"card\",\"last4\":\"4242\","
                + "\"expiryMonth\":12,\"expiryYear\":2030}");
        assertThat(storedCard.getProperty("avatar_4")).isInstanceOf(byte[].class);
        assertThat(storedCard.getProperty("avatar_Chunks")).isEqualTo(5);
        assertThat(storedCard.getProperty("balance")).isEqualTo(2.0); // stays a Double, not Int32

        Account readCard = schema.fromEntity(storedCard);
        assertThat(readCard.avatar()).isEqualTo(avatar);
        assertThat(readCard).usingRecursiveComparison().isEqualTo(card);
        assertThat(readCard.payment()).isInstanceOf(CreditCard.class);
        Account readInvoice = schema.fromEntity(table.getEntity("a2", ""));
        assertThat(readInvoice).usingRecursiveComparison().isEqualTo(invoice);
        assertThat(readInvoice.payment()).isEqualTo(new Invoice("PO-7", "ap@example.com"));

        // Shrinking the binary under merge leaves stale chunks on the service, which are never read
        table.upsertEntity(schema.toEntity(new Account("a1", "", readCard.payment(), Plan.YEARLY, 2.0, 0, true,
                created, created.toInstant(), readCard.ownerId(), new byte[] {1, 2, 3})));
        assertThat(schema.fromEntity(table.getEntity("a1", "")).avatar()).containsExactly(1, 2, 3);
    }

    record Photo(@EntityProperty("PartitionKey") String id, @EntityProperty("RowKey") String rowKey, byte[] data) {
    }

    @Test
    void aComponentWithoutAnEdmTypeNeedsAJsonCodec() {
        assertThatThrownBy(() -> EntitySchema.of(Account.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("component 'payment'").hasMessageContaining("jsonCodec");
    }

    @Test
    void enforcesTheEntityLimitsClientSide() {
        EntitySchema<Photo> photos = EntitySchema.of(Photo.class);
        assertThat(photos.toEntity(new Photo("p", "", new byte[1000 * 1024])).getProperties())
                .containsKey("data_15");
        assertThatThrownBy(() -> photos.toEntity(new Photo("p", "", new byte[1024 * 1024])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1048576 bytes (1 MiB)");
        assertThatThrownBy(() -> photos.toEntity(new Photo("a/b", "", new byte[1])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("PartitionKey \"a/b\"");
    }
}
