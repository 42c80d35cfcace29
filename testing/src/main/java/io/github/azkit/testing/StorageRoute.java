package io.github.azkit.testing;

/**
 * Where the storage that tests use comes from.
 *
 * <p>The route is chosen once per JVM, in this order unless {@code AZKIT_STORAGE_ROUTE} (or the system property
 * {@code azkit.storage.route}) names one: {@link #ENVIRONMENT} if {@code AZKIT_STORAGE_CONNECTION_STRING} is set,
 * else {@link #DOCKER} if Testcontainers is on the class path and a Docker engine answers, else {@link #NPM}.
 *
 * <p>Immutable; thread-safe.
 */
public enum StorageRoute {
    /** The storage account whose connection string is in {@code AZKIT_STORAGE_CONNECTION_STRING}. */
    ENVIRONMENT,
    /** Azurite {@value Azurite#VERSION} in a Docker container started through Testcontainers. */
    DOCKER,
    /** Azurite {@value Azurite#VERSION} installed from npm and run with Node.js as a local process. */
    NPM
}
