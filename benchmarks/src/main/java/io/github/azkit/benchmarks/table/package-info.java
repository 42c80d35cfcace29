/**
 * Storage-transaction benchmarks of the table helpers against Azurite.
 */
package io.github.azkit.benchmarks.table;
