/**
 * The reference video-training service: the WintellectNOW design from Jeffrey Richter's talk, built on azkit.
 *
 * <p>Storage layout (all names are the talk's): the {@code Users} table (PartitionKey = email, RowKey = ""),
 * the {@code Accounts} table (PartitionKey = account id, RowKey = ""), the {@code outbox} container of email
 * messages, and the {@code config} container with the secret that signs links and sessions. Several instances may
 * run against the same storage at once: no state lives only in one process.
 */
package io.github.azkit.examples.video;
