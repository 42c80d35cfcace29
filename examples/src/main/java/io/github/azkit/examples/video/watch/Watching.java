package io.github.azkit.examples.video.watch;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import io.github.azkit.examples.video.EntityStore;
import io.github.azkit.storage.OptimisticUpdate;
import io.github.azkit.storage.UpdateResult;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What users watched: the {@code WatchedVideos} table (PartitionKey = user id, RowKey = video id) with the offset
 * to continue from, the minutes watched, and a 64-bit mask of the 3-minute chunks seen; and the {@code VideoStats}
 * table (PartitionKey = video id, RowKey = quarter such as {@code 2026-Q4}) with minutes per video and quarter,
 * for the royalties.
 *
 * <p>Cost is the design: a progress ping every minute costs one read, and writes only when it sets a new chunk bit
 * (at most once per 3 minutes of video); pause and stop write the exact offset. Thread-safe.
 */
public final class Watching {

    /** Seconds per chunk of the mask. */
    public static final int CHUNK_SECONDS = 180;

    private final TableClient watched;
    private final TableClient stats;
    private final java.time.Clock clock;
    private final java.time.Duration minChunkInterval;
    private final java.util.Map<String, java.time.Instant> lastCredit = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Creates the store over existing tables, crediting chunks as fast as pings claim them.
     *
     * @param watched the {@code WatchedVideos} table
     * @param stats the {@code VideoStats} table
     * @param clock the clock that decides the quarter
     */
    public Watching(TableClient watched, TableClient stats, java.time.Clock clock) {
        this(watched, stats, clock, Double.POSITIVE_INFINITY);
    }

    /**
     * Creates the store over existing tables, crediting one user no faster than a player at {@code maxSpeed} could
     * play: a ping that would set a new chunk bit sooner than {@code 180 s / maxSpeed} (less 10%) after this
     * instance last credited that user is not written, so a client that claims offsets it did not play cannot
     * inflate minutes, transcripts or royalties. The memory is per instance and costs no storage; a client that
     * spreads its pings over N instances gets at most N times the rate.
     *
     * @param watched the {@code WatchedVideos} table
     * @param stats the {@code VideoStats} table
     * @param clock the clock that decides the quarter and the rate
     * @param maxSpeed the fastest playback speed credited, above 0 ({@code Double.POSITIVE_INFINITY} for no limit)
     * @throws IllegalArgumentException if {@code maxSpeed} is not above 0
     */
    public Watching(TableClient watched, TableClient stats, java.time.Clock clock, double maxSpeed) {
        if (!(maxSpeed > 0)) {
            throw new IllegalArgumentException("'maxSpeed' must be above 0 (1.0 is real time), was " + maxSpeed);
        }
        this.watched = watched;
        this.stats = stats;
        this.clock = clock;
        this.minChunkInterval = Double.isInfinite(maxSpeed) ? java.time.Duration.ZERO
                : java.time.Duration.ofMillis((long) (CHUNK_SECONDS * 1000 * 0.9 / maxSpeed));
    }

    /**
     * One video's record for one user.
     *
     * @param videoId the video
     * @param offsetSeconds where to continue
     * @param minutes minutes watched in all
     * @param chunks the mask of 3-minute chunks seen
     * @param lastWatched when the record last changed
     */
    public record Watched(String videoId, int offsetSeconds, int minutes, long chunks, OffsetDateTime lastWatched) {
    }

    /**
     * A progress ping from the player.
     *
     * @param userId the user
     * @param videoId the video
     * @param offsetSeconds the player's position
     * @return whether anything was written (false when the chunk was already seen)
     */
    public boolean progress(String userId, String videoId, int offsetSeconds) {
        long bit = 1L << Math.min(63, offsetSeconds / CHUNK_SECONDS);
        java.time.Instant now = clock.instant();
        java.time.Instant last = lastCredit.get(userId);
        boolean tooSoon = last != null && now.isBefore(last.plus(minChunkInterval));
        UpdateResult<TableEntity> result = OptimisticUpdate.update(EntityStore.of(watched, userId, videoId),
                current -> {
                    long chunks = current == null ? 0 : number(current, "Chunks");
                    if ((chunks & bit) != 0) {
                        return Optional.empty(); // "if the bit didn't change, don't write it back"
                    }
                    if (tooSoon) {
                        return Optional.empty(); // faster than any player plays: not credited
                    }
                    return Optional.of(new TableEntity(userId, videoId)
                            .addProperty("Offset", offsetSeconds)
                            .addProperty("Minutes", (int) (current == null ? 0 : number(current, "Minutes"))
                                    + CHUNK_SECONDS / 60)
                            .addProperty("Chunks", chunks | bit));
                });
        if (result.wrote()) {
            lastCredit.put(userId, now);
            String quarter = io.github.azkit.logging.LogPeriod.QUARTERLY.label(clock.instant());
            OptimisticUpdate.update(EntityStore.of(stats, videoId, quarter), current -> Optional.of(
                    new TableEntity(videoId, quarter).addProperty("Minutes",
                            (current == null ? 0 : number(current, "Minutes")) + CHUNK_SECONDS / 60)));
        }
        return result.wrote();
    }

    /**
     * Pause or stop: store the exact offset to continue from.
     *
     * @param userId the user
     * @param videoId the video
     * @param offsetSeconds the player's position
     */
    public void stop(String userId, String videoId, int offsetSeconds) {
        OptimisticUpdate.update(EntityStore.of(watched, userId, videoId), current -> {
            if (current != null && number(current, "Offset") == offsetSeconds) {
                return Optional.empty();
            }
            return Optional.of(new TableEntity(userId, videoId)
                    .addProperty("Offset", offsetSeconds)
                    .addProperty("Minutes", (int) (current == null ? 0 : number(current, "Minutes")))
                    .addProperty("Chunks", current == null ? 0L : number(current, "Chunks")));
        });
    }

    /**
     * The user's history, most recent first: one partition query.
     *
     * @param userId the user
     * @return every video the user watched
     */
    // @start region="guide-history-table"
    public List<Watched> history(String userId) {
        List<Watched> history = new ArrayList<>();
        String filter = io.github.azkit.table.TableFilter.partitionKey(userId).toString();
        for (TableEntity entity : watched.listEntities(new ListEntitiesOptions().setFilter(filter), null, null)) {
            history.add(new Watched(entity.getRowKey(), (int) number(entity, "Offset"), (int) number(entity, "Minutes"),
                    number(entity, "Chunks"), entity.getTimestamp()));
        }
        history.sort(Comparator.comparing(Watched::lastWatched).reversed());
        return history;
    }
    // @end region="guide-history-table"

    /**
     * Minutes watched of one video by everyone in one quarter (for the royalties).
     *
     * @param videoId the video
     * @param quarter the quarter, such as {@code 2026-Q4}
     * @return the minutes
     */
    public long minutes(String videoId, String quarter) {
        return EntityStore.find(stats, videoId, quarter).map(entity -> number(entity, "Minutes")).orElse(0L);
    }

    private static long number(TableEntity entity, String property) {
        Object value = entity.getProperty(property);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
