package io.github.azkit.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A test's child JVM: runs a main class of the test class path in a process of its own, with its output (stdout
 * and stderr together) in a file, so a test can start several, wait for them with a timeout and show what they
 * printed when one fails. Secrets go in {@code env}, never in {@code args}: the command line is visible to
 * {@code ps}. A child should exit by itself after a while in case its parent dies without killing it.
 *
 * <p>Generic on purpose (nothing here knows about logs), so that other modules' tests can copy it.
 *
 * <p>Not thread-safe: one test thread drives a child.
 */
final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path output;
    private final String mainClass;
    private final OutputStream stdin;

    private ChildJvm(String name, Process process, Path output, String mainClass) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.mainClass = mainClass;
        this.stdin = process.getOutputStream();
    }

    /**
     * Starts {@code mainClass} in a new JVM, run by the same {@code java} executable as this one, with this JVM's
     * test class path.
     *
     * @param name a short name for messages (for example {@code writer-2})
     * @param mainClass a class with a {@code public static void main(String[])} on the test class path
     * @param args its arguments; nothing secret
     * @param env variables added to the inherited environment (connection strings go here)
     * @param jvmOptions options for the child JVM, such as {@code -Xmx128m}
     * @param outputDir where to write {@code <name>.log}, the child's output
     * @return the running child
     * @throws UncheckedIOException if the process cannot be started
     */
    static ChildJvm start(String name, Class<?> mainClass, List<String> args, Map<String, String> env,
            List<String> jvmOptions, Path outputDir) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(mainClass.getName());
        command.addAll(args);
        try {
            Files.createDirectories(outputDir);
            Path output = outputDir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(env);
            return new ChildJvm(name, builder.start(), output, mainClass.getName());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start child JVM '" + name + "' running "
                    + mainClass.getName(), e);
        }
    }

    /** The {@code java} running this JVM, or the one under {@code java.home} if the OS does not tell. */
    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Writes one line to the child's standard input.
     *
     * @param line the line, without a line break
     * @throws UncheckedIOException if the child's input is closed (it exited)
     */
    void send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to child JVM '" + name + "' (exited? output: "
                    + output + ")", e);
        }
    }

    /**
     * Waits until the child has printed a line starting with {@code prefix}, polling its output file.
     *
     * @param prefix the start of the line to wait for
     * @param timeout how long to wait
     * @return the first such line
     * @throws IllegalStateException if the child exits first or the timeout passes (the message holds its output)
     * @throws InterruptedException if interrupted while waiting
     */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : outputLines()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("child JVM '" + name + "' exited with " + process.exitValue()
                        + " before printing '" + prefix + "'; its output:\n" + output());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("child JVM '" + name + "' did not print '" + prefix + "' within "
                        + timeout + "; its output:\n" + output());
            }
            Thread.sleep(20); // a real process: nothing to inject a clock into
        }
    }

    /**
     * Waits for the child to exit; kills it (and its descendants) if it does not exit in time.
     *
     * @param timeout how long to wait
     * @return the exit code
     * @throws IllegalStateException if the child did not exit in time (it is killed; the message holds its output)
     * @throws InterruptedException if interrupted while waiting
     */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            kill();
            throw new IllegalStateException("child JVM '" + name + "' did not exit within " + timeout
                    + " and was killed; its output:\n" + output());
        }
        return process.exitValue();
    }

    /**
     * Everything the child has printed so far.
     *
     * @return the output, or a note if it cannot be read
     */
    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output " + output + " unreadable: " + e + ")";
        }
    }

    /**
     * The child's output, line by line.
     *
     * @return the lines printed so far
     */
    List<String> outputLines() {
        return output().lines().toList();
    }

    /**
     * The child's short name.
     *
     * @return the name given to {@link #start}
     */
    String name() {
        return name;
    }

    /**
     * The file the child's output goes to.
     *
     * @return the path
     */
    Path outputFile() {
        return output;
    }

    /** Kills the child and its descendants (SIGKILL) and waits up to 10 s for it to go. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "ChildJvm[" + name + ", pid " + process.pid() + ", " + mainClass + "]";
    }
}
