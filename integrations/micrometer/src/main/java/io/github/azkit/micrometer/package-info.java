/**
 * Micrometer meters for azkit's storage-transaction counter: {@link io.github.azkit.micrometer.TransactionCounterMetrics}
 * binds an {@link io.github.azkit.storage.TransactionCounter} to a {@code MeterRegistry}, and
 * {@link io.github.azkit.micrometer.StoragePrices} is the price table its optional estimated-cost meter reads.
 */
@NullMarked
package io.github.azkit.micrometer;

import org.jspecify.annotations.NullMarked;
