package io.github.azkit.examples.video.accounts;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import io.github.azkit.examples.video.Json;
import io.github.azkit.examples.video.ServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An account's seats, one entity per grant, in the account's own partition of the {@code Accounts} table: the
 * account is RowKey {@code ""}, the grant to {@code email} is RowKey {@value #PREFIX}{@code email}. So an account
 * can hold 10,000 grants (and more) while its own entity stays small, and because the grant rows share the
 * account's partition, every change is one entity-group transaction with the account's {@code GrantCount}:
 *
 * <ul>
 *   <li><b>seat check</b> ({@link #check}): one query, {@code PartitionKey eq id and (RowKey eq '' or RowKey eq
 *       'g|email')}, returns the account and the grant, if any (the same one transaction the account's point read
 *       cost when the grantees were a property);</li>
 *   <li><b>grant</b>: the check, then one batch: Merge {@code GrantCount + 1} on the account If-Match its ETag,
 *       and Insert the grant row;</li>
 *   <li><b>revoke</b>: the check, then one batch: Merge {@code GrantCount - 1} If-Match, and Delete the grant row
 *       If-Match;</li>
 *   <li><b>listing</b> ({@link #page}): one range query per 1,000 grantees, in email order.</li>
 * </ul>
 *
 * <p>Under faults: a batch is all or nothing, and the grant row itself says whether it was applied, so a grant or
 * a revocation whose response was lost (the SDK re-sends it, which then fails with 409 or 412) is told by reading
 * again: the row is there (or gone), the call is done, and the count was changed exactly once. A concurrent
 * change of the same account fails the If-Match, and the step is read and tried again. The ambiguous case: a
 * request storage could not confirm at all throws {@code OutcomeUnknownException}; repeating the step is safe.
 *
 * <p>Accounts written before this layout keep their grantees in the JSON property {@code Grantees} (a single
 * string property, which Azure caps at 64 KiB, about 1,100 emails). They are read in both shapes (the seat check
 * accepts an email in the old list), and the first grant, revocation or email change on such an account moves the
 * old list to grant rows (upserts, 99 to a batch, safe to repeat), then sets {@code GrantCount} and empties
 * {@code Grantees} in one conditional write.
 *
 * <p>Thread-safe; any number of service instances may change the same account at once.
 */
public final class Grants {

    /** The RowKey prefix of a grant row. */
    public static final String PREFIX = "g|";

    /** The largest page {@link #page} returns. */
    public static final int MAX_PAGE = 1_000;

    private static final int ATTEMPTS = 20;

    /** How a failed batch names a failed condition (its response is the batch's, so the status does not tell). */
    private static final java.util.Set<TableErrorCode> CONDITIONS = java.util.Set.of(
            TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED, TableErrorCode.ENTITY_ALREADY_EXISTS,
            TableErrorCode.ENTITY_NOT_FOUND, TableErrorCode.RESOURCE_NOT_FOUND);

    private final TableClient accounts;

    /**
     * Creates the seat store over the {@code Accounts} table.
     *
     * @param accounts the {@code Accounts} table
     */
    public Grants(TableClient accounts) {
        this.accounts = accounts;
    }

    /**
     * What one seat check read: the account, and whether it grants the email (its standing not considered).
     *
     * @param account the account
     * @param granted whether a grant row for the email exists, or the email is in the account's old-shape list
     * @param entity the account's entity as read (ETag and all)
     * @param legacy the old-shape grantee list, empty once migrated
     */
    public record Seat(Account account, boolean granted, TableEntity entity, List<String> legacy) {

        /**
         * Whether the account pays for the email now: granted, and not suspended.
         *
         * @return whether the email may watch on this account
         */
        public boolean pays() {
            return granted && account.paysForGrantees();
        }
    }

    /**
     * Reads an account and one email's grant in one query.
     *
     * @param accountId the account id (already validated by the caller)
     * @param email a normalised email
     * @return the seat, or empty if there is no such account
     */
    public Optional<Seat> check(String accountId, String email) {
        String grantKey = PREFIX + email;
        String filter = "PartitionKey eq '" + quote(accountId) + "' and (RowKey eq '' or RowKey eq '"
                + quote(grantKey) + "')";
        TableEntity account = null;
        boolean granted = false;
        for (TableEntity entity : accounts.listEntities(new ListEntitiesOptions().setFilter(filter), null, null)) {
            if (entity.getRowKey().isEmpty()) {
                account = entity;
            } else if (entity.getRowKey().equals(grantKey)) {
                granted = true;
            }
        }
        if (account == null) {
            return Optional.empty();
        }
        List<String> legacy = legacyGrantees(account);
        return Optional.of(new Seat(Account.fromEntity(account), granted || legacy.contains(email), account, legacy));
    }

    /**
     * Grants {@code email} a seat of the account, unless it has one already (then nothing is written).
     *
     * @param accountId the account id
     * @param email a normalised email
     * @return the account after the grant
     * @throws ServiceException 404 if there is no account, 409 if all its seats are taken, 503 if the account is
     *     changed by others so often that 20 attempts did not get through
     */
    // @start region="guide-seat-limit"
    public Account grant(String accountId, String email) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Seat seat = seat(accountId, email);
            if (!seat.legacy().isEmpty()) {
                migrate(seat);
                continue;
            }
            if (seat.granted()) {
                return seat.account();
            }
            Account account = seat.account();
            if (account.grantCount() >= account.seats()) {
                throw new ServiceException(409, "All " + account.seats() + " seats of " + account.name()
                        + " are taken: revoke one, or buy more seats.");
            }
            List<TableTransactionAction> batch = List.of(
                    countAction(seat.entity(), account.grantCount() + 1),
                    new TableTransactionAction(TableTransactionActionType.CREATE, grantRow(accountId, email)));
            if (submit(batch)) {
                return account.withGrantCount(account.grantCount() + 1);
            }
        }
        throw busy(accountId);
    }
    // @end region="guide-seat-limit"

    /**
     * Revokes {@code email}'s seat of the account, if it has one (else nothing is written).
     *
     * @param accountId the account id
     * @param email a normalised email
     * @return the account after the revocation
     * @throws ServiceException 404 if there is no account, 503 as for {@link #grant}
     */
    public Account revoke(String accountId, String email) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Seat seat = seat(accountId, email);
            if (!seat.legacy().isEmpty()) {
                migrate(seat);
                continue;
            }
            if (!seat.granted()) {
                return seat.account();
            }
            Account account = seat.account();
            TableEntity row = new TableEntity(accountId, PREFIX + email);
            List<TableTransactionAction> batch = List.of(
                    countAction(seat.entity(), Math.max(0, account.grantCount() - 1)),
                    new TableTransactionAction(TableTransactionActionType.DELETE, row));
            if (submit(batch)) {
                return account.withGrantCount(Math.max(0, account.grantCount() - 1));
            }
        }
        throw busy(accountId);
    }

    /**
     * Moves a grant from one email to another (a user changed email), keeping the count right: one batch.
     *
     * @param accountId the account id
     * @param from the old email
     * @param to the new email
     * @throws ServiceException 404 if there is no account, 503 as for {@link #grant}
     */
    public void rename(String accountId, String from, String to) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Seat old = seat(accountId, from);
            if (!old.legacy().isEmpty()) {
                migrate(old);
                continue;
            }
            if (!old.granted()) {
                return;
            }
            boolean toHeld = seat(accountId, to).granted();
            List<TableTransactionAction> batch = new ArrayList<>();
            batch.add(countAction(old.entity(), toHeld ? Math.max(0, old.account().grantCount() - 1)
                    : old.account().grantCount()));
            batch.add(new TableTransactionAction(TableTransactionActionType.DELETE,
                    new TableEntity(accountId, PREFIX + from)));
            if (!toHeld) {
                batch.add(new TableTransactionAction(TableTransactionActionType.CREATE, grantRow(accountId, to)));
            }
            if (submit(batch)) {
                return;
            }
        }
        throw busy(accountId);
    }

    /**
     * One page of an account's grantees in email order: one range query (plus the old-shape list of an account
     * not migrated yet, which the account's entity holds).
     *
     * @param account the account
     * @param after the last email of the page before, or null/"" for the first page
     * @param size 1 to {@value #MAX_PAGE}
     * @return the emails, and the {@code after} of the next page (null on the last page)
     * @throws ServiceException 400 for a bad page size
     */
    public GranteePage page(String account, String after, int size) {
        if (size < 1 || size > MAX_PAGE) {
            throw new ServiceException(400, "A page of grantees holds 1 to 1000, not " + size + ".");
        }
        String from = PREFIX + (after == null ? "" : after);
        String filter = "PartitionKey eq '" + quote(account) + "' and RowKey gt '" + quote(from)
                + "' and RowKey lt '" + quote(PREFIX.substring(0, PREFIX.length() - 1)) + "}'";
        List<String> emails = new ArrayList<>();
        var pages = accounts.listEntities(new ListEntitiesOptions().setFilter(filter).setTop(size)
                .setSelect(List.of("RowKey")), null, null).iterableByPage().iterator();
        while (pages.hasNext() && emails.size() < size) {
            for (TableEntity entity : pages.next().getValue()) {
                if (emails.size() < size) {
                    emails.add(entity.getRowKey().substring(PREFIX.length()));
                }
            }
        }
        return new GranteePage(List.copyOf(emails), emails.size() == size ? emails.get(size - 1) : null);
    }

    /**
     * A page of grantees.
     *
     * @param emails the grantees' emails, in order
     * @param next the {@code after} of the next page, or null if this is the last
     */
    public record GranteePage(List<String> emails, String next) {
    }

    /**
     * The grantees of an account in the old shape (a JSON list in the {@code Grantees} property), or empty.
     *
     * @param account the account entity
     * @return the old list
     */
    static List<String> legacyGrantees(TableEntity account) {
        Object value = account.getProperty("Grantees");
        return value == null || value.toString().isBlank() ? List.of() : Json.strings(value);
    }

    /**
     * Moves an old-shape account's grantee list to grant rows: upserts (99 to a batch, so repeating is harmless),
     * then one conditional Merge sets {@code GrantCount} to the number of grant rows and empties {@code Grantees}.
     * A concurrent writer fails that Merge; the caller reads again and, if needed, migrates again.
     */
    private void migrate(Seat seat) {
        String id = seat.account().id();
        List<String> legacy = seat.legacy();
        for (int start = 0; start < legacy.size(); start += 99) {
            List<TableTransactionAction> batch = new ArrayList<>();
            for (String email : legacy.subList(start, Math.min(legacy.size(), start + 99))) {
                batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_MERGE, grantRow(id, email)));
            }
            accounts.submitTransaction(batch);
        }
        int rows = 0;
        String after = "";
        do {
            GranteePage page = page(id, after, MAX_PAGE);
            rows += page.emails().size();
            after = page.next();
        } while (after != null);
        TableEntity update = new TableEntity(id, "").addProperty("GrantCount", rows).addProperty("Grantees", "");
        update.getProperties().put("odata.etag", seat.entity().getETag());
        try {
            accounts.updateEntityWithResponse(update, com.azure.data.tables.models.TableEntityUpdateMode.MERGE,
                    true, null, null);
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() != 412) {
                throw e;
            }
        }
    }

    private Seat seat(String accountId, String email) {
        return check(accountId, email)
                .orElseThrow(() -> new ServiceException(404, "There is no account " + accountId + "."));
    }
    // @start region="guide-seat-limit"

    private static TableTransactionAction countAction(TableEntity account, int count) {
        TableEntity update = new TableEntity(account.getPartitionKey(), "").addProperty("GrantCount", count);
        update.getProperties().put("odata.etag", account.getETag());
        return new TableTransactionAction(TableTransactionActionType.UPDATE_MERGE, update, true);
    }
    // @end region="guide-seat-limit"

    private static TableEntity grantRow(String accountId, String email) {
        return new TableEntity(accountId, PREFIX + email).addProperty("Email", email);
    }

    /**
     * Submits a batch; false if it failed on a condition (the account's ETag changed, the grant row is already there
     * or already gone), which the caller settles by reading again.
     */
    private boolean submit(List<TableTransactionAction> batch) {
        try {
            accounts.submitTransaction(batch);
            return true;
        } catch (TableServiceException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
            TableErrorCode code = e.getValue() == null ? null : e.getValue().getErrorCode();
            if (status == 409 || status == 412 || status == 404 || CONDITIONS.contains(code)) {
                return false;
            }
            throw e;
        }
    }

    private static ServiceException busy(String accountId) {
        return new ServiceException(503, "The seats of account " + accountId + " are being changed by many"
                + " people at once: please try again in a moment.");
    }

    private static String quote(String value) {
        return value.replace("'", "''");
    }
}
