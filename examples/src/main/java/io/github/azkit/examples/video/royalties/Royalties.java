package io.github.azkit.examples.video.royalties;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.storage.blob.BlobContainerClient;
import io.github.azkit.examples.video.library.VideoLibrary;
import io.github.azkit.examples.video.CsvCells;
import io.github.azkit.logging.CsvLog;
import io.github.azkit.storage.ConditionalBlobWrites;
import io.github.azkit.table.Comparison;
import io.github.azkit.table.TableFilter;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The quarterly royalties report: minutes watched per video per instructor, from the {@code VideoStats} rows of
 * one quarter, written once as {@code royalties-<quarter>.csv} (If-None-Match: *, so a job replayed after a crash,
 * or by a second instance, never writes it twice). Thread-safe.
 */
public final class Royalties {

    /** The report's columns. */
    public static final CsvLog REPORT = CsvLog.withColumns("instructor", "video", "minutes");

    private final TableClient stats;
    private final BlobContainerClient reports;
    private final Supplier<Optional<VideoLibrary>> library;

    /**
     * Creates the report maker.
     *
     * @param stats the {@code VideoStats} table
     * @param reports the container for reports (created if missing)
     * @param library the current library (to map videos to instructors)
     */
    public Royalties(TableClient stats, BlobContainerClient reports, Supplier<Optional<VideoLibrary>> library) {
        this.stats = stats;
        this.reports = reports;
        this.library = library;
        reports.createIfNotExists();
    }

    /**
     * Makes the report of a quarter unless it exists.
     *
     * @param quarter such as {@code 2026-Q3}
     * @return whether this call wrote it
     */
    public boolean produce(String quarter) {
        if (report(quarter).isPresent()) {
            return false;
        }
        VideoLibrary current = library.get().orElseThrow(() -> new IllegalStateException(
                "the video library is not loaded; the royalties job will retry"));
        Map<String, Long> minutesByKey = new TreeMap<>();
        String filter = TableFilter.where("RowKey", Comparison.EQUAL, quarter).toString();
        for (TableEntity row : stats.listEntities(new ListEntitiesOptions().setFilter(filter), null, null)) {
            String instructor = current.video(row.getPartitionKey()).map(VideoLibrary.Video::instructorId)
                    .orElse("(unknown)");
            minutesByKey.merge(instructor + "\u0000" + row.getPartitionKey(),
                    ((Number) row.getProperty("Minutes")).longValue(), Long::sum);
        }
        StringBuilder csv = new StringBuilder(REPORT.header()).append('\n');
        minutesByKey.forEach((key, minutes) -> {
            String[] parts = key.split("\u0000");
            csv.append(REPORT.format(CsvCells.safe(parts[0]), CsvCells.safe(parts[1]), minutes)).append('\n');
        });
        return ConditionalBlobWrites.uploadIfAbsent(reports.getBlobClient(name(quarter)),
                BinaryData.fromString(csv.toString())).isPresent();
    }

    /**
     * A quarter's report, if made.
     *
     * @param quarter such as {@code 2026-Q3}
     * @return the CSV text, or empty
     */
    public Optional<String> report(String quarter) {
        com.azure.storage.blob.BlobClient blob = reports.getBlobClient(name(quarter));
        return blob.exists() ? Optional.of(blob.downloadContent().toString()) : Optional.empty();
    }

    private static String name(String quarter) {
        if (!quarter.matches("\\d{4}-Q[1-4]")) {
            throw new io.github.azkit.examples.video.ServiceException(400,
                    "A quarter looks like 2026-Q3, was '" + quarter + "'.");
        }
        return "royalties-" + quarter + ".csv";
    }
}
