package io.github.azkit.benchmarks.service;

/**
 * Azure list prices and the monthly-cost arithmetic of the video service's load benchmark. Pure; thread-safe
 * (immutable).
 *
 * <p>Prices: USD, pay-as-you-go, Standard general-purpose v2 account, LRS, East US. The official pages are
 * https://azure.microsoft.com/pricing/details/storage/tables/ and
 * https://azure.microsoft.com/pricing/details/storage/blobs/ ; they could not be read from the build machine, so the
 * figures are as quoted, with the date they were read from the Azure Retail Prices API or the pricing page, by
 * public write-ups found on 22 Nov 2026 (see examples/README.md, "Load and cost"). Where two sources differ, the
 * higher figure is used.
 */
final class StorageCost {

    /** Table storage, every transaction kind (read, write, query, batch, delete), per 10,000: $0.00036. */
    static final double TABLE_TRANSACTIONS_PER_10K = 0.00036;
    /** Table storage capacity, LRS, per GB-month: $0.045. */
    static final double TABLE_GB_MONTH = 0.045;
    /** Blob hot tier capacity, LRS, first 50 TB, per GB-month: $0.0208 (East US; $0.018 in an older quote). */
    static final double BLOB_HOT_GB_MONTH = 0.0208;
    /** Blob hot tier write, list and create-container operations, per 10,000: $0.055 ($0.05 in another quote). */
    static final double BLOB_WRITE_PER_10K = 0.055;
    /** Blob hot tier read and "all other" operations (lease, get properties), per 10,000: $0.0044. */
    static final double BLOB_READ_PER_10K = 0.0044;
    /** The seconds of video one bit of the watched mask covers ({@code Watching.CHUNK_SECONDS}). */
    static final int CHUNK_SECONDS = 180;

    private StorageCost() {
    }

    /**
     * Storage transactions one request costs, as priced: table transactions (all kinds cost the same), blob
     * write-priced ones (write, list, batch) and blob read-priced ones (read, lease, other; delete is free).
     *
     * @param table table transactions
     * @param blobWrites blob transactions at the write price
     * @param blobReads blob transactions at the read price
     */
    record PerRequest(double table, double blobWrites, double blobReads) {

        /** The mix {@code (1 - share) * this + share * other}. */
        PerRequest mix(PerRequest other, double share) {
            return new PerRequest(table * (1 - share) + other.table * share,
                    blobWrites * (1 - share) + other.blobWrites * share,
                    blobReads * (1 - share) + other.blobReads * share);
        }

        /** The price of one request, in USD. */
        double dollars() {
            return (table * TABLE_TRANSACTIONS_PER_10K + blobWrites * BLOB_WRITE_PER_10K
                    + blobReads * BLOB_READ_PER_10K) / 10_000;
        }
    }

    /**
     * How 10,000 (or any number of) active users use the service in a month.
     *
     * @param users active users
     * @param hoursWatched hours of video each watches per month
     * @param pingIntervalSeconds seconds between the player's progress pings
     * @param dashboardViews dashboard page views per user per month
     * @param libraryRequests library requests (list, filter, search, one video) per user per month
     * @param transcriptFlushSeconds how long the service holds transcript lines before one flush writes them all
     */
    record UsageModel(int users, double hoursWatched, int pingIntervalSeconds, double dashboardViews,
            double libraryRequests, long transcriptFlushSeconds) {

        UsageModel {
            if (users < 1) {
                throw new IllegalArgumentException("'users' must be at least 1, was " + users);
            }
            if (transcriptFlushSeconds < 1) {
                throw new IllegalArgumentException("'transcriptFlushSeconds' must be at least 1, was "
                        + transcriptFlushSeconds);
            }
            if (pingIntervalSeconds < 1) {
                throw new IllegalArgumentException("'pingIntervalSeconds' must be at least 1, was "
                        + pingIntervalSeconds);
            }
        }

        /** Progress pings per month, all users. */
        double pings() {
            return users * hoursWatched * 3600 / pingIntervalSeconds;
        }

        /**
         * The share of pings that write: the first ping in each 3-minute chunk, so interval / 180 while a ping
         * comes at least once per chunk (every ping writes when the interval is 3 minutes or longer).
         */
        double writingShare() {
            return Math.min(1.0, pingIntervalSeconds / (double) CHUNK_SECONDS);
        }

        /**
         * Transcript lines one flush carries for one person watching: a line per 3-minute chunk, so flush / 180 s
         * (at least 1). Members of one account who watch at the same time share flushes too; that is not counted,
         * so this is an upper bound on the flushes.
         */
        double transcriptLinesPerFlush() {
            return Math.max(1.0, transcriptFlushSeconds / (double) CHUNK_SECONDS);
        }
    }

    /** The transaction cost of {@code requests} requests each costing {@code each}, in USD. */
    static double transactions(double requests, PerRequest each) {
        return requests * each.dollars();
    }

    /** The capacity cost of a month, in USD. */
    static double capacity(double tableGb, double blobGb) {
        return tableGb * TABLE_GB_MONTH + blobGb * BLOB_HOT_GB_MONTH;
    }
}
