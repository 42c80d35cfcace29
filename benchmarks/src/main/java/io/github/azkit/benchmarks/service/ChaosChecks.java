package io.github.azkit.benchmarks.service;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import io.github.azkit.examples.video.accounts.Account;
import io.github.azkit.examples.video.accounts.Grants;
import io.github.azkit.examples.video.billing.SimulatedGateway;
import io.github.azkit.examples.video.http.VideoService;
import io.github.azkit.testing.Azurite;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The chaos run's checks, made after the chaos (faults off) by comparing storage, the gateway and the directory with
 * the run's own record of the answers ({@link ChaosLedger}, the chunks each {@link ChaosPerson}'s pings claimed, the
 * pings that answered {@code wrote: true}). Each check is a row of a Markdown table: the check, pass or
 * <b>FAIL</b>, what was measured. Not thread-safe: run once the load has stopped.
 */
final class ChaosChecks {

    private ChaosChecks() {
    }

    /** Runs every check and returns its rows: check, "pass" or "**FAIL**", measured. */
    static List<String[]> run(Azurite azurite, VideoService service, SimulatedGateway gateway, ChaosLedger ledger,
            ChaosSetUp setUp, long wrote) {
        TableServiceClient tables = new TableServiceClientBuilder().connectionString(azurite.connectionString())
                .buildClient();
        TableClient watchedTable = tables.getTableClient("WatchedVideos");
        TableClient statsTable = tables.getTableClient("VideoStats");
        Map<String, Long> stored = new HashMap<>();
        long badMinutes = 0;
        Map<String, Long> minutesByVideo = new HashMap<>();
        for (TableEntity e : watchedTable.listEntities()) {
            long chunks = ((Number) e.getProperty("Chunks")).longValue();
            stored.put(e.getPartitionKey() + "/" + e.getRowKey(), chunks);
            if (((Number) e.getProperty("Minutes")).longValue() != 3L * Long.bitCount(chunks)) {
                badMinutes++;
            }
            minutesByVideo.merge(e.getRowKey(), 3L * Long.bitCount(chunks), Long::sum);
        }
        Map<String, Long> claimed = new HashMap<>();
        for (ChaosPerson p : setUp.people()) {
            p.claimed.forEach((video, mask) -> claimed.put(p.userId + "/" + video, mask));
        }
        long rowsDiffering = 0;
        for (String key : union(claimed.keySet(), stored.keySet())) {
            if (!claimed.getOrDefault(key, 0L).equals(stored.getOrDefault(key, 0L))) {
                rowsDiffering++;
            }
        }
        Map<String, Long> statMinutes = new HashMap<>();
        statsTable.listEntities().forEach(e -> statMinutes.merge(e.getPartitionKey(),
                ((Number) e.getProperty("Minutes")).longValue(), Long::sum));
        long videosDiffering = 0;
        long minutesMissing = 0;
        long minutesExtra = 0;
        for (String video : union(minutesByVideo.keySet(), statMinutes.keySet())) {
            long expected = minutesByVideo.getOrDefault(video, 0L);
            long actual = statMinutes.getOrDefault(video, 0L);
            if (expected != actual) {
                videosDiffering++;
                minutesMissing += Math.max(0, expected - actual);
                minutesExtra += Math.max(0, actual - expected);
            }
        }
        long chunksStored = stored.values().stream().mapToLong(Long::bitCount).sum();
        Map<String, Long> charges = new HashMap<>();
        gateway.charges().forEach(key -> charges.merge(key.substring(0, key.lastIndexOf('/')), 1L, Long::sum));
        String month = YearMonth.now(Clock.systemUTC()).toString();
        long doubleCharges = charges.values().stream().filter(c -> c > 1).count();
        List<String> cardAccounts = setUp.cardAccounts();
        long accountsUncharged = cardAccounts.stream().filter(id -> !charges.containsKey(id + "/" + month)).count();
        int seatCount = setUp.seatCount();
        Account corpAfter = service.directory().account(setUp.corp()).orElseThrow();
        List<String> granted = new ArrayList<>();
        for (String after = ""; after != null; ) {
            Grants.GranteePage page = service.directory().grants().page(setUp.corp(), after, Grants.MAX_PAGE);
            granted.addAll(page.emails());
            after = page.next();
        }
        long duplicateSeats = granted.size() - granted.stream().distinct().count();
        long unknown = ledger.unknown();

        List<String[]> rows = new ArrayList<>();
        rows.add(row("every failed request answered 503 with a sentence", ledger.wrong() == 0,
                ledger.unavailable() + " \"not done, try again\", " + unknown + " \"may or may not\", "
                        + ledger.wrong() + " other" + (ledger.wrong() == 0 ? "" : " " + ledger.wrongSamples())));
        rows.add(row("watched rows hold exactly the chunks their pings claimed", rowsDiffering == 0,
                claimed.size() + " rows, " + rowsDiffering + " differ"));
        rows.add(row("watched rows: 3 minutes per chunk", badMinutes == 0, badMinutes + " rows wrong"));
        rows.add(row("VideoStats minutes = 3 x chunks stored, per video", videosDiffering == 0 || minutesExtra == 0
                && minutesMissing <= 3 * unknown, videosDiffering + " videos differ (" + minutesMissing
                        + " minutes missing, " + minutesExtra + " extra; " + unknown + " outcomes unknown)"));
        rows.add(row("pings answered wrote=true = chunks stored (each credited once)", wrote == chunksStored
                || unknown > 0 && wrote <= chunksStored && chunksStored - wrote <= unknown,
                wrote + " vs " + chunksStored));
        rows.add(row("no account charged twice for the month", doubleCharges == 0,
                gateway.charges().size() + " charges, " + doubleCharges + " accounts charged twice"));
        rows.add(row("every card account charged once", accountsUncharged == 0, (cardAccounts.size()
                - accountsUncharged) + " of " + cardAccounts.size()));
        rows.add(row("no seat granted twice, every seat granted", duplicateSeats == 0
                && granted.size() == seatCount && corpAfter.grantCount() == seatCount, granted.size()
                        + " grantees (count " + corpAfter.grantCount() + ") of " + seatCount + " seats, "
                        + duplicateSeats + " duplicates"));
        return rows;
    }

    /** Prints {@code rows} as a Markdown table; returns whether every check passed. */
    static boolean print(List<String[]> rows) {
        System.out.println("| check | result | measured |");
        System.out.println("|---|---|---|");
        boolean ok = true;
        for (String[] r : rows) {
            System.out.println("| " + r[0] + " | " + r[1] + " | " + r[2] + " |");
            ok &= r[1].equals("pass");
        }
        return ok;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String[] row(String check, boolean pass, String measured) {
        return new String[] {check, pass ? "pass" : "**FAIL**", measured};
    }
}
