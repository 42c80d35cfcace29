package io.github.azkit.examples.video.accounts;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import io.github.azkit.examples.video.EntityStore;
import io.github.azkit.examples.video.ServiceException;
import io.github.azkit.storage.OptimisticUpdate;
import io.github.azkit.storage.UpdateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Users and accounts: the {@code Users} and {@code Accounts} tables. Every change is an ETag read-modify-write
 * through {@link OptimisticUpdate}, so concurrent instances never lose each other's updates, and a change that
 * changes nothing writes nothing. Thread-safe.
 *
 * <p>Under lost responses every change is applied exactly once ({@link OptimisticUpdate}'s record of recent writes),
 * and an insert (a registration, a new account) whose re-send by the SDK gets 409 is recognised as this call's own
 * by its new id, at the cost of one read on that 409 only. The ambiguous case: a change storage could not confirm
 * throws {@code OutcomeUnknownException}.
 */
public final class Directory {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s/\\\\#?]{1,64}@[^@\\s/\\\\#?]{1,190}\\.[^@\\s/\\\\#?]{2,63}");

    private final TableClient users;
    private final TableClient accounts;
    private final PasswordHasher hasher;
    private final Grants grants;

    /**
     * Creates the directory over existing tables.
     *
     * @param users the {@code Users} table
     * @param accounts the {@code Accounts} table
     * @param hasher the password hasher
     */
    public Directory(TableClient users, TableClient accounts, PasswordHasher hasher) {
        this.users = users;
        this.accounts = accounts;
        this.hasher = hasher;
        this.grants = new Grants(accounts);
    }

    /**
     * The accounts' seats, one entity per grant in each account's partition.
     *
     * @return the seat store over this directory's {@code Accounts} table
     */
    public Grants grants() {
        return grants;
    }

    /**
     * Reads an account and whether it grants {@code email} a seat, in one query (see {@link Grants#check}).
     *
     * @param accountId the account id
     * @param email the email
     * @return the seat, or empty if there is no such account
     */
    public Optional<Grants.Seat> seat(String accountId, String email) {
        if (accountId == null || accountId.isEmpty() || accountId.length() > 64
                || !accountId.matches("[0-9a-fA-F-]+")) {
            return Optional.empty();
        }
        return grants.check(accountId, email(email));
    }

    /**
     * Normalises and validates an email: lower case, one {@code @}, no characters a table key refuses.
     *
     * @param email what the person typed
     * @return the normalised email
     * @throws ServiceException 400 if it is not an email address
     */
    public static String email(String email) {
        String normalised = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(normalised).matches()) {
            throw new ServiceException(400, "'" + email + "' is not an email address we can use: it needs one @,"
                    + " a domain with a dot, and none of / \\ # ?");
        }
        return normalised;
    }

    /**
     * Registers a new user with a new stable id.
     *
     * @param email the login email
     * @param name a display name
     * @param password the password (at least 8 characters)
     * @return the user
     * @throws ServiceException 400 for a bad email, name or password; 409 if the email is already registered (not
     *     for the SDK's re-send of this call's own insert after a lost response: that is told by the user's id)
     */
    public User register(String email, String name, String password) {
        String address = email(email);
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new ServiceException(400, "A name of 1 to 100 characters is required.");
        }
        if (password == null || password.length() < 8 || password.length() > 200) {
            throw new ServiceException(400, "A password needs 8 to 200 characters.");
        }
        User user = new User(address, UUID.randomUUID().toString(), name.trim(), hasher.hash(password), List.of(),
                List.of(), false);
        try {
            users.createEntity(user.toEntity());
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 409) {
                // A 409 can answer the SDK's re-send of this very insert after its response was lost: the user
                // then holds this call's fresh id, and the registration succeeded (one read, only on a 409).
                if (user(address).map(User::userId).filter(user.userId()::equals).isPresent()) {
                    return user;
                }
                throw new ServiceException(409, address + " is already registered: sign in instead.");
            }
            throw e;
        }
        return user;
    }

    /**
     * Checks a login.
     *
     * @param email the email typed
     * @param password the password typed
     * @return the user, or empty if the email is unknown or the password wrong
     */
    public Optional<User> login(String email, String password) {
        Optional<User> user = user(email);
        if (user.isEmpty()) {
            // The same key derivation as for a wrong password: the time taken does not tell which emails exist.
            hasher.verifyNobody(password == null ? "" : password);
            return Optional.empty();
        }
        return user.filter(u -> hasher.verify(password == null ? "" : password, u.passwordHash()) && password != null);
    }

    /**
     * Ends every session of a user: raises the user's session epoch, so that every session cookie issued before
     * is refused (one read and one write).
     *
     * @param email the user's email
     * @param userId the user's id, which must match (a session of an earlier owner of the email ends nothing)
     * @return the user after the change, with the new epoch, or empty if no user with that id has the email
     */
    public Optional<User> endSessions(String email, String userId) {
        UpdateResult<TableEntity> result = OptimisticUpdate.update(EntityStore.of(users, email(email), ""),
                current -> {
                    if (current == null) {
                        return Optional.empty();
                    }
                    User user = User.fromEntity(current);
                    return user.userId().equals(userId)
                            ? Optional.of(user.withSessionEpoch(user.sessionEpoch() + 1).toEntity()) : Optional.empty();
                });
        return Optional.ofNullable(result.value()).map(User::fromEntity).filter(u -> u.userId().equals(userId));
    }

    /**
     * Changes a user's password, and ends every earlier session of the user.
     *
     * @param email the user's email
     * @param oldPassword the current password, to confirm
     * @param newPassword the new password (8 to 200 characters)
     * @return the user after the change, with a new session epoch
     * @throws ServiceException 400 for a bad new password, 401 for a wrong current one, 404 if not registered
     */
    public User changePassword(String email, String oldPassword, String newPassword) {
        if (newPassword == null || newPassword.length() < 8 || newPassword.length() > 200) {
            throw new ServiceException(400, "A password needs 8 to 200 characters.");
        }
        User user = user(email).orElseThrow(() -> new ServiceException(404, email + " is not registered."));
        if (oldPassword == null || !hasher.verify(oldPassword, user.passwordHash())) {
            throw new ServiceException(401, "The password is wrong.");
        }
        String hash = hasher.hash(newPassword);
        UpdateResult<TableEntity> result = OptimisticUpdate.update(EntityStore.of(users, user.email(), ""),
                current -> {
                    User now = current == null ? null : User.fromEntity(current);
                    if (now == null || !now.userId().equals(user.userId())) {
                        throw new ServiceException(409, "The account changed meanwhile: sign in again.");
                    }
                    if (now.passwordHash().equals(hash)) {
                        return Optional.empty(); // a replay of this very change
                    }
                    return Optional.of(new User(now.email(), now.userId(), now.name(), hash, now.adminOf(),
                            now.granteeOf(), now.siteAdmin(), now.sessionEpoch() + 1).toEntity());
                });
        return User.fromEntity(result.value());
    }

    /**
     * Looks a user up by email.
     *
     * @param email the email
     * @return the user, or empty if none
     */
    public Optional<User> user(String email) {
        return EntityStore.find(users, email(email), "").map(User::fromEntity);
    }

    /**
     * Changes a user by read-modify-write.
     *
     * @param email the user's email
     * @param change the change; empty means "no change" and writes nothing
     * @return the user after the change, or empty if there is no such user
     */
    public Optional<User> updateUser(String email, Function<User, Optional<User>> change) {
        UpdateResult<TableEntity> result = OptimisticUpdate.update(EntityStore.of(users, email(email), ""),
                current -> {
                    if (current == null) {
                        return Optional.empty();
                    }
                    User now = User.fromEntity(current);
                    // The session epoch is changed only by the methods that end sessions, never by a change here.
                    return change.apply(now).map(u -> u.withSessionEpoch(now.sessionEpoch()).toEntity());
                });
        return Optional.ofNullable(result.value()).map(User::fromEntity);
    }

    /**
     * Changes a user's login email. The user id, and so everything keyed by it (history, bookmarks, queue), stays.
     * There is no transaction across entities, so the steps run in an order that is safe to replay from any point:
     * (1) create the entity under the new email with the same user id (already there with the same id: go on);
     * (2) replace the old email by the new one in every account the user administers, and move the grant of every
     * account the user holds a seat of (one batch per account: the old grant row out, the new one in);
     * (3) delete the entity under the old email. A crash between steps leaves both emails able to sign in as the
     * same user id until the change is run again; never a lost user.
     *
     * @param oldEmail the current email
     * @param newEmail the new email
     * @param password the user's password, to confirm
     * @return the user under the new email, with a new session epoch (every earlier session ends)
     * @throws ServiceException 400 for a bad email, 401 for a wrong password, 409 if another user has the new email
     */
    public User changeEmail(String oldEmail, String newEmail, String password) {
        String from = email(oldEmail);
        String to = email(newEmail);
        User user = user(from).or(() -> user(to)).orElseThrow(() -> new ServiceException(404, from
                + " is not registered."));
        if (password == null || !hasher.verify(password, user.passwordHash())) {
            throw new ServiceException(401, "The password is wrong.");
        }
        if (from.equals(to)) {
            return user;
        }
        // The new email's row starts a new session epoch: every session of the old email ends.
        User moved = new User(to, user.userId(), user.name(), user.passwordHash(), user.adminOf(), user.granteeOf(),
                user.siteAdmin(), user.sessionEpoch() + 1);
        try {
            users.createEntity(moved.toEntity());
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() != 409) {
                throw e;
            }
            if (!user(to).map(User::userId).orElse("").equals(user.userId())) {
                throw new ServiceException(409, to + " belongs to another user.");
            }
        }
        java.util.Set<String> accountIds = new java.util.LinkedHashSet<>(user.adminOf());
        accountIds.addAll(user.granteeOf());
        for (String accountId : accountIds) {
            if (account(accountId).isPresent()) {
                updateAccount(accountId, a -> a.admins().contains(from)
                        ? Optional.of(a.withAdmins(replace(a.admins(), from, to))) : Optional.empty());
                grants.rename(accountId, from, to);
            }
        }
        user(from).filter(old -> old.userId().equals(user.userId())).ifPresent(old -> users.deleteEntity(from, ""));
        return user(to).orElseThrow();
    }

    private static List<String> replace(List<String> list, String from, String to) {
        List<String> copy = new ArrayList<>();
        for (String item : list) {
            String mapped = item.equals(from) ? to : item;
            if (!copy.contains(mapped)) {
                copy.add(mapped);
            }
        }
        return List.copyOf(copy);
    }

    /**
     * Creates an account administered by {@code adminEmail}, and records it in that user's {@code AdminOf}.
     *
     * @param name the account's name
     * @param adminEmail its first admin, who must be registered
     * @param seats how many seats it pays for (1 to 10,000)
     * @param payment how it pays
     * @return the account
     * @throws ServiceException 400 for a bad name or seat count, 404 if the admin is not registered
     */
    public Account createAccount(String name, String adminEmail, int seats, Payment payment) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new ServiceException(400, "An account name of 1 to 100 characters is required.");
        }
        if (seats < 1 || seats > 10_000) {
            throw new ServiceException(400, "Seats must be between 1 and 10,000, was " + seats + ".");
        }
        String admin = email(adminEmail);
        if (user(admin).isEmpty()) {
            throw new ServiceException(404, admin + " is not registered.");
        }
        Account account = new Account(UUID.randomUUID().toString(), name.trim(), List.of(admin), 0, seats,
                payment, Account.Standing.GOOD, "", null, "", "");
        try {
            accounts.createEntity(account.toEntity());
        } catch (TableServiceException e) {
            // The id is new, so a 409 can only answer the SDK's re-send of this insert after a lost response.
            if (e.getResponse().getStatusCode() != 409) {
                throw e;
            }
        }
        updateUser(admin, u -> u.adminOf().contains(account.id()) ? Optional.empty()
                : Optional.of(new User(u.email(), u.userId(), u.name(), u.passwordHash(), plus(u.adminOf(), account.id()),
                        u.granteeOf(), u.siteAdmin())));
        return account;
    }

    /**
     * Looks an account up.
     *
     * @param id the account id
     * @return the account, or empty if none
     */
    public Optional<Account> account(String id) {
        if (id == null || id.isEmpty() || id.length() > 64 || !id.matches("[0-9a-fA-F-]+")) {
            return Optional.empty();
        }
        return EntityStore.find(accounts, id, "").map(Account::fromEntity);
    }

    /**
     * Changes an account by read-modify-write.
     *
     * @param id the account id
     * @param change the change; empty means "no change" and writes nothing
     * @return the account after the change
     * @throws ServiceException 404 if there is no such account
     */
    // @start region="guide-update-account"
    public Account updateAccount(String id, Function<Account, Optional<Account>> change) {
        if (id == null || id.isEmpty() || id.length() > 64 || !id.matches("[0-9a-fA-F-]+")) {
            throw new ServiceException(404, "There is no account " + id + ".");
        }
        UpdateResult<TableEntity> result = OptimisticUpdate.update(EntityStore.of(accounts, id, ""), current -> {
            if (current == null) {
                throw new ServiceException(404, "There is no account " + id + ".");
            }
            return change.apply(Account.fromEntity(current)).map(Account::toEntity);
        });
        return Account.fromEntity(result.value());
    }
    // @end region="guide-update-account"

    /**
     * One page of all accounts, for the site admin: at most {@code pageSize} accounts, and the token that gets the
     * next page. The scan passes over the accounts' grant rows, which share the table, and returns only the
     * accounts: on Azure a page may then come back short or empty with a token (one list transaction each).
     *
     * @param pageSize 1 to 1,000
     * @param continuationToken the token of the page before, or null for the first page
     * @return the accounts of this page and the next page's token (null on the last page)
     * @throws ServiceException 400 for a bad page size or token
     */
    public AccountPage accounts(int pageSize, String continuationToken) {
        if (pageSize < 1 || pageSize > io.github.azkit.table.TableScan.MAX_PAGE_SIZE) {
            throw new ServiceException(400, "'pageSize' must be between 1 and 1000, was " + pageSize + ".");
        }
        java.util.Iterator<io.github.azkit.table.TablePage> pages;
        try {
            // The table also holds each account's grant rows (RowKey "g|email"): only the accounts (RowKey "").
            pages = io.github.azkit.table.TableScan.builder().tableClient(accounts).pageSize(pageSize)
                    .filter(io.github.azkit.table.TableFilter.where("RowKey", io.github.azkit.table.Comparison.EQUAL,
                            ""))
                    .continuationToken(continuationToken).build().pages().iterator();
        } catch (IllegalArgumentException e) {
            throw new ServiceException(400, "That page token is not valid: start from the first page.");
        }
        if (!pages.hasNext()) {
            return new AccountPage(List.of(), null);
        }
        io.github.azkit.table.TablePage page = pages.next();
        return new AccountPage(page.entities().stream().map(Account::fromEntity).toList(), page.continuationToken());
    }

    /**
     * A page of accounts.
     *
     * @param accounts the accounts
     * @param next the token of the next page, or null if this is the last
     */
    public record AccountPage(List<Account> accounts, String next) {
    }

    static List<String> plus(List<String> list, String item) {
        List<String> copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }

    static List<String> minus(List<String> list, String item) {
        List<String> copy = new ArrayList<>(list);
        copy.remove(item);
        return List.copyOf(copy);
    }
}
