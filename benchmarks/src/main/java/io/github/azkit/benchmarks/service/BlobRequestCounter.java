package io.github.azkit.benchmarks.service;

import io.github.azkit.storage.TransactionKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback TCP forwarder put in front of Azurite's blob endpoint that counts the HTTP requests passing through
 * it by {@link TransactionKind}, classified as {@code TransactionCounter} classifies them. The service's one
 * {@code TransactionCounter} counts blob and table requests together; this counter tells the blob ones apart, so
 * that table = counter - blobs, and each can be priced at its own rate.
 *
 * <p>A request is recognised by its request line ({@code METHOD /target HTTP/1.1}) ending a line of the
 * client-to-server stream (not necessarily starting it: a body without a final newline runs into the next request
 * line). Request bodies here are XML, JSON and CSV log lines, none of which contain such a line.
 * Thread-safe.
 */
final class BlobRequestCounter implements AutoCloseable {

    private static final TransactionKind[] KINDS = TransactionKind.values();
    private static final int MAX_LINE = 8192;
    private static final Pattern REQUEST_LINE =
            Pattern.compile("(GET|HEAD|PUT|POST|DELETE|PATCH|MERGE|OPTIONS) (/\\S*) HTTP/1\\.[01]\r$");

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicLongArray byKind = new AtomicLongArray(KINDS.length);
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "blob-counter");
        thread.setDaemon(true);
        return thread;
    });

    private BlobRequestCounter(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** Starts forwarding a free loopback port to {@code targetPort} on loopback. */
    static BlobRequestCounter start(int targetPort) throws IOException {
        return new BlobRequestCounter(targetPort);
    }

    /** The port to connect to instead of the target. */
    int port() {
        return server.getLocalPort();
    }

    /** The counts so far, indexed by {@link TransactionKind#ordinal()}. */
    long[] snapshot() {
        long[] counts = new long[KINDS.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = byKind.get(i);
        }
        return counts;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                threads.execute(() -> pump(client, target, true));
                threads.execute(() -> pump(target, client, false));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("blob counter: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean requests) {
        byte[] line = new byte[MAX_LINE];
        int length = 0;
        boolean overlong = false;
        byte[] buffer = new byte[65536];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (requests) {
                    for (int i = 0; i < n; i++) {
                        byte b = buffer[i];
                        if (b == '\n') {
                            if (!overlong) {
                                count(new String(line, 0, length, StandardCharsets.ISO_8859_1));
                            }
                            length = 0;
                            overlong = false;
                        } else if (length < MAX_LINE) {
                            line[length++] = b;
                        } else {
                            overlong = true;
                        }
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // The other side closed; nothing to count.
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException e) {
                // already closed
            }
            try {
                from.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private void count(String line) {
        TransactionKind kind = requestKind(line);
        if (kind != null) {
            byKind.incrementAndGet(kind.ordinal());
        }
    }

    /**
     * The kind of the request whose request line ends {@code line} (without its final newline), or null if the line
     * ends no request line. Not anchored at the line's start: a body without a final newline runs into the next
     * request line. Package-private for tests.
     */
    static TransactionKind requestKind(String line) {
        Matcher request = REQUEST_LINE.matcher(line);
        return request.find() ? classify(request.group(1), request.group(2)) : null;
    }

    /** Classifies one blob request as {@code TransactionCounter} does. Package-private for tests. */
    static TransactionKind classify(String method, String target) {
        int question = target.indexOf('?');
        String query = question < 0 ? "" : target.substring(question + 1).toLowerCase(Locale.ROOT);
        if (hasParameter(query, "comp", "batch")) {
            return TransactionKind.BATCH;
        }
        if (hasParameter(query, "comp", "lease")) {
            return TransactionKind.LEASE;
        }
        switch (method) {
            case "DELETE":
                return TransactionKind.DELETE;
            case "GET":
            case "HEAD":
                return hasParameter(query, "comp", "list") ? TransactionKind.LIST : TransactionKind.READ;
            case "PUT":
            case "POST":
            case "PATCH":
            case "MERGE":
                return TransactionKind.WRITE;
            default:
                return TransactionKind.OTHER;
        }
    }

    private static boolean hasParameter(String query, String name, String value) {
        for (String pair : query.split("&")) {
            if (pair.equals(name + "=" + value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
