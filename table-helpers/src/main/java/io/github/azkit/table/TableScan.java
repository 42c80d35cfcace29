package io.github.azkit.table;

import com.azure.core.http.rest.PagedResponse;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.core.util.Context;
import io.github.azkit.storage.Ticker;
import io.github.azkit.table.internal.Checks;
import io.github.azkit.table.internal.Deadline;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A query over one table, read page by page, that can resume from a continuation token after a crash.
 *
 * <p>The page size is sent as {@code $top} ({@code ListEntitiesOptions.setTop}); the SDK's
 * {@code iterableByPage(n)} ignores {@code n}. Each {@link TablePage} carries the token that resumes the scan
 * right after it: process a page, save its token, and after a crash build the same scan with
 * {@link Builder#continuationToken(String)} to go on with the next page. Empty pages that carry a token are
 * followed, never taken for the end, and nothing is skipped: the scan ends only on a page without a token.
 *
 * <pre>{@code
 * TableScan scan = TableScan.builder().tableClient(table).pageSize(1000).continuationToken(savedToken).build();
 * for (TablePage page : scan.pages()) {
 *     process(page.entities());
 *     save(page.continuationToken());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; each iterator of {@link #pages()} and each {@link #stream()} runs the query anew,
 * lazily, one request per page; an iterator or stream is for one thread. Storage errors propagate as {@code TableServiceException}.
 */
public final class TableScan {

    /** The service's largest page. */
    public static final int MAX_PAGE_SIZE = 1000;

    private final TableClient table;
    private final @Nullable String filter;
    private final @Nullable List<String> select;
    private final int pageSize;
    private final @Nullable String continuationToken;
    private final Ticker ticker;

    private TableScan(Builder builder) {
        this.ticker = builder.ticker;
        this.table = Objects.requireNonNull(builder.table, "'tableClient' must be set");
        this.filter = builder.filter;
        this.select = builder.select;
        this.pageSize = builder.pageSize;
        this.continuationToken = builder.continuationToken;
    }

    /**
     * A new builder.
     *
     * @return a builder with page size {@value #MAX_PAGE_SIZE}, no filter and no token
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The pages of the scan, fetched lazily, one request each, with no timeout and no context.
     *
     * @return an iterable whose iterators each run the query from the configured token
     */
    public Iterable<TablePage> pages() {
        return pages(null, Context.NONE);
    }

    /**
     * The pages of the scan, fetched lazily, one request each. Each iterator runs the query anew from the
     * configured token, and must finish within {@code timeout} from its creation: each page's request gets the time
     * left, and no page is requested after it.
     *
     * @param timeout the bound on one iteration of the whole scan, or null for none
     * @param context passed to every request
     * @return an iterable whose iterators each run the query from the configured token
     * @throws NullPointerException if {@code context} is null
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Iterable<TablePage> pages(@Nullable Duration timeout, Context context) {
        Checks.timeout(timeout);
        Checks.notNull(context, "context");
        return () -> {
            Deadline deadline = Deadline.after(timeout, ticker);
            return new Iterator<>() {
                private @Nullable String token = continuationToken;
                private boolean done;

                @Override
                public boolean hasNext() {
                    return !done;
                }

                @Override
                public TablePage next() {
                    if (done) {
                        throw new NoSuchElementException();
                    }
                    PagedResponse<TableEntity> response = fetch(token, deadline, context);
                    token = response.getContinuationToken();
                    if (token == null) {
                        done = true;
                    }
                    return new TablePage(response.getValue(), token);
                }
            };
        };
    }

    /** One page: a query of its own from {@code token}, so that each request gets the time left. */
    private PagedResponse<TableEntity> fetch(@Nullable String token, Deadline deadline, Context context) {
        ListEntitiesOptions options = new ListEntitiesOptions().setTop(pageSize);
        if (filter != null) {
            options.setFilter(filter);
        }
        if (select != null) {
            options.setSelect(select);
        }
        var paged = table.listEntities(options, deadline.remaining(), context);
        Iterator<PagedResponse<TableEntity>> pages = token == null ? paged.iterableByPage().iterator()
                : paged.iterableByPage(token).iterator();
        return pages.next();
    }

    /**
     * The entities of the scan, page after page, fetched lazily.
     *
     * @return a sequential stream of every entity the query matches after the configured token
     */
    public Stream<TableEntity> stream() {
        return stream(null, Context.NONE);
    }

    /**
     * The entities of the scan, page after page, fetched lazily, all within {@code timeout} from this call.
     *
     * @param timeout the bound on the whole scan, or null for none
     * @param context passed to every request
     * @return a sequential stream of every entity the query matches after the configured token
     * @throws NullPointerException if {@code context} is null
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Stream<TableEntity> stream(@Nullable Duration timeout, Context context) {
        Stream<TablePage> pages = StreamSupport.stream(Spliterators.spliteratorUnknownSize(
                pages(timeout, context).iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
        return pages.flatMap(page -> page.entities().stream());
    }

    /**
     * Builds a {@link TableScan}. Mutable and not thread-safe.
     */
    public static final class Builder {
        private @Nullable TableClient table;
        private @Nullable String filter;
        private @Nullable List<String> select;
        private int pageSize = MAX_PAGE_SIZE;
        private @Nullable String continuationToken;
        private Ticker ticker = Ticker.systemTicker();

        private Builder() {
        }

        /**
         * The monotonic time source that measures the timeouts of {@link TableScan#pages(Duration, Context)}.
         *
         * @param ticker the ticker; {@link Ticker#systemTicker()} by default
         * @return this builder
         * @throws NullPointerException if {@code ticker} is null
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.notNull(ticker, "ticker");
            return this;
        }

        /**
         * The table to scan.
         *
         * @param tableClient the SDK client of the table
         * @return this builder
         * @throws NullPointerException if the client is null
         */
        public Builder tableClient(TableClient tableClient) {
            this.table = Objects.requireNonNull(tableClient, "tableClient");
            return this;
        }

        /**
         * Only entities matching this filter.
         *
         * @param filter the filter, or {@code null} for every entity
         * @return this builder
         */
        public Builder filter(@Nullable TableFilter filter) {
            this.filter = filter == null ? null : filter.toString();
            return this;
        }

        /**
         * Only these properties (plus the keys, the timestamp and the ETag, which the service always returns).
         *
         * @param properties the property names, or {@code null} for all properties
         * @return this builder
         * @throws IllegalArgumentException if a name is not a valid property name
         */
        public Builder select(@Nullable List<String> properties) {
            if (properties != null) {
                properties.forEach(TableFilter::checkPropertyName);
                this.select = List.copyOf(properties);
            } else {
                this.select = null;
            }
            return this;
        }

        /**
         * The most entities per page (one request each).
         *
         * @param pageSize between 1 and {@value TableScan#MAX_PAGE_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if the size is out of range
         */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("'pageSize' must be between 1 and " + MAX_PAGE_SIZE + ", was "
                        + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /**
         * Resumes after the page that returned this token (see {@link TablePage#continuationToken()}).
         *
         * @param continuationToken a token from an earlier scan with the same table, filter and selection, or
         *     {@code null} to start at the beginning
         * @return this builder
         */
        public Builder continuationToken(@Nullable String continuationToken) {
            this.continuationToken = continuationToken;
            return this;
        }

        /**
         * Builds the scan.
         *
         * @return the scan
         * @throws NullPointerException if no table client was set
         */
        public TableScan build() {
            return new TableScan(this);
        }
    }
}
