/**
 * Real Azure Storage for tests: a storage account named by {@code AZKIT_STORAGE_CONNECTION_STRING}, Azurite in
 * Docker through Testcontainers, or Azurite 3.35.0 from npm run as a local process, in that order.
 *
 * <p>Start with {@link io.github.azkit.testing.AzkitStorageTest}; to run Azurite outside a test (a demo, a
 * benchmark) use {@link io.github.azkit.testing.Azurite}.
 */
@NullMarked
package io.github.azkit.testing;

import org.jspecify.annotations.NullMarked;
