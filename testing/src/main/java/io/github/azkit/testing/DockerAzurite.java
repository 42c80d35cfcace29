package io.github.azkit.testing;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker route: Azurite in a container through Testcontainers, an optional dependency.
 *
 * <p>Testcontainers is reached by reflection, so that this module's descriptor needs no {@code requires} of a jar
 * that has no stable module name (a filename-based automatic module must not be published), and so that the class
 * loads when Testcontainers is absent.
 */
final class DockerAzurite {

    private static final Logger LOG = LoggerFactory.getLogger(DockerAzurite.class);
    static final String IMAGE = "mcr.microsoft.com/azure-storage/azurite:" + Azurite.VERSION;
    private static final int[] PORTS = {10000, 10001, 10002};

    private DockerAzurite() {
    }

    static boolean dockerAnswers() {
        try {
            Class<?> factory = load("org.testcontainers.DockerClientFactory");
            Object instance = factory.getMethod("instance").invoke(null);
            return (Boolean) factory.getMethod("isDockerAvailable").invoke(instance);
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Docker is not usable", e);
            return false;
        }
    }

    static String start() {
        try {
            Class<?> imageName = load("org.testcontainers.utility.DockerImageName");
            Object image = imageName.getMethod("parse", String.class).invoke(null, IMAGE);
            Class<?> containerClass = load("org.testcontainers.containers.GenericContainer");
            Object container = containerClass.getConstructor(imageName).newInstance(image);
            String[] command = {"azurite", "--blobHost", "0.0.0.0", "--queueHost", "0.0.0.0", "--tableHost",
                "0.0.0.0", "--disableTelemetry", "--skipApiVersionCheck", "--loose"};
            containerClass.getMethod("withCommand", String[].class).invoke(container, (Object) command);
            Object ports = Array.newInstance(Integer.class, PORTS.length);
            for (int i = 0; i < PORTS.length; i++) {
                Array.set(ports, i, PORTS[i]);
            }
            containerClass.getMethod("withExposedPorts", Integer[].class).invoke(container, ports);
            containerClass.getMethod("start").invoke(container); // Testcontainers' Ryuk removes it at JVM exit
            String host = (String) containerClass.getMethod("getHost").invoke(container);
            Method mapped = containerClass.getMethod("getMappedPort", int.class);
            return Azurite.connectionString(host, (Integer) mapped.invoke(container, PORTS[0]),
                    (Integer) mapped.invoke(container, PORTS[1]), (Integer) mapped.invoke(container, PORTS[2]));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Could not start " + IMAGE + " through Testcontainers: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Testcontainers on the class path does not have the expected API"
                    + " (azkit was built against 2.0): " + e, e);
        }
    }

    private static Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, true, DockerAzurite.class.getClassLoader());
    }
}
