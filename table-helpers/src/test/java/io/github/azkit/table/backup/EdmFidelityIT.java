package io.github.azkit.table.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the SDK's {@code getProperties()} returns for each EDM type, and how each must be written to round-trip:
 * the measured facts the backup format rests on.
 */
@AzkitStorageTest
class EdmFidelityIT {

    @Test
    void naiveDoublesComeBackAsOtherTypesButAnnotationsAndTypedReadsAreExposed(TestStorage storage) {
        TableClient table = storage.createTable();
        table.upsertEntity(new TableEntity("p", "naive")
                .addProperty("D2", 2.0).addProperty("DNaN", Double.NaN).addProperty("DInf", Double.POSITIVE_INFINITY)
                .addProperty("D1e20", 1e20).addProperty("I64", 5L).addProperty("Bin", new byte[] {1})
                .addProperty("T", OffsetDateTime.parse("2024-01-02T03:04:05.1234567Z"))
                .addProperty("G", new UUID(1, 2)));

        var props = table.getEntity("p", "naive").getProperties();

        // The SDK alone loses Edm.Double: integral values become Int32, huge ones BigInteger, NaN a String.
        assertThat(props.get("D2")).isEqualTo(2);
        assertThat(props.get("DNaN")).isEqualTo("NaN");
        assertThat(props.get("DInf")).isEqualTo("Infinity");
        assertThat(props.get("D1e20")).isEqualTo(new BigInteger("100000000000000000000"));
        // Typed values and their annotations are exposed, with the odata.* metadata a copy must drop.
        assertThat(props.get("I64")).isEqualTo(5L);
        assertThat(props.get("I64@odata.type")).isEqualTo("Edm.Int64");
        assertThat(props.get("T")).isEqualTo(OffsetDateTime.parse("2024-01-02T03:04:05.1234567Z"));
        assertThat(props.get("T@odata.type")).isEqualTo("Edm.DateTime");
        assertThat(props.get("G@odata.type")).isEqualTo("Edm.Guid");
        assertThat(props.get("Bin@odata.type")).isEqualTo("Edm.Binary");
        assertThat(props.keySet()).contains("odata.etag", "Timestamp");
        // BackupEntity drops the metadata and maps what the service holds: an unannotated 1e20 is an Edm.Double.
        BackupEntity read = BackupEntity.from(table.getEntity("p", "naive"));
        assertThat(read.properties()).extracting(BackupEntity.Prop::name)
                .containsExactly("Bin", "D1e20", "D2", "DInf", "DNaN", "G", "I64", "T");
        assertThat(read.properties().get(1)).isEqualTo(new BackupEntity.Prop("D1e20", EdmType.DOUBLE, 1e20));
    }

    @Test
    void everyTypeAndEdgeValueRoundTripsWhenWrittenByBackupEntity(TestStorage storage) {
        TableClient table = storage.createTable();
        List<BackupEntity.Prop> props = new ArrayList<>();
        double[] doubles = {2.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e20, 1.5,
            Double.MIN_VALUE, Double.MAX_VALUE, -1e-300, 0.0};
        for (int i = 0; i < doubles.length; i++) {
            props.add(new BackupEntity.Prop("D" + i, EdmType.DOUBLE, doubles[i]));
        }
        props.add(new BackupEntity.Prop("I32", EdmType.INT32, Integer.MIN_VALUE));
        props.add(new BackupEntity.Prop("I64", EdmType.INT64, Long.MIN_VALUE));
        props.add(new BackupEntity.Prop("I64small", EdmType.INT64, 2L));
        props.add(new BackupEntity.Prop("S", EdmType.STRING, ""));
        props.add(new BackupEntity.Prop("SNaN", EdmType.STRING, "NaN"));
        props.add(new BackupEntity.Prop("S2", EdmType.STRING, "2"));
        props.add(new BackupEntity.Prop("T", EdmType.DATE_TIME, Instant.parse("2024-01-02T03:04:05.1234567Z")));
        props.add(new BackupEntity.Prop("T0", EdmType.DATE_TIME, Instant.parse("1601-01-01T00:00:00Z")));
        props.add(new BackupEntity.Prop("G", EdmType.GUID, UUID.randomUUID()));
        props.add(new BackupEntity.Prop("B", EdmType.BOOLEAN, false));
        props.add(new BackupEntity.Prop("X", EdmType.BINARY, new byte[] {0, -1, 2}));
        props.add(new BackupEntity.Prop("X0", EdmType.BINARY, new byte[0]));
        props.sort((a, b) -> a.name().compareTo(b.name()));
        BackupEntity original = new BackupEntity("日本 \uD83C\uDF89", "ключ", List.copyOf(props));

        table.upsertEntity(original.toTableEntity());

        assertThat(BackupEntity.from(table.getEntity(original.partitionKey(), original.rowKey()))).isEqualTo(original);
    }

    @Test
    void negativeZeroIsStoredAsPositiveZeroByAzurite(TestStorage storage) {
        TableClient table = storage.createTable();
        BackupEntity original = new BackupEntity("p", "z", List.of(new BackupEntity.Prop("D", EdmType.DOUBLE, -0.0)));

        table.upsertEntity(original.toTableEntity());

        // Azurite (JavaScript numbers through JSON) drops the sign of -0.0; the type stays Edm.Double.
        assertThat(BackupEntity.from(table.getEntity("p", "z")).properties())
                .containsExactly(new BackupEntity.Prop("D", EdmType.DOUBLE, 0.0));
    }
}
