package io.github.azkit.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker route: Azurite in a container through Testcontainers, which is an optional dependency. Every
 * reference to Testcontainers is inside {@link Container}, which is loaded only once Testcontainers is known to
 * be on the class path.
 */
final class DockerAzurite {

    private static final Logger LOG = LoggerFactory.getLogger(DockerAzurite.class);
    static final String IMAGE = "mcr.microsoft.com/azure-storage/azurite:" + Azurite.VERSION;

    private DockerAzurite() {
    }

    static boolean dockerAnswers() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, DockerAzurite.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
        try {
            return Container.dockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Docker is not usable", e);
            return false;
        }
    }

    static String start() {
        return Container.start();
    }

    /** Holds the Testcontainers references. */
    private static final class Container {
        private Container() {
        }

        static boolean dockerAvailable() {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        }

        @SuppressWarnings("resource") // Testcontainers' Ryuk removes the container when the JVM exits
        static String start() {
            org.testcontainers.containers.GenericContainer<?> container =
                    new org.testcontainers.containers.GenericContainer<>(
                            org.testcontainers.utility.DockerImageName.parse(IMAGE))
                            .withCommand("azurite", "--blobHost", "0.0.0.0", "--queueHost", "0.0.0.0",
                                    "--tableHost", "0.0.0.0", "--disableTelemetry", "--skipApiVersionCheck",
                                    "--loose")
                            .withExposedPorts(10000, 10001, 10002);
            container.start();
            return Azurite.connectionString(container.getHost(), container.getMappedPort(10000),
                    container.getMappedPort(10001), container.getMappedPort(10002));
        }
    }
}
