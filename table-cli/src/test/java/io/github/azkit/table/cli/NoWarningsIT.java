package io.github.azkit.table.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.ChildJvm;
import io.github.azkit.testing.TestStorage;
import io.github.azkit.testing.UserLogging;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A normal session of {@code azkit-tables} (backup, verify, restore into a new table, list) logs no WARN or ERROR:
 * {@link NormalRunChild} in a JVM of its own, with the SDK's loggers on as a user's default logging has them
 * ({@link UserLogging}), not turned off as this tool's own and this module's test configuration turn them off.
 */
@AzkitStorageTest
class NoWarningsIT {

    @TempDir
    Path dir;

    @Test
    void aNormalSessionLogsNoWarnOrError(TestStorage storage) throws Exception {
        TableClient orders = storage.createTable();
        for (int p = 0; p < 5; p++) {
            List<TableTransactionAction> batch = new ArrayList<>();
            for (int r = 0; r < 100; r++) {
                batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                        new TableEntity("p" + p, "r" + r).addProperty("N", r).addProperty("D", 2.0)));
            }
            orders.submitTransaction(batch);
        }
        try (ChildJvm child = ChildJvm.builder(NormalRunChild.class).name("table-cli-normal-run")
                .args(orders.getTableName(), TestStorage.uniqueName("t"), dir.resolve("orders.azbak").toString(),
                        storage.createContainer().getBlobContainerName())
                .env("AZURE_STORAGE_CONNECTION_STRING", storage.connectionString())
                .jvmOptions("-Xmx256m").jvmOptions(UserLogging.jvmOptions()).start()) {
            assertThat(child.waitFor(Duration.ofSeconds(60))).as("exit status; output:%n%s", child.output()).isZero();
            assertThat(child.outputLines()).contains("DONE");
            assertThat(UserLogging.warnAndErrorLines(child)).as("WARN and ERROR lines of %s", child.outputFile())
                    .isEmpty();
        }
    }
}
