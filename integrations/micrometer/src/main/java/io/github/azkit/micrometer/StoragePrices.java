package io.github.azkit.micrometer;

import io.github.azkit.storage.StorageService;
import io.github.azkit.storage.TransactionCounts;
import io.github.azkit.storage.TransactionKind;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A price table for estimating what storage transactions cost: a price per 10,000 transactions for each
 * {@link StorageService} and {@link TransactionKind}, and optionally a price per gibibyte (2<sup>30</sup> bytes) of
 * request and response bodies, in one currency. {@link TransactionCounterMetrics} reads it for its
 * {@code azkit.storage.estimated.cost} meter, and {@link #cost(TransactionCounts)} applies it to any snapshot.
 *
 * <p>azkit bakes in no prices: Azure's prices change, and differ by region, redundancy (LRS, ZRS, GRS...), access
 * tier (hot, cool, cold, archive), account kind and agreement. Take yours from the Azure Storage pricing pages or
 * your invoice. A kind with no price set costs nothing in the estimate (Azure does not charge for blob deletes, for
 * example). The estimate counts what the pipeline sent, so it includes retried and failed attempts, some of which
 * Azure does not bill; it leaves out capacity (data stored per month), which no request counter can see.
 *
 * <pre>{@code
 * // An example only (Standard general-purpose v2, LRS, hot tier, East US, USD, as read in July 2026)
 * StoragePrices prices = StoragePrices.builder()
 *         .currency(Currency.getInstance("USD"))
 *         .perTenThousand(StorageService.BLOB, TransactionKind.WRITE, new BigDecimal("0.055"))
 *         .perTenThousand(StorageService.BLOB, TransactionKind.READ, new BigDecimal("0.0044"))
 *         .perTenThousand(StorageService.TABLE, new BigDecimal("0.00036"))   // every kind of table transaction
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class StoragePrices {

    private static final StorageService[] SERVICES = StorageService.values();
    private static final TransactionKind[] KINDS = TransactionKind.values();
    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);
    private static final BigDecimal GIBIBYTE = BigDecimal.valueOf(1L << 30);

    private final Currency currency;
    /** Prices per 10,000 by service and kind, at {@code service.ordinal() * KINDS.length + kind.ordinal()}. */
    private final BigDecimal[] perTenThousand;
    private final BigDecimal perGibibyteSent;
    private final BigDecimal perGibibyteReceived;

    private StoragePrices(Builder builder, Currency currency) {
        this.currency = currency;
        this.perTenThousand = builder.perTenThousand.clone();
        this.perGibibyteSent = builder.perGibibyteSent;
        this.perGibibyteReceived = builder.perGibibyteReceived;
    }

    /**
     * A new builder, with no currency and every price zero.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The currency of every price in the table.
     *
     * @return the currency
     */
    public Currency currency() {
        return currency;
    }

    /**
     * The price of 10,000 transactions of one kind to one service.
     *
     * @param service the service
     * @param kind the kind of transaction
     * @return the price, zero if none was set
     * @throws NullPointerException if {@code service} or {@code kind} is null
     */
    public BigDecimal perTenThousand(StorageService service, TransactionKind kind) {
        return perTenThousand[index(service, kind)];
    }

    /**
     * The price of a gibibyte (2<sup>30</sup> bytes) of request bodies sent.
     *
     * @return the price, zero if none was set
     */
    public BigDecimal perGibibyteSent() {
        return perGibibyteSent;
    }

    /**
     * The price of a gibibyte (2<sup>30</sup> bytes) of response bodies received.
     *
     * @return the price, zero if none was set
     */
    public BigDecimal perGibibyteReceived() {
        return perGibibyteReceived;
    }

    /**
     * The estimated cost of what a snapshot counts: each service's and kind's transactions at their price per 10,000,
     * plus the bytes sent and received at their price per gibibyte. Exact (no rounding).
     *
     * @param counts a snapshot of a counter, or the difference of two
     * @return the estimated cost, in {@link #currency()}
     * @throws NullPointerException if {@code counts} is null
     */
    public BigDecimal cost(TransactionCounts counts) {
        Objects.requireNonNull(counts, "'counts' must not be null");
        BigDecimal transactions = BigDecimal.ZERO;
        for (StorageService service : SERVICES) {
            for (TransactionKind kind : KINDS) {
                long count = counts.get(service, kind);
                if (count != 0) {
                    transactions = transactions.add(perTenThousand(service, kind).multiply(BigDecimal.valueOf(count)));
                }
            }
        }
        BigDecimal bytes = perGibibyteSent.multiply(BigDecimal.valueOf(counts.bytesSent()))
                .add(perGibibyteReceived.multiply(BigDecimal.valueOf(counts.bytesReceived())));
        return transactions.divide(TEN_THOUSAND).add(bytes.divide(GIBIBYTE));
    }

    /**
     * The non-zero prices, for logs: {@code StoragePrices[USD blob.write=0.055/10k table.read=0.00036/10k ...]}.
     *
     * @return a description of the table
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("StoragePrices[").append(currency.getCurrencyCode());
        for (StorageService service : SERVICES) {
            for (TransactionKind kind : KINDS) {
                BigDecimal price = perTenThousand(service, kind);
                if (price.signum() != 0) {
                    text.append(' ').append(service.name().toLowerCase(Locale.ROOT)).append('.')
                            .append(kind.name().toLowerCase(Locale.ROOT)).append('=').append(price.toPlainString())
                            .append("/10k");
                }
            }
        }
        if (perGibibyteSent.signum() != 0) {
            text.append(" sent=").append(perGibibyteSent.toPlainString()).append("/GiB");
        }
        if (perGibibyteReceived.signum() != 0) {
            text.append(" received=").append(perGibibyteReceived.toPlainString()).append("/GiB");
        }
        return text.append(']').toString();
    }

    private static int index(StorageService service, TransactionKind kind) {
        Objects.requireNonNull(service, "'service' must not be null");
        Objects.requireNonNull(kind, "'kind' must not be null");
        return service.ordinal() * KINDS.length + kind.ordinal();
    }

    private static BigDecimal price(BigDecimal price, String name) {
        Objects.requireNonNull(price, () -> "'" + name + "' must not be null");
        if (price.signum() < 0) {
            throw new IllegalArgumentException("'" + name + "' must be zero or more, was " + price.toPlainString());
        }
        return price;
    }

    /**
     * Builds a {@link StoragePrices}. A later call for the same price replaces the earlier one. Mutable and not
     * thread-safe; {@link #build()} copies the settings.
     */
    public static final class Builder {

        private @Nullable Currency currency;
        private final BigDecimal[] perTenThousand = new BigDecimal[SERVICES.length * KINDS.length];
        private BigDecimal perGibibyteSent = BigDecimal.ZERO;
        private BigDecimal perGibibyteReceived = BigDecimal.ZERO;

        private Builder() {
            Arrays.fill(perTenThousand, BigDecimal.ZERO);
        }

        /**
         * The currency of every price in the table (required); it becomes the {@code currency} tag of the cost meter.
         *
         * @param currency the currency, for example {@code Currency.getInstance("USD")}
         * @return this builder
         * @throws NullPointerException if {@code currency} is null
         */
        public Builder currency(Currency currency) {
            this.currency = Objects.requireNonNull(currency, "'currency' must not be null");
            return this;
        }

        /**
         * The price of 10,000 transactions of one kind to one service.
         *
         * @param service the service
         * @param kind the kind of transaction
         * @param price the price per 10,000 transactions, zero or more
         * @return this builder
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if {@code price} is negative
         */
        public Builder perTenThousand(StorageService service, TransactionKind kind, BigDecimal price) {
            perTenThousand[index(service, kind)] = price(price, "price");
            return this;
        }

        /**
         * The price of 10,000 transactions of every kind to one service, for services priced alike for every
         * operation (as Table Storage is). A later call for one kind replaces this price for that kind.
         *
         * @param service the service
         * @param price the price per 10,000 transactions, zero or more
         * @return this builder
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if {@code price} is negative
         */
        public Builder perTenThousand(StorageService service, BigDecimal price) {
            price(price, "price");
            for (TransactionKind kind : KINDS) {
                perTenThousand[index(service, kind)] = price;
            }
            return this;
        }

        /**
         * The price of a gibibyte (2<sup>30</sup> bytes) of request bodies sent, for example where ingress is
         * charged. Zero unless set.
         *
         * @param price the price per gibibyte, zero or more
         * @return this builder
         * @throws NullPointerException if {@code price} is null
         * @throws IllegalArgumentException if {@code price} is negative
         */
        public Builder perGibibyteSent(BigDecimal price) {
            this.perGibibyteSent = price(price, "price");
            return this;
        }

        /**
         * The price of a gibibyte (2<sup>30</sup> bytes) of response bodies received: outbound data transfer from
         * another region or the internet, or a tier's data retrieval charge. Zero unless set.
         *
         * @param price the price per gibibyte, zero or more
         * @return this builder
         * @throws NullPointerException if {@code price} is null
         * @throws IllegalArgumentException if {@code price} is negative
         */
        public Builder perGibibyteReceived(BigDecimal price) {
            this.perGibibyteReceived = price(price, "price");
            return this;
        }

        /**
         * Builds the immutable table.
         *
         * @return the table
         * @throws IllegalStateException if no {@link #currency(Currency)} was set
         */
        public StoragePrices build() {
            if (currency == null) {
                throw new IllegalStateException("StoragePrices needs 'currency' (for example "
                        + "currency(Currency.getInstance(\"USD\"))); it was not set");
            }
            return new StoragePrices(this, currency);
        }
    }
}
