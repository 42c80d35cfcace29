package io.github.azkit.examples.video.accounts;

import com.azure.data.tables.models.TableEntity;
import io.github.azkit.examples.video.Json;
import java.util.List;

/**
 * A user of the {@code Users} table (PartitionKey = email, RowKey = ""). The {@code userId} is a GUID that never
 * changes, even when the email does: everything else about a user (history, bookmarks, queue) is keyed by it.
 *
 * @param email the login email, lower case
 * @param userId the stable id
 * @param name a display name
 * @param passwordHash the salted KDF hash
 * @param adminOf ids of the accounts this user administers
 * @param granteeOf ids of the accounts whose seats this user accepted
 * @param siteAdmin whether the user administers the whole site
 * @param sessionEpoch the user's session epoch: a session cookie is good only while it carries this number, so
 *     raising it (sign out, sign out everywhere, a password or email change) ends every earlier session at once;
 *     {@link Directory#updateUser} keeps the stored epoch whatever the change returns, and only
 *     {@link Directory#endSessions}, {@link Directory#changePassword} and {@link Directory#changeEmail} raise it
 */
public record User(String email, String userId, String name, String passwordHash, List<String> adminOf,
        List<String> granteeOf, boolean siteAdmin, long sessionEpoch) {

    /**
     * A user with session epoch 0, for a new user or for a change made through {@link Directory#updateUser}
     * (which keeps the stored epoch).
     *
     * @param email the login email, lower case
     * @param userId the stable id
     * @param name a display name
     * @param passwordHash the salted KDF hash
     * @param adminOf ids of the accounts this user administers
     * @param granteeOf ids of the accounts whose seats this user accepted
     * @param siteAdmin whether the user administers the whole site
     */
    public User(String email, String userId, String name, String passwordHash, List<String> adminOf,
            List<String> granteeOf, boolean siteAdmin) {
        this(email, userId, name, passwordHash, adminOf, granteeOf, siteAdmin, 0);
    }

    /**
     * This user with another session epoch.
     *
     * @param epoch the epoch
     * @return the copy
     */
    public User withSessionEpoch(long epoch) {
        return new User(email, userId, name, passwordHash, adminOf, granteeOf, siteAdmin, epoch);
    }

    /** The table name. */
    public static final String TABLE = "Users";

    /**
     * This user as a table entity.
     *
     * @return the entity
     */
    public TableEntity toEntity() {
        return new TableEntity(email, "")
                .addProperty("UserId", userId)
                .addProperty("Name", name)
                .addProperty("PasswordHash", passwordHash)
                .addProperty("AdminOf", Json.write(adminOf))
                .addProperty("GranteeOf", Json.write(granteeOf))
                .addProperty("SiteAdmin", siteAdmin)
                .addProperty("SessionEpoch", sessionEpoch);
    }

    /**
     * Reads a user entity.
     *
     * @param entity the entity
     * @return the user
     */
    public static User fromEntity(TableEntity entity) {
        return new User(entity.getPartitionKey(), String.valueOf(entity.getProperty("UserId")),
                String.valueOf(entity.getProperty("Name")), String.valueOf(entity.getProperty("PasswordHash")),
                Json.strings(entity.getProperty("AdminOf")), Json.strings(entity.getProperty("GranteeOf")),
                Boolean.TRUE.equals(entity.getProperty("SiteAdmin")),
                entity.getProperty("SessionEpoch") instanceof Number n ? n.longValue() : 0L);
    }
}
