package io.github.azkit.benchmarks.service;

import io.github.azkit.examples.video.library.VideoLibrary;
import io.github.azkit.examples.video.logs.ServiceLogs;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The monthly storage cost for 10,000 active users, as a Markdown table: transactions from the calibration's exact
 * per-request figures and the {@link #MODEL usage model}, capacity from the run's {@link Footprint}, prices from
 * {@link StorageCost}. Pure printing; thread-safe.
 */
final class CostReport {

    /** The cost model's usage: 10,000 active users, each of whom watches 10 hours a month, with 30 dashboard views
     *  and 60 library requests. */
    static final StorageCost.UsageModel MODEL = new StorageCost.UsageModel(10_000, 10, LoadUser.PING_INTERVAL_SECONDS,
            30, 60, ServiceLogs.TRANSCRIPT_FLUSH_INTERVAL.toSeconds());
    /** Service instances in production, each polling the library blob every 5 minutes. */
    static final int INSTANCES = 2;
    /** Months of transcripts kept (ServiceLogs keeps 24 monthly transcripts). */
    static final int RETENTION_MONTHS = 24;

    private CostReport() {
    }

    /**
     * Prints the cost table.
     *
     * @param exact the calibration's figures, by request
     * @param footprint the storage the run left
     * @param videos the library's videos
     * @throws IllegalStateException if the calibration saw no ping of one kind
     */
    static void print(Map<String, StorageCost.PerRequest> exact, Footprint footprint, List<VideoLibrary.Video> videos) {
        StorageCost.UsageModel model = MODEL;
        StorageCost.PerRequest writes = exact.get("progress ping that writes");
        StorageCost.PerRequest nothing = exact.get("progress ping that writes nothing");
        if (writes == null || nothing == null) {
            throw new IllegalStateException("The calibration saw no ping of one kind: " + exact.keySet());
        }
        // Measured alone, a writing ping's transcript line is flushed by itself: 2 blob writes. In service, one
        // flush (still 2 writes) carries every line of the flush interval, so a line's share is 2 / lines per flush.
        writes = new StorageCost.PerRequest(writes.table(), writes.blobWrites() / model.transcriptLinesPerFlush(),
                writes.blobReads());
        StorageCost.PerRequest ping = nothing.mix(writes, model.writingShare());
        StorageCost.PerRequest view = new StorageCost.PerRequest(0, 0, 0);
        for (String path : Workloads.DASHBOARD) {
            StorageCost.PerRequest each = exact.get("dashboard: GET " + path);
            view = new StorageCost.PerRequest(view.table() + each.table(), view.blobWrites() + each.blobWrites(),
                    view.blobReads() + each.blobReads());
        }
        List<StorageCost.PerRequest> libraryRequests = exact.entrySet().stream()
                .filter(e -> e.getKey().startsWith("library:")).map(Map.Entry::getValue).toList();
        StorageCost.PerRequest browse = new StorageCost.PerRequest(
                libraryRequests.stream().mapToDouble(StorageCost.PerRequest::table).average().orElse(0),
                libraryRequests.stream().mapToDouble(StorageCost.PerRequest::blobWrites).average().orElse(0),
                libraryRequests.stream().mapToDouble(StorageCost.PerRequest::blobReads).average().orElse(0));
        // Background, by design: each instance polls the library blob every 5 minutes (one read when unchanged)
        // and the IP-to-country blob daily.
        double backgroundReads = INSTANCES * (30.0 * 24 * 12 + 30);
        StorageCost.PerRequest background = new StorageCost.PerRequest(0, 0, 1);

        double avgDuration = videos.stream().mapToInt(VideoLibrary.Video::durationSeconds).average().orElse(3600);
        double videosKept = Math.min(videos.size(), model.hoursWatched() * 3600 / avgDuration * RETENTION_MONTHS);
        double chunksKept = model.hoursWatched() * 3600 / StorageCost.CHUNK_SECONDS * RETENTION_MONTHS;
        double gib = 1024.0 * 1024 * 1024;
        double tableBytesPerUser = footprint.fixedTableBytes() / (double) footprint.users()
                + videosKept * footprint.watchedBytes() / Math.max(1, footprint.watchedRows());
        double blobBytesPerUser = footprint.fixedBlobBytes() / (double) footprint.users()
                + chunksKept * footprint.transcriptBytes() / Math.max(1, footprint.chunks());
        double tableGb = model.users() * tableBytesPerUser / gib;
        double blobGb = model.users() * blobBytesPerUser / gib;

        System.out.println();
        System.out.printf(Locale.ROOT, "Monthly storage cost for %,d active users: %.0f hours watched each, a progress"
                + " ping every %d s (%.0f%% of pings write), %.0f dashboard views and %.0f library requests each, %d"
                + " service instances, transcript lines flushed every %d s (%.1f lines a flush); prices per"
                + " StorageCost (USD, LRS, hot blobs).%n%n", model.users(),
                model.hoursWatched(), model.pingIntervalSeconds(), 100 * model.writingShare(), model.dashboardViews(),
                model.libraryRequests(), INSTANCES, model.transcriptFlushSeconds(), model.transcriptLinesPerFlush());
        System.out.println("| item | count per month | table transactions | blob reads | blob writes | USD per month |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        double total = 0;
        total += row("progress pings", model.pings(), ping);
        total += row("dashboard views (5 requests each)", model.users() * model.dashboardViews(), view);
        total += row("library requests", model.users() * model.libraryRequests(), browse);
        total += row("background: library polls by " + INSTANCES + " instances", backgroundReads, background);
        double tableCapacity = StorageCost.capacity(tableGb, 0);
        double blobCapacity = StorageCost.capacity(0, blobGb);
        System.out.printf(Locale.ROOT, "| table capacity: %.2f GiB (%,.0f bytes per user: user, account, "
                + "bookmarks, %.0f watched-video rows) | | | | | %.2f |%n", tableGb, tableBytesPerUser, videosKept,
                tableCapacity);
        System.out.printf(Locale.ROOT, "| blob capacity: %.2f GiB (%,.0f bytes per user: queue, logs, %d months of"
                + " transcript lines) | | | | | %.2f |%n", blobGb, blobBytesPerUser, RETENTION_MONTHS, blobCapacity);
        total += tableCapacity + blobCapacity;
        System.out.printf(Locale.ROOT, "| **total** | | | | | **%.2f** |%n", total);
        System.out.printf(Locale.ROOT, "%nPer user per month: $%.5f. Per ping: %.3f table transactions, %.3f blob"
                + " writes, %.3f blob reads.%n", total / model.users(), ping.table(), ping.blobWrites(),
                ping.blobReads());
    }

    private static double row(String item, double count, StorageCost.PerRequest each) {
        double dollars = StorageCost.transactions(count, each);
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %,.0f | %.2f |%n", item, count,
                count * each.table(), count * each.blobReads(), count * each.blobWrites(), dollars);
        return dollars;
    }
}
