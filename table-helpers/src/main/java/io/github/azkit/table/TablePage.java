package io.github.azkit.table;

import com.azure.data.tables.models.TableEntity;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a {@link TableScan}: the entities the service returned in one response and the continuation token
 * that resumes the scan right after them.
 *
 * <p>A page may be empty yet carry a token (the service stops a query at partition boundaries and time limits);
 * the scan keeps going until a page has no token.
 *
 * <p>Immutable and thread-safe (the entities themselves are the SDK's mutable objects: do not share them).
 *
 * @param entities the entities of this page, in the service's order (possibly empty)
 * @param continuationToken the token that resumes the scan after this page, or {@code null} if this is the last
 *     page; pass it to {@link TableScan.Builder#continuationToken(String)} to resume after a crash
 */
public record TablePage(List<TableEntity> entities, @Nullable String continuationToken) {

    /**
     * Creates a page.
     *
     * @param entities the entities (copied)
     * @param continuationToken the token after this page, or {@code null} at the end
     */
    public TablePage {
        entities = List.copyOf(entities);
    }

    /**
     * Whether this is the last page of the scan.
     *
     * @return {@code true} if there is no continuation token
     */
    public boolean isLast() {
        return continuationToken == null;
    }
}
