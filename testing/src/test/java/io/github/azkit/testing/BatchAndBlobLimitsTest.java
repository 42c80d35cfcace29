package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Batch bodies, block lists and blob headers against Azure's limits. */
class BatchAndBlobLimitsTest {

    private static String batch(String... actions) {
        StringBuilder body = new StringBuilder("--batch_1\r\nContent-Type: multipart/mixed; boundary=changeset_1\r\n\r\n");
        for (String action : actions) {
            body.append("--changeset_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                    .append(action).append("\r\n");
        }
        return body.append("--changeset_1--\r\n--batch_1--\r\n").toString();
    }

    private static String insert(String pk, String rk) {
        return "POST http://127.0.0.1:10002/acct/t HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
                + "{\"PartitionKey\":\"" + pk + "\",\"RowKey\":\"" + rk + "\"}";
    }

    private static String delete(String pk, String rk) {
        return "DELETE http://127.0.0.1:10002/acct/t(PartitionKey='" + pk + "',RowKey='" + rk + "') HTTP/1.1\r\n"
                + "If-Match: *\r\n\r\n";
    }

    private static Refusal check(String body) {
        return BatchLimits.check(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBatchOf100ActionsPassesAnd101AreRefusedAtIndex0() {
        String[] actions = new String[101];
        for (int i = 0; i < 101; i++) {
            actions[i] = insert("p", "r" + i);
        }
        assertThat(check(batch(java.util.Arrays.copyOf(actions, 100)))).isNull();
        Refusal refusal = check(batch(actions));
        assertThat(refusal.code()).isEqualTo(AzureLimits.INVALID_INPUT);
        assertThat(refusal.batchIndex()).isZero();
    }

    @Test
    void aSecondPartitionKeyIsRefusedAtItsIndexAlsoInADeleteUrl() {
        assertThat(check(batch(insert("p", "a"), delete("p", "b")))).isNull();
        Refusal refusal = check(batch(insert("p", "a"), insert("p", "b"), delete("q", "c")));
        assertThat(refusal.code()).isEqualTo(AzureLimits.COMMANDS_IN_BATCH_ACT_ON_DIFFERENT_PARTITIONS);
        assertThat(refusal.batchIndex()).isEqualTo(2);
    }

    @Test
    void anEntityOverALimitIsRefusedAtItsIndex() {
        Refusal refusal = check(batch(insert("p", "a"), insert("p", "b/c")));
        assertThat(refusal.code()).isEqualTo(AzureLimits.OUT_OF_RANGE_INPUT);
        assertThat(refusal.batchIndex()).isEqualTo(1);
    }

    @Test
    void aBatchBodyOver4MiBIsRefusedWith413() {
        Refusal refusal = BatchLimits.check(new byte[AzureLimits.MAX_BATCH_BYTES + 1]);
        assertThat(refusal.status()).isEqualTo(413);
        assertThat(refusal.batchIndex()).isEqualTo(-1);
    }

    private static String blockList(int count, int idBytes) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><BlockList>");
        for (int i = 0; i < count; i++) {
            String id = String.format("%0" + idBytes + "d", i);
            xml.append("<Latest>").append(Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8)))
                    .append("</Latest>");
        }
        return xml.append("</BlockList>").toString();
    }

    @Test
    void aBlockListMayName50000BlocksNotOneMore() {
        assertThat(BlobLimits.checkBlockList(blockList(50_000, 8).getBytes(StandardCharsets.UTF_8))).isNull();
        Refusal refusal = BlobLimits.checkBlockList(blockList(50_001, 8).getBytes(StandardCharsets.UTF_8));
        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.code()).isEqualTo(AzureLimits.BLOCK_LIST_TOO_LONG);
    }

    @Test
    void blockIdsMustHaveOneLengthOf64BytesAtMost() {
        assertThat(BlobLimits.checkBlockList(blockList(3, 64).getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(BlobLimits.checkBlockList(blockList(3, 65).getBytes(StandardCharsets.UTF_8)).code())
                .isEqualTo(AzureLimits.INVALID_BLOCK_LIST);
        String mixed = "<BlockList><Latest>" + Base64.getEncoder().encodeToString(new byte[4]) + "</Latest><Committed>"
                + Base64.getEncoder().encodeToString(new byte[5]) + "</Committed></BlockList>";
        assertThat(BlobLimits.checkBlockList(mixed.getBytes(StandardCharsets.UTF_8)).code())
                .isEqualTo(AzureLimits.INVALID_BLOCK_LIST);
        assertThat(BlobLimits.blockIdProblem(Base64.getEncoder().encodeToString(new byte[65]))).contains("65 bytes");
    }

    @Test
    void leaseDurationsAre15To60OrInfinite() {
        for (String ok : new String[] {"15", "60", "-1"}) {
            assertThat(BlobLimits.checkHeaders("PUT", "comp=lease", new HttpHeaders()
                    .set("x-ms-lease-action", "acquire").set("x-ms-lease-duration", ok))).isNull();
        }
        for (String bad : new String[] {"5", "14", "61", "0", "x"}) {
            Refusal refusal = BlobLimits.checkHeaders("PUT", "comp=lease", new HttpHeaders()
                    .set("x-ms-lease-action", "acquire").set("x-ms-lease-duration", bad));
            assertThat(refusal.code()).isEqualTo(AzureLimits.INVALID_HEADER_VALUE);
            assertThat(refusal.details()).containsEntry("HeaderName", "x-ms-lease-duration")
                    .containsEntry("HeaderValue", bad);
        }
        assertThat(BlobLimits.checkHeaders("PUT", "restype=container&comp=lease", new HttpHeaders()
                .set("x-ms-lease-action", "break").set("x-ms-lease-break-period", "61")).code())
                .isEqualTo(AzureLimits.INVALID_HEADER_VALUE);
    }

    @Test
    void metadataMayHold8KiBOfNamesAndValues() {
        assertThat(BlobLimits.checkHeaders("PUT", "comp=metadata",
                new HttpHeaders().set("x-ms-meta-ab", "v".repeat(8 * 1024 - 2)))).isNull();
        assertThat(BlobLimits.checkHeaders("PUT", "comp=metadata",
                new HttpHeaders().set("x-ms-meta-ab", "v".repeat(8 * 1024 - 1))).code())
                .isEqualTo(AzureLimits.METADATA_TOO_LARGE);
    }

    @Test
    void blockAndBlobSizes() {
        assertThat(BlobLimits.checkHeaders("PUT", "comp=block&blockid=AAAA",
                new HttpHeaders().set("Content-Length", Long.toString(AzureLimits.MAX_BLOCK_BYTES)))).isNull();
        assertThat(BlobLimits.checkHeaders("PUT", "comp=block&blockid=AAAA",
                new HttpHeaders().set("Content-Length", Long.toString(AzureLimits.MAX_BLOCK_BYTES + 1))).status())
                .isEqualTo(413);
        assertThat(BlobLimits.checkHeaders("PUT", "", new HttpHeaders().set("x-ms-blob-type", "BlockBlob")
                .set("Content-Length", Long.toString(AzureLimits.MAX_PUT_BLOB_BYTES + 1))).code())
                .isEqualTo(AzureLimits.REQUEST_BODY_TOO_LARGE);
    }
}
