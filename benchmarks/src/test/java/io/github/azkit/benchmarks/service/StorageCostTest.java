package io.github.azkit.benchmarks.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.azure.data.tables.models.TableEntity;
import io.github.azkit.storage.TransactionKind;
import org.junit.jupiter.api.Test;

/** The cost arithmetic of the video service's load benchmark, the blob counter's classification, entity sizes. */
class StorageCostTest {

    @Test
    void tenThousandUsersWatchingTenHoursWithAPingAMinuteSendSixMillionPings() {
        StorageCost.UsageModel model = new StorageCost.UsageModel(10_000, 10, 60, 30, 60, 900);

        assertThat(model.pings()).isEqualTo(6_000_000.0);
        assertThat(model.writingShare()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void aPingIntervalOfThreeMinutesOrMoreMakesEveryPingWrite() {
        assertThat(new StorageCost.UsageModel(1, 1, 180, 0, 0, 900).writingShare()).isEqualTo(1.0);
        assertThat(new StorageCost.UsageModel(1, 1, 600, 0, 0, 900).writingShare()).isEqualTo(1.0);
        assertThat(new StorageCost.UsageModel(1, 1, 30, 0, 0, 900).writingShare()).isCloseTo(1.0 / 6, within(1e-12));
    }

    @Test
    void eachKindIsPricedAtItsOwnRatePerTenThousand() {
        // 18 million table transactions at $0.00036 per 10,000 = $0.648
        assertThat(StorageCost.transactions(6_000_000, new StorageCost.PerRequest(3, 0, 0)))
                .isCloseTo(0.648, within(1e-9));
        // 1 million blob writes at $0.055 and 2 million blob reads at $0.0044 per 10,000 = $5.50 + $0.88
        assertThat(StorageCost.transactions(1_000_000, new StorageCost.PerRequest(0, 1, 2)))
                .isCloseTo(6.38, within(1e-9));
        assertThat(StorageCost.capacity(2, 10)).isCloseTo(2 * 0.045 + 10 * 0.0208, within(1e-12));
    }

    @Test
    void aMixWeighsTheTwoCostsByTheShare() {
        StorageCost.PerRequest nothing = new StorageCost.PerRequest(3, 0, 0);
        StorageCost.PerRequest writes = new StorageCost.PerRequest(6, 2, 0);

        StorageCost.PerRequest mix = nothing.mix(writes, 1.0 / 3);

        assertThat(mix.table()).isCloseTo(4.0, within(1e-12));
        assertThat(mix.blobWrites()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(mix.blobReads()).isZero();
    }

    @Test
    void aModelWithoutUsersOrWithAZeroPingIntervalIsRefusedWithTheValue() {
        assertThatThrownBy(() -> new StorageCost.UsageModel(0, 10, 60, 1, 1, 900))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'users'").hasMessageContaining("0");
        assertThatThrownBy(() -> new StorageCost.UsageModel(1, 10, 0, 1, 1, 900))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pingIntervalSeconds'");
    }

    @Test
    void blobRequestsAreClassifiedAsTheTransactionCounterClassifiesThem() {
        assertThat(BlobRequestCounter.classify("GET", "/devstoreaccount1/queues/u1")).isEqualTo(TransactionKind.READ);
        assertThat(BlobRequestCounter.classify("HEAD", "/devstoreaccount1/library/x.xml"))
                .isEqualTo(TransactionKind.READ);
        assertThat(BlobRequestCounter.classify("GET", "/devstoreaccount1/logs?restype=container&comp=list"))
                .isEqualTo(TransactionKind.LIST);
        assertThat(BlobRequestCounter.classify("PUT", "/devstoreaccount1/logs/t.csv?comp=block&blockid=AA"))
                .isEqualTo(TransactionKind.WRITE);
        assertThat(BlobRequestCounter.classify("PUT", "/devstoreaccount1/elections/r?comp=lease"))
                .isEqualTo(TransactionKind.LEASE);
        assertThat(BlobRequestCounter.classify("DELETE", "/devstoreaccount1/logs/old.csv"))
                .isEqualTo(TransactionKind.DELETE);
    }

    @Test
    void aRequestLineIsFoundEvenWhenTheLastBodyRanIntoIt() {
        assertThat(BlobRequestCounter.requestKind("GET /devstoreaccount1/queues/u1 HTTP/1.1\r"))
                .isEqualTo(TransactionKind.READ);
        assertThat(BlobRequestCounter.requestKind("</BlockList>GET /devstoreaccount1/queues/u1 HTTP/1.1\r"))
                .isEqualTo(TransactionKind.READ);
        assertThat(BlobRequestCounter.requestKind("[\"a\",\"b\"]PUT /devstoreaccount1/q/u?comp=block HTTP/1.1\r"))
                .isEqualTo(TransactionKind.WRITE);
        assertThat(BlobRequestCounter.requestKind("Host: 127.0.0.1:10000\r")).isNull();
        assertThat(BlobRequestCounter.requestKind("2026-11-22T07:00:00Z,a@b.example,GET /x HTTP/1.1 is text"))
                .isNull();
    }

    @Test
    void entitySizeFollowsAzuresFormula() {
        TableEntity entity = new TableEntity("u1", "v").addProperty("Offset", 60).addProperty("Chunks", 3L)
                .addProperty("Note", "ab");

        // 4 + 2 * 3 key characters; Offset 8 + 12 + 4; Chunks 8 + 12 + 8; Note 8 + 8 + 4 + 4
        assertThat(Footprint.entityBytes(entity)).isEqualTo(10 + 24 + 28 + 24);
    }

    @Test
    void aLongerTranscriptFlushCarriesMoreLines() {
        assertThat(new StorageCost.UsageModel(1, 1, 30, 0, 0, 900).transcriptLinesPerFlush()).isEqualTo(5.0);
        assertThat(new StorageCost.UsageModel(1, 1, 30, 0, 0, 2).transcriptLinesPerFlush()).isEqualTo(1.0);
        assertThatThrownBy(() -> new StorageCost.UsageModel(1, 1, 30, 0, 0, 0))
                .hasMessage("'transcriptFlushSeconds' must be at least 1, was 0");
    }
}
