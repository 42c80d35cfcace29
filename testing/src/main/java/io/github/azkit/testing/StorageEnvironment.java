package io.github.azkit.testing;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage one JVM's tests share: resolved once, on first use, by the rules of {@link StorageRoute}.
 * Thread-safe.
 */
final class StorageEnvironment {

    static final String CONNECTION_STRING_VARIABLE = "AZKIT_STORAGE_CONNECTION_STRING";
    static final String ROUTE_VARIABLE = "AZKIT_STORAGE_ROUTE";
    private static final Logger LOG = LoggerFactory.getLogger(StorageEnvironment.class);
    private static @Nullable StorageEnvironment shared;

    private final StorageRoute route;
    private final String connectionString;

    StorageEnvironment(StorageRoute route, String connectionString) {
        this.route = route;
        this.connectionString = connectionString;
    }

    static synchronized StorageEnvironment shared() {
        if (shared == null) {
            shared = resolve();
        }
        return shared;
    }

    StorageRoute route() {
        return route;
    }

    String connectionString() {
        return connectionString;
    }

    private static StorageEnvironment resolve() {
        return resolve(setting("azkit.storage.route", ROUTE_VARIABLE),
                setting("azkit.storage.connectionString", CONNECTION_STRING_VARIABLE));
    }

    static StorageEnvironment resolve(@Nullable String forced, @Nullable String fromEnvironment) {
        StorageRoute route = forced == null ? null : parseRoute(forced);
        if (route == null) {
            if (fromEnvironment != null) {
                route = StorageRoute.ENVIRONMENT;
            } else if (DockerAzurite.dockerAnswers()) {
                route = StorageRoute.DOCKER;
            } else {
                route = StorageRoute.NPM;
            }
        }
        LOG.info("azkit tests use storage route {}", route);
        switch (route) {
            case ENVIRONMENT:
                if (fromEnvironment == null) {
                    throw new IllegalStateException(ROUTE_VARIABLE + "=ENVIRONMENT needs " + CONNECTION_STRING_VARIABLE
                            + " to hold a storage account's connection string");
                }
                return new StorageEnvironment(route, fromEnvironment);
            case DOCKER:
                return new StorageEnvironment(route, DockerAzurite.start());
            case NPM:
            default:
                return new StorageEnvironment(route, Azurite.start().connectionString());
        }
    }

    private static @Nullable StorageRoute parseRoute(String value) {
        try {
            return StorageRoute.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(ROUTE_VARIABLE + " must be one of ENVIRONMENT, DOCKER or NPM, was '"
                    + value + "'", e);
        }
    }

    private static @Nullable String setting(String property, String variable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
