package io.github.azkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Azurite, Microsoft's storage emulator, run from npm as a local Node.js process.
 *
 * <p>{@link #start()} installs the pinned Azurite {@value #VERSION} with {@code npm ci} on first use (from a
 * {@code package.json} and {@code package-lock.json} shipped in this jar) into the folder named by the system
 * property {@code azkit.azurite.dir}, the environment variable {@code AZKIT_AZURITE_DIR}, or
 * {@code ~/.cache/azkit/azurite-3.35.0}; then starts it on free loopback ports with a temporary data folder,
 * {@code --disableTelemetry --skipApiVersionCheck --loose}, and waits until its blob and table endpoints accept
 * connections. {@link #close()} stops it and deletes the data folder. If the JVM dies without closing it (even
 * by {@code kill -9}), a watchdog stops Azurite within about a second.
 *
 * <p>Requires {@code node} and {@code npm} on the {@code PATH}; without them {@link #start()} throws an
 * {@link IllegalStateException} that says what to install.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, more than once.
 */
public final class Azurite implements AutoCloseable {

    /** The Azurite version this class installs and runs. */
    public static final String VERSION = "3.35.0";

    /** The well-known Azurite account name. */
    public static final String ACCOUNT_NAME = "devstoreaccount1";

    /** The well-known Azurite account key (public, documented by Microsoft; not a secret). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Logger LOG = LoggerFactory.getLogger(Azurite.class);
    private static final String RESOURCE_DIR = "/io/github/azkit/testing/azurite/";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private final Process process;
    private final Path dataDir;
    private final int blobPort;
    private final int queuePort;
    private final int tablePort;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private Azurite(Process process, Path dataDir, int blobPort, int queuePort, int tablePort) {
        this.process = process;
        this.dataDir = dataDir;
        this.blobPort = blobPort;
        this.queuePort = queuePort;
        this.tablePort = tablePort;
        this.shutdownHook = new Thread(this::stop, "azkit-azurite-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Installs Azurite if needed and starts a new instance on free ports.
     *
     * @return the running instance; close it to stop it
     * @throws IllegalStateException if Node.js or npm is missing, the install fails, or Azurite does not become
     *     ready within 90 seconds (the message includes the end of Azurite's own output)
     * @throws UncheckedIOException if a folder or file cannot be created
     */
    public static Azurite start() {
        Path installDir = installDir();
        install(installDir);
        return launch(installDir);
    }

    /**
     * The connection string of this instance, with blob, queue and table endpoints.
     *
     * @return the connection string; it holds only the well-known emulator key
     */
    public String connectionString() {
        return connectionString("127.0.0.1", blobPort, queuePort, tablePort);
    }

    /**
     * The TCP port of the blob endpoint.
     *
     * @return the port
     */
    public int blobPort() {
        return blobPort;
    }

    /**
     * The TCP port of the table endpoint.
     *
     * @return the port
     */
    public int tablePort() {
        return tablePort;
    }

    /**
     * Whether the Azurite process is still running.
     *
     * @return {@code true} until it is stopped or dies
     */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops Azurite and deletes its data folder. Does nothing if already closed. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run; nothing to remove.
        }
    }

    static String connectionString(String host, int blobPort, int queuePort, int tablePort) {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT_NAME + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=http://" + host + ":" + blobPort + "/" + ACCOUNT_NAME
                + ";QueueEndpoint=http://" + host + ":" + queuePort + "/" + ACCOUNT_NAME
                + ";TableEndpoint=http://" + host + ":" + tablePort + "/" + ACCOUNT_NAME + ";";
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                handle.destroyForcibly();
            }
        }
        deleteRecursively(dataDir);
        LOG.debug("Azurite on blob port {} stopped", blobPort);
    }

    static Path installDir() {
        String configured = System.getProperty("azkit.azurite.dir");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("AZKIT_AZURITE_DIR");
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "azkit", "azurite-" + VERSION);
    }

    private static void install(Path dir) {
        byte[] packageJson = resource("package.json");
        byte[] lock = resource("package-lock.json");
        String stamp = sha256(packageJson, lock);
        Path marker = dir.resolve(".azkit-installed");
        try {
            Files.createDirectories(dir);
            if (stamp.equals(readOrNull(marker)) && Files.isRegularFile(entryPoint(dir))) {
                return;
            }
            try (FileChannel channel = FileChannel.open(dir.resolve(".azkit-install.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock installLock = channel.lock()) {
                assert installLock.isValid();
                if (stamp.equals(readOrNull(marker)) && Files.isRegularFile(entryPoint(dir))) {
                    return; // another JVM installed it while we waited for the lock
                }
                Files.write(dir.resolve("package.json"), packageJson);
                Files.write(dir.resolve("package-lock.json"), lock);
                String npm = requireTool("npm");
                LOG.info("Installing Azurite {} with 'npm ci' into {}", VERSION, dir);
                Path log = dir.resolve("npm-ci.log");
                Process npmCi = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!npmCi.waitFor(INSTALL_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                    npmCi.destroyForcibly();
                    throw new IllegalStateException("'npm ci' for Azurite " + VERSION + " in " + dir
                            + " did not finish within " + INSTALL_TIMEOUT.toMinutes() + " minutes; " + tail(log));
                }
                if (npmCi.exitValue() != 0 || !Files.isRegularFile(entryPoint(dir))) {
                    throw new IllegalStateException("'npm ci' for Azurite " + VERSION + " in " + dir
                            + " failed with exit code " + npmCi.exitValue()
                            + "; check that the npm registry is reachable. " + tail(log));
                }
                Files.writeString(marker, stamp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not install Azurite into " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing Azurite into " + dir, e);
        }
    }

    private static Azurite launch(Path installDir) {
        String node = requireTool("node");
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("azkit-azurite-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary folder for Azurite's data", e);
        }
        int[] ports = freePorts(3);
        List<String> azuriteArgs = List.of(
                entryPoint(installDir).toString(),
                "--silent",
                "--location", dataDir.toString(),
                "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(ports[0]),
                "--queueHost", "127.0.0.1", "--queuePort", Integer.toString(ports[1]),
                "--tableHost", "127.0.0.1", "--tablePort", Integer.toString(ports[2]),
                "--disableTelemetry", "--skipApiVersionCheck", "--loose");
        List<String> command = new ArrayList<>();
        if (isWindows()) {
            command.add(node);
            command.addAll(azuriteArgs);
        } else {
            // A small shell watchdog: raise the open-file limit (Azurite opens a file per block), run node, and
            // stop it when this JVM is gone, even after kill -9, so no Azurite outlives its test run.
            command.addAll(List.of("sh", "-c", WATCHDOG, "azkit-azurite",
                    Long.toString(ProcessHandle.current().pid()), node));
            command.addAll(azuriteArgs);
        }
        Path log = dataDir.resolve("azurite.log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            deleteRecursively(dataDir);
            throw new UncheckedIOException("Could not start Azurite with " + node, e);
        }
        Azurite azurite = new Azurite(process, dataDir, ports[0], ports[1], ports[2]);
        try {
            awaitReady(azurite, log);
        } catch (RuntimeException e) {
            azurite.close();
            throw e;
        }
        LOG.info("Azurite {} listening: blob port {}, table port {}", VERSION, ports[0], ports[2]);
        return azurite;
    }

    private static final String WATCHDOG = String.join("\n",
            "parent=$1; shift",
            "ulimit -n \"$(ulimit -Hn)\" 2>/dev/null || ulimit -n 65536 2>/dev/null || true",
            "\"$@\" &",
            "child=$!",
            "trap 'kill $child 2>/dev/null; exit 0' TERM INT HUP",
            "while kill -0 \"$parent\" 2>/dev/null && kill -0 \"$child\" 2>/dev/null; do sleep 1; done",
            "kill $child 2>/dev/null",
            "wait $child");

    private static void awaitReady(Azurite azurite, Path log) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!azurite.process.isAlive()) {
                throw new IllegalStateException("Azurite exited with code " + azurite.process.exitValue()
                        + " before it was ready. " + tail(log));
            }
            if (accepts(azurite.blobPort) && accepts(azurite.tablePort)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Azurite", e);
            }
        }
        throw new IllegalStateException("Azurite did not accept connections on ports " + azurite.blobPort + " and "
                + azurite.tablePort + " within " + READY_TIMEOUT.toSeconds() + " seconds. " + tail(log));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find free loopback ports for Azurite", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    static String requireTool(String tool) {
        String path = System.getenv("PATH");
        String[] extensions = isWindows() ? new String[] {".cmd", ".exe", ""} : new String[] {""};
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                for (String extension : extensions) {
                    Path candidate = Path.of(dir, tool + extension);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return candidate.toString();
                    }
                }
            }
        }
        throw new IllegalStateException("azkit tests need real Azure Storage, but '" + tool
                + "' is not on the PATH, so Azurite cannot be run from npm. Do one of: install Node.js 18 or newer"
                + " with npm (for example 'apt-get install nodejs npm' or https://nodejs.org); start a Docker"
                + " engine and put org.testcontainers:testcontainers on the test class path; or set"
                + " AZKIT_STORAGE_CONNECTION_STRING to a storage account's connection string.");
    }

    private static Path entryPoint(Path installDir) {
        return installDir.resolve("node_modules").resolve("azurite").resolve("dist").resolve("src")
                .resolve("azurite.js");
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static byte[] resource(String name) {
        try (InputStream in = Azurite.class.getResourceAsStream(RESOURCE_DIR + name)) {
            return Objects.requireNonNull(in, "missing resource " + RESOURCE_DIR + name).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable String readOrNull(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "Output (" + log + "):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20),
                    lines.size()));
        } catch (IOException e) {
            return "(no output in " + log + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Could not delete {}", dir, e);
        }
    }
}
