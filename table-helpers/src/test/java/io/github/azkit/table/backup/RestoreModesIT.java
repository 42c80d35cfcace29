package io.github.azkit.table.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@AzkitStorageTest
class RestoreModesIT {

    @TempDir
    Path dir;

    private Path backupOf(TableClient source, List<BackupEntity> entities) {
        BackupTestData.load(source, entities);
        Path file = dir.resolve("b.azbak");
        TableBackup.builder().tableClient(source).build().backupTo(file);
        return file;
    }

    @Test
    void eachModeTreatsExistingEntitiesAsDocumented(TestStorage storage) {
        TableClient source = storage.createTable();
        Path file = backupOf(source, BackupTestData.standard(300, 3));
        BackupEntity first = BackupTestData.standard(1, 3).get(0);

        for (RestoreMode mode : RestoreMode.values()) {
            TableClient target = storage.createTable();
            target.upsertEntity(new TableEntity(first.partitionKey(), first.rowKey()).addProperty("Live", "kept?"));
            target.upsertEntity(new TableEntity("zz-other", "1").addProperty("Live", "other"));
            TableRestore restore = TableRestore.builder().tableClient(target).mode(mode).build();

            if (mode == RestoreMode.FAIL_IF_EXISTS) {
                assertThatThrownBy(() -> restore.restoreFrom(file)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("already holds entities")
                        .hasMessageContaining("choose RestoreMode SKIP_EXISTING, MERGE or REPLACE");
                assertThat(BackupTestData.read(target)).hasSize(2);
                continue;
            }
            RestoreResult result = restore.restoreFrom(file);

            BackupEntity after = BackupTestData.read(target).get(first.key());
            BackupComparison diff = BackupComparison.compare(file, target);
            assertThat(diff.extraCount()).as(mode.name()).isEqualTo(1);
            assertThat(diff.missingCount()).isZero();
            switch (mode) {
                case SKIP_EXISTING -> {
                    assertThat(result.entitiesSkipped()).isEqualTo(1);
                    assertThat(result.entitiesWritten()).isEqualTo(299);
                    assertThat(after.properties()).containsExactly(new BackupEntity.Prop("Live", EdmType.STRING, "kept?"));
                    assertThat(diff.differentCount()).isEqualTo(1);
                    assertThat(diff.different().get(0)).contains("Live only in the table").contains("D missing in the table");
                }
                case MERGE -> {
                    assertThat(after.properties()).contains(new BackupEntity.Prop("Live", EdmType.STRING, "kept?"));
                    assertThat(after.properties()).containsAll(first.properties());
                    assertThat(diff.differentCount()).isEqualTo(1);
                }
                case REPLACE -> {
                    assertThat(after).isEqualTo(first);
                    assertThat(diff.differentCount()).isZero();
                }
                default -> throw new AssertionError(mode);
            }
        }
    }

    @Test
    void comparisonReportsMissingExtraAndDifferentWithTheTypes(TestStorage storage) {
        TableClient source = storage.createTable();
        List<BackupEntity> entities = BackupTestData.standard(200, 4);
        Path file = backupOf(source, entities);
        BackupEntity changed = entities.get(10);
        source.deleteEntity(entities.get(20).partitionKey(), entities.get(20).rowKey());
        source.upsertEntity(new TableEntity("new", "1"));
        // The same number, stored as Int32 instead of Edm.Double: a type change only.
        TableEntity retyped = changed.toTableEntity();
        retyped.getProperties().remove("D2@odata.type");
        retyped.addProperty("D2", 10);
        source.updateEntity(retyped);

        BackupComparison diff = BackupComparison.compare(file, source);

        assertThat(diff.isIdentical()).isFalse();
        assertThat(diff.missing()).containsExactly(BackupEntity.describeKey(entities.get(20).partitionKey(),
                entities.get(20).rowKey()));
        assertThat(diff.extra()).containsExactly("(PartitionKey='new', RowKey='1')");
        assertThat(diff.different()).singleElement().asString()
                .contains("D2:Edm.Double=10.0 in the backup, D2:Edm.Int32=10 in the table");
        assertThat(diff.backupEntities()).isEqualTo(200);
        assertThat(diff.tableEntities()).isEqualTo(200);
    }
}
