/**
 * Table backup and restore throughput against the raw SDK's scan, parallel batches and single inserts.
 */
package io.github.azkit.benchmarks.backup;
