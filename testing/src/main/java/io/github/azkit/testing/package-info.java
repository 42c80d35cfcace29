/**
 * Real Azure Storage for tests: a storage account named by {@code AZKIT_STORAGE_CONNECTION_STRING}, Azurite in
 * Docker through Testcontainers, or Azurite 3.35.0 from npm run as a local process, in that order.
 *
 * <p>Start with {@link io.github.azkit.testing.AzkitStorageTest}; to run Azurite outside a test (a demo, a
 * benchmark) use {@link io.github.azkit.testing.Azurite}.
 *
 * <h2>Azure's limits</h2>
 *
 * <p>Azurite accepts some requests that Azure refuses (an entity with 253 properties or over 1 MiB, a transaction
 * spanning two partition keys, a block list of 50,001 blocks, 9 KiB of metadata) and refuses others with another
 * error code than Azure's (a key with {@code /}, a key over 1 KiB). Code that passes its tests on Azurite could then
 * fail in production. So every client from {@link io.github.azkit.testing.TestStorage} carries an
 * {@link io.github.azkit.testing.AzureLimitsGuard}, a pipeline policy that refuses such a request before it is sent,
 * with the status, error code and body Azure sends, so the SDK throws what it throws against Azure
 * ({@code TableServiceException}, {@code TableTransactionFailedException} with the failing action's index,
 * {@code BlobStorageException}). The limits, answers and their sources are listed in
 * {@link io.github.azkit.testing.AzureLimits}; each refusal is logged at INFO with what was over.
 *
 * <p>Turn it off for a test class with {@code @AzkitStorageTest(azureLimits = false)}. Clients that code under test
 * builds itself from {@code storage.connectionString()} do not carry it: add {@code new AzureLimitsGuard()} to their
 * builders.
 */
@NullMarked
package io.github.azkit.testing;

import org.jspecify.annotations.NullMarked;
