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
 *
 * <p><b>Under storage faults</b> each chunk's minutes reach VideoStats exactly once: both writes are
 * {@code OptimisticUpdate}s (exactly once under lost responses), and when storage fails between them (the chunk is
 * stored, its credit certainly not), this instance remembers the chunk, in memory, and the next ping of the video
 * credits it and answers {@code true}, so a repeated ping completes the request that failed. The ambiguous case: a
 * VideoStats write whose outcome is unknown ({@code OutcomeUnknownException}) is never retried, so it may be
 * missing; a credit left pending when the instance stops, or whose next ping goes to another instance, is missing
 * too. No case counts a chunk twice. No transaction is added on the happy path.
 */
public final class Watching {

    /** Seconds per chunk of the mask. */
    public static final int CHUNK_SECONDS = 180;

    private final TableClient watched;
    private final TableClient stats;
    private final java.time.Clock clock;
    private final java.time.Duration minChunkInterval;
    private final java.util.Map<String, java.time.Instant> lastCredit = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per user and video, a stored chunk whose VideoStats credit failed; the next ping of that video completes it. */
    private final java.util.Map<String, Uncredited> uncredited = new java.util.concurrent.ConcurrentHashMap<>();

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
     * @return whether a chunk's minutes were credited: this ping's new chunk, or the chunk of an earlier ping of this
     *     video that storage failed to credit (false when the chunk was already seen and credited)
     * @throws io.github.azkit.storage.OutcomeUnknownException if storage could not confirm a write
     * @throws com.azure.data.tables.models.TableServiceException if storage fails (then the chunk is stored and
     *     credited by the next ping, or not stored at all)
     */
    public boolean progress(String userId, String videoId, int offsetSeconds) {
        long bit = 1L << Math.min(63, offsetSeconds / CHUNK_SECONDS);
        java.time.Instant now = clock.instant();
        java.time.Instant last = lastCredit.get(userId);
        boolean tooSoon = last != null && now.isBefore(last.plus(minChunkInterval));
        String key = userId + "\n" + videoId;
        String quarter = io.github.azkit.logging.LogPeriod.QUARTERLY.label(clock.instant());
        UpdateResult<TableEntity> result;
        try {
            result = OptimisticUpdate.update(EntityStore.of(watched, userId, videoId), current -> {
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
        } catch (io.github.azkit.storage.OutcomeUnknownException e) {
            // The chunk may be stored; its minutes are certainly not in VideoStats yet. The next ping of this video
            // credits them if it finds the chunk stored.
            uncredited.putIfAbsent(key, new Uncredited(quarter, bit));
            throw e;
        }
        boolean credited = false;
        Uncredited earlier = uncredited.get(key);
        if (earlier != null && result.value() != null && (number(result.value(), "Chunks") & earlier.bit()) != 0
                && (!result.isWritten() || earlier.bit() != bit) && uncredited.remove(key, earlier)) {
            credit(key, videoId, earlier); // an earlier ping stored its chunk, and storage failed before its credit
            credited = true;
        }
        if (result.isWritten()) {
            lastCredit.put(userId, now);
            credit(key, videoId, new Uncredited(quarter, bit));
            credited = true;
        }
        return credited;
    }

    /**
     * Adds a chunk's minutes to VideoStats, remembering it as uncredited until the write is known to be applied: a
     * failure that certainly did not apply it leaves it for the next ping; one whose outcome is unknown forgets it
     * (never credit twice).
     */
    private void credit(String key, String videoId, Uncredited chunk) {
        uncredited.put(key, chunk);
        try {
            OptimisticUpdate.update(EntityStore.of(stats, videoId, chunk.quarter()), current -> Optional.of(
                    new TableEntity(videoId, chunk.quarter()).addProperty("Minutes",
                            (current == null ? 0 : number(current, "Minutes")) + CHUNK_SECONDS / 60)));
        } catch (io.github.azkit.storage.OutcomeUnknownException e) {
            uncredited.remove(key, chunk);
            throw e;
        }
        uncredited.remove(key, chunk);
    }

    /** A stored chunk whose minutes VideoStats may lack: its quarter and bit. */
    private record Uncredited(String quarter, long bit) {
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
