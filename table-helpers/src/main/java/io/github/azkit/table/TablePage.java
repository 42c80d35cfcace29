package io.github.azkit.table;

import com.azure.data.tables.models.TableEntity;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One page of a {@link TableScan}: the entities the service returned in one response and the continuation token
 * that resumes the scan right after them.
 *
 * <p>A page may be empty yet carry a token (the service stops a query at partition boundaries and time limits);
 * the scan keeps going until a page has no token.
 *
 * <p>A result of {@link TableScan}; users do not create one. Immutable and thread-safe (the entities themselves are
 * the SDK's mutable objects: do not share them).
 */
public final class TablePage {

    private final List<TableEntity> entities;
    private final @Nullable String continuationToken;

    TablePage(List<TableEntity> entities, @Nullable String continuationToken) {
        this.entities = List.copyOf(entities);
        this.continuationToken = continuationToken;
    }

    /**
     * The entities of this page, in the service's order.
     *
     * @return the entities (unmodifiable, possibly empty)
     */
    public List<TableEntity> entities() {
        return entities;
    }

    /**
     * The token that resumes the scan after this page; pass it to
     * {@link TableScan.Builder#continuationToken(String)} to resume after a crash.
     *
     * @return the token, or {@code null} if this is the last page
     */
    public @Nullable String continuationToken() {
        return continuationToken;
    }


    /**
     * Whether this is the last page of the scan.
     *
     * @return {@code true} if there is no continuation token
     */
    public boolean isLast() {
        return continuationToken == null;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof TablePage o
                && Objects.equals(o.entities, entities)
                && Objects.equals(o.continuationToken, continuationToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entities, continuationToken);
    }

    @Override
    public String toString() {
        return "TablePage[" + "entities=" + entities + ", " + "continuationToken=" + continuationToken + "]";
    }
}
