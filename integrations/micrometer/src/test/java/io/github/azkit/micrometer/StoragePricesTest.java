package io.github.azkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.azkit.storage.StorageService;
import io.github.azkit.storage.TransactionCounter;
import io.github.azkit.storage.TransactionKind;
import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class StoragePricesTest {

    private static final Currency USD = Currency.getInstance("USD");

    @Test
    void unsetPricesAreZeroAndALaterCallReplacesAnEarlierOne() {
        StoragePrices prices = StoragePrices.builder().currency(USD)
                .perTenThousand(StorageService.TABLE, new BigDecimal("0.00036"))
                .perTenThousand(StorageService.TABLE, TransactionKind.BATCH, new BigDecimal("0.001"))
                .perGibibyteReceived(new BigDecimal("0.087"))
                .build();

        assertThat(prices.currency()).isEqualTo(USD);
        assertThat(prices.perTenThousand(StorageService.TABLE, TransactionKind.READ)).isEqualByComparingTo("0.00036");
        assertThat(prices.perTenThousand(StorageService.TABLE, TransactionKind.BATCH)).isEqualByComparingTo("0.001");
        assertThat(prices.perTenThousand(StorageService.BLOB, TransactionKind.WRITE)).isZero();
        assertThat(prices.perGibibyteSent()).isZero();
        assertThat(prices.perGibibyteReceived()).isEqualByComparingTo("0.087");
        assertThat(prices.cost(new TransactionCounter().snapshot())).isZero();
        assertThat(prices.toString()).startsWith("StoragePrices[USD table.read=0.00036/10k")
                .contains("table.batch=0.001/10k").endsWith(" received=0.087/GiB]");
    }

    @Test
    void theBuilderSaysWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> StoragePrices.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'currency'");
        StoragePrices.Builder builder = StoragePrices.builder();
        assertThatThrownBy(() -> builder.perTenThousand(StorageService.BLOB, TransactionKind.READ,
                new BigDecimal("-0.004"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'price' must be zero or more, was -0.004");
        assertThatThrownBy(() -> builder.perGibibyteReceived(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'price'");
        assertThatThrownBy(() -> builder.perTenThousand(null, BigDecimal.ONE))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'service'");
        assertThatThrownBy(() -> builder.currency(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'currency'");
    }
}
