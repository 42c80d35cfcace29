package io.github.azkit.benchmarks.service;

import static io.github.azkit.benchmarks.service.TransactionSplit.KINDS;

import io.github.azkit.storage.TransactionCounts;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Each request's exact storage transactions, one request at a time, the logs flushed after each (as if a second
 * passed between them, so that no two transcript lines share a flush: the real-time cost of a ping). Prints them as
 * a Markdown table. Not thread-safe: one calibration at a time, with no other load.
 */
final class Calibration {

    private final LoadTarget target;
    private ServiceClient.Reply lastReply;
    private long errors;

    Calibration(LoadTarget target) {
        this.target = target;
    }

    /**
     * Measures pings, library and dashboard requests of up to 20 of {@code users}, and prints the table.
     *
     * @return per request (the table's first column), its transactions as priced
     * @throws IllegalStateException if the blob counter saw more than the service's counter
     */
    Map<String, StorageCost.PerRequest> calibrate(List<LoadUser> users) {
        ServiceClient api = target.api();
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        int samples = Math.min(20, users.size());
        for (int i = 0; i < samples; i++) {
            LoadUser user = users.get(i);
            // Pings 30 s apart in 3-minute chunks: one in six writes.
            for (int p = 0; p < StorageCost.CHUNK_SECONDS / LoadUser.PING_INTERVAL_SECONDS; p++) {
                Map.Entry<String, Integer> next = user.nextPing(target.videos());
                long[] spent = exact(() -> api.post("/api/watch/" + next.getKey() + "/progress", user.cookie,
                        Map.of("offset", next.getValue())));
                String key = lastReply.json().path("wrote").asBoolean() ? "progress ping that writes"
                        : "progress ping that writes nothing";
                add(sums, counts, key, spent);
            }
            for (String path : List.of("/api/library", "/api/library?author=jeffrey-richter&q=tables",
                    "/api/library/videos/" + target.videos().get(i % target.videos().size()).id())) {
                add(sums, counts, "library: GET " + path.replaceAll("/videos/.*", "/videos/{id}"),
                        exact(() -> api.get(path, user.cookie)));
            }
            for (String path : Workloads.DASHBOARD) {
                add(sums, counts, "dashboard: GET " + path, exact(() -> api.get(path, user.cookie)));
            }
        }
        System.out.println();
        System.out.println("Exact transactions per request, one request at a time, logs flushed after each ("
                + samples + " users):");
        System.out.println();
        System.out.println("| request | samples | table transactions | blob reads | blob writes | by kind |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        Map<String, StorageCost.PerRequest> result = new LinkedHashMap<>();
        sums.forEach((key, sum) -> {
            int n = counts.get(key);
            int half = KINDS.length;
            long table = 0;
            StringBuilder kinds = new StringBuilder();
            long[] blob = new long[half];
            for (int k = 0; k < half; k++) {
                table += sum[k];
                blob[k] = sum[half + k];
                if (sum[k] != 0) {
                    kinds.append(String.format(Locale.ROOT, "table %s %.2f; ", KINDS[k].name().toLowerCase(Locale.ROOT),
                            sum[k] / (double) n));
                }
                if (blob[k] != 0) {
                    kinds.append(String.format(Locale.ROOT, "blob %s %.2f; ", KINDS[k].name().toLowerCase(Locale.ROOT),
                            blob[k] / (double) n));
                }
            }
            if (sum[2 * half] != 0) {
                kinds.append(String.format(Locale.ROOT, "of which failed (404, 409, 412) %.2f; ", sum[2 * half] / (double) n));
            }
            StorageCost.PerRequest each = new StorageCost.PerRequest(table / (double) n,
                    TransactionSplit.blobWrites(blob) / (double) n, TransactionSplit.blobReads(blob) / (double) n);
            result.put(key, each);
            System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %s |%n", key, n, each.table(),
                    each.blobReads(), each.blobWrites(), kinds.toString().replaceAll("; $", ""));
        });
        return result;
    }

    /** Requests of the calibration that did not answer 2xx (each printed as it happened). */
    long errors() {
        return errors;
    }

    /** The transactions of one request and the log flush after it: table by kind, then blob by kind, then failed. */
    private long[] exact(Supplier<ServiceClient.Reply> request) {
        target.service().logs().flush();
        TransactionCounts before = target.counter().snapshot();
        long[] blobBefore = target.blobs().snapshot();
        lastReply = request.get();
        if (!lastReply.ok()) {
            errors++;
            System.out.println("ERROR in calibration: HTTP " + lastReply.status() + " "
                    + new String(lastReply.body(), StandardCharsets.UTF_8));
        }
        if (lastReply.json().path("wrote").asBoolean()) {
            target.chunkLogged();
        }
        target.service().logs().flush();
        TransactionCounts spent = target.counter().snapshot().minus(before);
        long[] blob = target.blobs().snapshot();
        for (int k = 0; k < blob.length; k++) {
            blob[k] -= blobBefore[k];
        }
        TransactionSplit.check("calibration", spent, blob);
        long[] result = new long[KINDS.length * 2 + 1];
        result[KINDS.length * 2] = spent.failed();
        for (int k = 0; k < KINDS.length; k++) {
            long b = blob[k];
            result[k] = spent.get(KINDS[k]) - b;
            result[KINDS.length + k] = b;
        }
        return result;
    }

    private static void add(Map<String, long[]> sums, Map<String, Integer> counts, String key, long[] spent) {
        long[] sum = sums.computeIfAbsent(key, k -> new long[spent.length]);
        for (int i = 0; i < spent.length; i++) {
            sum[i] += spent[i];
        }
        counts.merge(key, 1, Integer::sum);
    }
}
