package io.github.azkit.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A main class of the test class path run in a JVM of its own, for tests whose claim is about processes (several
 * writers on one log, leader election between machines): the child dies with SIGKILL as a machine does, and nothing
 * is shared with the test's JVM but storage.
 *
 * <p>The child is run by this JVM's own {@code java} ({@code java.home}) with this JVM's class path (the test class
 * path under Surefire and Failsafe). Its standard output and standard error go together to one file,
 * {@code <outputDirectory>/<name>.log} ({@code target/child-jvms} by default), which a test reads line by line with
 * {@link #awaitLine} and which stays behind for a failed build to show. Its standard input is a pipe that
 * {@link #send} writes lines to.
 *
 * <p><b>Secrets.</b> Pass a connection string or key with {@link Builder#env}, never with {@link Builder#args}: the
 * command line is visible to every user of the machine ({@code ps}) and goes into this class's error messages; the
 * environment does not. The child must not print it either, since its output is in the file and in error messages.
 *
 * <p><b>Lifetime.</b> {@link #close()} kills the child (SIGKILL) if it still runs, so use try-with-resources or a
 * {@code finally}. Children still alive when this JVM exits normally are killed by a shutdown hook; a test JVM that
 * is itself killed cannot kill them, so a child main should end itself after a while: call {@link #exitAfter} first.
 *
 * <p><b>Cost.</b> Starting a child costs a JVM start (about 0.5 to 1 s of CPU, 30 to 100 MB of memory; limit it with
 * {@code jvmOptions("-Xmx128m")}). {@link #awaitLine} re-reads the output file every 20 ms, which suits outputs of up
 * to a few thousand lines.
 *
 * <p>Thread-safe: any thread may read the output, send lines (sends are serialized) or kill the child.
 *
 * <pre>{@code
 * try (ChildJvm writer = ChildJvm.builder(WriterMain.class).name("writer-1")
 *         .args(container.getBlobContainerName(), "120")
 *         .env("AZKIT_CHILD_CONNECTION_STRING", storage.connectionString())
 *         .start()) {
 *     writer.awaitLine(line -> line.startsWith("READY"), Duration.ofSeconds(30));
 *     writer.send("GO");
 *     assertThat(writer.waitFor(Duration.ofSeconds(60))).isZero();
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ChildJvm::destroyTree),
                "azkit-child-jvm-reaper"));
    }

    private final String name;
    private final String mainClass;
    private final Process process;
    private final Path outputFile;
    private final OutputStream stdin;
    private final Object sendLock = new Object();

    private ChildJvm(String name, String mainClass, Process process, Path outputFile) {
        this.name = name;
        this.mainClass = mainClass;
        this.process = process;
        this.outputFile = outputFile;
        this.stdin = process.getOutputStream();
    }

    /**
     * Starts building a child that runs {@code mainClass}.
     *
     * @param mainClass a class on the test class path with a {@code public static void main(String[])}
     * @return a new builder
     * @throws NullPointerException if {@code mainClass} is null
     */
    public static Builder builder(Class<?> mainClass) {
        return new Builder(Objects.requireNonNull(mainClass, "'mainClass' must not be null"));
    }

    /**
     * For a child main: ends the JVM with {@code status} after {@code limit}, in case its parent died without
     * killing it. Runs on a daemon thread, so a child that ends earlier is not held up.
     *
     * @param limit how long the child may run
     * @param status the exit status to end with, distinct from the child's other statuses
     * @throws NullPointerException if {@code limit} is null
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public static void exitAfter(Duration limit, int status) {
        Objects.requireNonNull(limit, "'limit' must not be null");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("'limit' must be positive, was " + limit);
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("ChildJvm.exitAfter: ran for " + limit + "; exiting with " + status);
            System.out.flush();
            Runtime.getRuntime().halt(status);
        }, "azkit-child-jvm-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * The child's name, as given to {@link Builder#name}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The child's process id.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * The file the child's standard output and standard error go to.
     *
     * @return the path
     */
    public Path outputFile() {
        return outputFile;
    }

    /**
     * Whether the child still runs.
     *
     * @return {@code true} until it exits or is killed
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Writes one line to the child's standard input and flushes it.
     *
     * @param line the line, without a line break
     * @throws NullPointerException if {@code line} is null
     * @throws IllegalArgumentException if {@code line} contains a line break
     * @throws UncheckedIOException if the child's standard input is closed (the child exited or was killed)
     */
    public void send(String line) {
        Objects.requireNonNull(line, "'line' must not be null");
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("'line' must be one line; send each line separately, was '"
                    + line + "'");
        }
        synchronized (sendLock) {
            try {
                stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write to child JVM '" + name + "' (alive: "
                        + process.isAlive() + "; its output is in " + outputFile + ")", e);
            }
        }
    }

    /**
     * Waits until the child has printed a line that {@code matcher} accepts, and returns the first such line of its
     * output (lines printed before this call count).
     *
     * @param matcher which line to wait for, for example {@code line -> line.startsWith("READY")}
     * @param timeout how long to wait
     * @return the first matching line
     * @throws IllegalStateException if the child exits without printing such a line, or the timeout passes; the
     *     message holds the child's output
     * @throws InterruptedException if interrupted while waiting
     * @throws NullPointerException if an argument is null
     */
    public String awaitLine(Predicate<String> matcher, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(matcher, "'matcher' must not be null");
        long deadline = System.nanoTime() + Objects.requireNonNull(timeout, "'timeout' must not be null").toNanos();
        while (true) {
            boolean exited = !process.isAlive(); // before reading, so that its last lines are read
            for (String line : outputLines()) {
                if (matcher.test(line)) {
                    return line;
                }
            }
            if (exited) {
                throw new IllegalStateException("child JVM '" + name + "' exited with " + process.exitValue()
                        + " without printing the awaited line; its output:\n" + output());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("child JVM '" + name + "' did not print the awaited line within "
                        + timeout + "; its output:\n" + output());
            }
            Thread.sleep(POLL.toMillis()); // a real process: there is no clock to inject
        }
    }

    /**
     * Waits for the child to exit; kills it if it does not exit in time.
     *
     * @param timeout how long to wait
     * @return the exit status
     * @throws IllegalStateException if the child did not exit within {@code timeout}; it has been killed, and the
     *     message holds its output
     * @throws InterruptedException if interrupted while waiting (the child is left running; {@link #close()} kills
     *     it)
     * @throws NullPointerException if {@code timeout} is null
     */
    public int waitFor(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "'timeout' must not be null");
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            kill();
            throw new IllegalStateException("child JVM '" + name + "' did not exit within " + timeout
                    + " and was killed; its output:\n" + output());
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    /**
     * Everything the child has printed so far.
     *
     * @return the output, or a note saying why it cannot be read
     */
    public String output() {
        try {
            return Files.readString(outputFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output " + outputFile + " unreadable: " + e + ")";
        }
    }

    /**
     * Everything the child has printed so far, line by line. A line the child is still writing may be cut short;
     * print each line whole with {@code println} and flush.
     *
     * @return the lines
     */
    public List<String> outputLines() {
        return output().lines().toList();
    }

    /**
     * Kills the child and its descendants with SIGKILL ({@link Process#destroyForcibly()}), as a machine dies: no
     * shutdown hook, no {@code finally} runs in it. Waits up to 10 s for it to be gone.
     *
     * @throws InterruptedException if interrupted while waiting for it to be gone
     * @throws IllegalStateException if it is still alive after 10 s
     */
    public void kill() throws InterruptedException {
        destroyTree(process);
        if (!process.waitFor(KILL_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("child JVM '" + name + "' (pid " + process.pid()
                    + ") is still alive " + KILL_WAIT + " after SIGKILL");
        }
        LIVE.remove(process);
    }

    /**
     * Stops the child with SIGSTOP, as a long garbage-collection pause or a suspended virtual machine does: it keeps
     * its connections but runs nothing until {@link #resume()}. POSIX only (runs {@code kill -STOP <pid>}).
     *
     * @throws UnsupportedOperationException on Windows
     * @throws IllegalStateException if {@code kill} fails (the child exited)
     * @throws InterruptedException if interrupted while {@code kill} runs
     */
    public void suspend() throws InterruptedException {
        signal("STOP");
    }

    /**
     * Lets a child stopped by {@link #suspend()} run again (SIGCONT). POSIX only.
     *
     * @throws UnsupportedOperationException on Windows
     * @throws IllegalStateException if {@code kill} fails (the child exited)
     * @throws InterruptedException if interrupted while {@code kill} runs
     */
    public void resume() throws InterruptedException {
        signal("CONT");
    }

    /**
     * Kills the child (as {@link #kill()}) if it still runs; does nothing otherwise.
     *
     * @throws InterruptedException if interrupted while waiting for it to be gone
     * @throws IllegalStateException if it is still alive 10 s after SIGKILL
     */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        LIVE.remove(process);
        try {
            stdin.close();
        } catch (IOException e) {
            // the pipe of a dead process: nothing to release
        }
    }

    @Override
    public String toString() {
        return "ChildJvm[" + name + ", pid " + process.pid() + ", " + mainClass + "]";
    }

    private void signal(String signal) throws InterruptedException {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            throw new UnsupportedOperationException("SIG" + signal + " needs a POSIX system; skip this test on "
                    + "Windows");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " (child JVM '" + name
                        + "') failed: " + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run kill -" + signal + " for child JVM '" + name + "'", e);
        }
    }

    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Builds and starts a {@link ChildJvm}. Mutable and not thread-safe.
     */
    public static final class Builder {

        private final Class<?> mainClass;
        private @Nullable String name;
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        private Path outputDirectory = Path.of("target", "child-jvms");

        private Builder(Class<?> mainClass) {
            this.mainClass = mainClass;
        }

        /**
         * A short name for messages and for the output file, {@code <name>.log}; the main class's simple name by
         * default. Give children of one test distinct names (or distinct output directories): a file of the same
         * name is replaced.
         *
         * @param name letters, digits, {@code .}, {@code _} and {@code -}
         * @return this builder
         * @throws NullPointerException if {@code name} is null
         * @throws IllegalArgumentException if {@code name} is empty or holds other characters
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "'name' must not be null");
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("'name' must be letters, digits, '.', '_' or '-' (it names a "
                        + "file), was '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * Adds arguments for the child's {@code main}. They are on the command line, visible to {@code ps} and
         * quoted in error messages: nothing secret (use {@link #env}).
         *
         * @param args the arguments
         * @return this builder
         * @throws NullPointerException if {@code args} or one of them is null
         */
        public Builder args(String... args) {
            return args(List.of(args));
        }

        /**
         * Adds arguments for the child's {@code main}; see {@link #args(String...)}.
         *
         * @param args the arguments
         * @return this builder
         * @throws NullPointerException if {@code args} or one of them is null
         */
        public Builder args(List<String> args) {
            this.args.addAll(List.copyOf(args));
            return this;
        }

        /**
         * Sets an environment variable of the child (added to the inherited environment). The place for connection
         * strings and keys: the environment is neither on the command line nor in this class's messages.
         *
         * @param variable the variable's name
         * @param value its value
         * @return this builder
         * @throws NullPointerException if an argument is null
         */
        public Builder env(String variable, String value) {
            env.put(Objects.requireNonNull(variable, "'variable' must not be null"),
                    Objects.requireNonNull(value, "'value' must not be null"));
            return this;
        }

        /**
         * Adds options for the child JVM, such as {@code -Xmx128m} or
         * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=debug}. By default the child runs with
         * {@code -XX:TieredStopAtLevel=1 -Xshare:auto}, which start faster.
         *
         * @param options the options
         * @return this builder
         * @throws NullPointerException if {@code options} or one of them is null
         */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /**
         * Where the output file goes; {@code target/child-jvms} (relative to the working directory, the module's
         * directory under Maven) by default. Created if missing.
         *
         * @param directory the directory
         * @return this builder
         * @throws NullPointerException if {@code directory} is null
         */
        public Builder outputDirectory(Path directory) {
            this.outputDirectory = Objects.requireNonNull(directory, "'directory' must not be null");
            return this;
        }

        /**
         * Starts the child. It runs until its {@code main} ends, it is killed, or {@link ChildJvm#close()}.
         *
         * @return the running child
         * @throws UncheckedIOException if the output directory cannot be created or the process cannot be started
         */
        public ChildJvm start() {
            String childName = name != null ? name : mainClass.getSimpleName();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            // The class path goes in the environment, not on the command line: with the SDK's default transport it
            // is longer than what /proc and some platforms keep of a command line.
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            command.add(mainClass.getName());
            command.addAll(args);
            Path outputFile = outputDirectory.resolve(childName + ".log");
            try {
                Files.createDirectories(outputDirectory);
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(outputFile.toFile());
                builder.environment().put("CLASSPATH", classPath);
                builder.environment().putAll(env);
                Process process = builder.start();
                LIVE.add(process);
                return new ChildJvm(childName, mainClass.getName(), process, outputFile);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start child JVM '" + childName + "' running "
                        + mainClass.getName() + " with arguments " + args + " (output to " + outputFile + ")", e);
            }
        }
    }
}
