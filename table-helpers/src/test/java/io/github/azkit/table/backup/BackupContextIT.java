package io.github.azkit.table.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.testing.AzkitStorageTest;
import io.github.azkit.testing.TestStorage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The caller's {@link Context} reaches every call to the blob made by a backup, a restore, a manifest read, a check
 * and a comparison (a pipeline policy on the blob client sees each request's context), and a timeout bounds them.
 */
@AzkitStorageTest
class BackupContextIT {

    private static final String KEY = "azkit-test-caller";

    /** Records, per request to the blob service, whether it carried the caller's context value. */
    static final class ContextProbe implements HttpPipelinePolicy {
        final List<String> missing = new CopyOnWriteArrayList<>();
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext call, HttpPipelineNextPolicy next) {
            String request = call.getHttpRequest().getHttpMethod() + " " + call.getHttpRequest().getUrl().getPath()
                    + "?" + call.getHttpRequest().getUrl().getQuery();
            seen.add(request);
            if (!"yes".equals(call.getData(KEY).orElse(null))) {
                missing.add(request);
            }
            return next.process();
        }
    }

    @Test
    void everyBlobCallOfBackupRestoreCheckAndCompareCarriesTheCallersContext(TestStorage storage) {
        TableClient source = storage.createTable();
        BackupTestData.load(source, BackupTestData.standard(300, 3));
        ContextProbe probe = new ContextProbe();
        BlobContainerClient container = storage.blobServiceClientBuilder().addPolicy(probe).buildClient()
                .getBlobContainerClient(storage.createContainer().getBlobContainerName());
        BlobClient blob = container.getBlobClient("t.azbak");
        Context caller = new Context(KEY, "yes");

        TableBackup.builder().tableClient(source).pageSize(100).blobBlocks(4096, 50_000).build()
                .backupTo(blob, Duration.ofMinutes(2), caller);
        assertThat(TableBackup.readManifest(blob, Duration.ofMinutes(1), caller).entityCount()).isEqualTo(300);
        assertThat(TableBackup.check(blob, Duration.ofMinutes(1), caller).entityCount()).isEqualTo(300);
        TableClient target = storage.createTable();
        TableRestore.builder().tableClient(target).build().restoreFrom(blob, Duration.ofMinutes(2), caller);
        assertThat(BackupComparison.compare(blob, target, Duration.ofMinutes(1), caller).isIdentical()).isTrue();

        assertThat(probe.seen).hasSizeGreaterThan(8);
        assertThat(probe.missing).as("blob requests without the caller's context").isEmpty();
    }

    @Test
    void aCheckAndAComparisonStopAtTheirTimeout(TestStorage storage) {
        TableClient source = storage.createTable();
        BackupTestData.load(source, BackupTestData.standard(300, 3));
        BlobClient blob = storage.createContainer().getBlobClient("t.azbak");
        TableBackup.builder().tableClient(source).build().backupTo(blob);

        // A timeout too short for any call: each fails with the timeout before or during its first request.
        Duration tiny = Duration.ofNanos(1);
        assertThatThrownBy(() -> TableBackup.check(blob, tiny, Context.NONE))
                .isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> TableBackup.readManifest(blob, tiny, Context.NONE))
                .isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> BackupComparison.compare(blob, source, tiny, Context.NONE))
                .isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(TimeoutException.class);
    }
}
