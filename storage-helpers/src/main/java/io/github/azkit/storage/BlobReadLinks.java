package io.github.azkit.storage;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.sas.SasProtocol;
import io.github.azkit.storage.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Least-privilege, short-lived links that let anyone holding them read one blob with a plain HTTP GET (a video, a
 * download) and nothing else: a service SAS scoped to that blob ({@code sr=b}) with only the read permission, an
 * expiry at most {@link #MAX_LIFETIME} away, and HTTPS only when the account endpoint is HTTPS. A link cannot list,
 * write, delete, or read any other blob.
 *
 * <p>Signing needs either the account key (a {@link StorageSharedKeyCredential}, or a {@link BlobClient} built with
 * one, for example from a connection string) or a user delegation key obtained with Microsoft Entra ID
 * ({@code BlobServiceClient.getUserDelegationKey}), which avoids handing the account key to the service. Signing is
 * local: it costs no storage transaction. Never log a link: it is a bearer credential until it expires.
 *
 * <p>Stateless and thread-safe.
 */
public final class BlobReadLinks {

    /** The longest lifetime allowed: 7 days, also the longest a user delegation key lives. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(7);

    private BlobReadLinks() {
    }

    /**
     * A read link signed with the account key of the client itself.
     *
     * @param blob the blob; its client must have been built with an account key (a connection string with
     *     {@code AccountKey}, or a {@link StorageSharedKeyCredential})
     * @param lifetime how long the link works, from now; positive and at most {@link #MAX_LIFETIME}
     * @return the blob's URL with the SAS query string
     * @throws IllegalStateException if the client holds no account key
     * @throws IllegalArgumentException if {@code lifetime} is out of range
     * @throws NullPointerException if an argument is null
     */
    public static String create(BlobClient blob, Duration lifetime) {
        return create(blob, lifetime, Clock.systemUTC());
    }

    /** {@link #create(BlobClient, Duration)} with the expiry computed from {@code clock}; for tests. */
    static String create(BlobClient blob, Duration lifetime, Clock clock) {
        Checks.notNull(blob, "blob");
        StorageSharedKeyCredential key = StorageSharedKeyCredential.getSharedKeyCredentialFromPipeline(
                blob.getHttpPipeline());
        if (key == null) {
            throw new IllegalStateException("the BlobClient for " + blob.getBlobName() + " holds no account key, so"
                    + " it cannot sign a SAS: build it from a connection string with AccountKey or a"
                    + " StorageSharedKeyCredential, or pass a StorageSharedKeyCredential or UserDelegationKey");
        }
        return create(blob, key, lifetime, clock);
    }

    /**
     * A read link signed with an account key given separately from the client.
     *
     * @param blob the blob (its own credential, if any, is not used)
     * @param key the storage account's name and key
     * @param lifetime how long the link works, from now; positive and at most {@link #MAX_LIFETIME}
     * @return the blob's URL with the SAS query string
     * @throws IllegalArgumentException if {@code lifetime} is out of range, or if {@code key} is for another account
     * @throws NullPointerException if an argument is null
     */
    public static String create(BlobClient blob, StorageSharedKeyCredential key, Duration lifetime) {
        return create(blob, key, lifetime, Clock.systemUTC());
    }

    /** {@link #create(BlobClient, StorageSharedKeyCredential, Duration)} with the expiry from {@code clock}. */
    static String create(BlobClient blob, StorageSharedKeyCredential key, Duration lifetime, Clock clock) {
        Checks.notNull(blob, "blob");
        Checks.notNull(key, "key");
        BlobServiceSasSignatureValues values = values(blob, lifetime, clock);
        if (!key.getAccountName().equals(blob.getAccountName())) {
            throw new IllegalArgumentException("'key' is for account " + key.getAccountName() + " but the blob is in "
                    + blob.getAccountName() + "; pass that account's key");
        }
        BlobClient signer = new BlobClientBuilder().endpoint(blob.getBlobUrl()).credential(key).buildClient();
        return blob.getBlobUrl() + "?" + signer.generateSas(values);
    }

    /**
     * A read link signed with a user delegation key (no account key involved).
     *
     * @param blob the blob
     * @param key a user delegation key from {@code BlobServiceClient.getUserDelegationKey}; it must not expire
     *     before the link does
     * @param lifetime how long the link works, from now; positive and at most {@link #MAX_LIFETIME}
     * @return the blob's URL with the SAS query string
     * @throws IllegalArgumentException if {@code lifetime} is out of range or the key expires before the link
     * @throws NullPointerException if an argument is null
     */
    public static String create(BlobClient blob, UserDelegationKey key, Duration lifetime) {
        return create(blob, key, lifetime, Clock.systemUTC());
    }

    /** {@link #create(BlobClient, UserDelegationKey, Duration)} with the expiry from {@code clock}; for tests. */
    static String create(BlobClient blob, UserDelegationKey key, Duration lifetime, Clock clock) {
        Checks.notNull(blob, "blob");
        Checks.notNull(key, "key");
        BlobServiceSasSignatureValues values = values(blob, lifetime, clock);
        if (key.getSignedExpiry() != null && key.getSignedExpiry().isBefore(values.getExpiryTime())) {
            throw new IllegalArgumentException("the user delegation key expires at " + key.getSignedExpiry()
                    + ", before the link would (" + values.getExpiryTime()
                    + "): get a key that lasts longer or shorten 'lifetime'");
        }
        return blob.getBlobUrl() + "?" + blob.generateUserDelegationSas(values, key);
    }

    private static BlobServiceSasSignatureValues values(BlobClient blob, Duration lifetime, Clock clock) {
        Checks.notNull(lifetime, "lifetime");
        Checks.notNull(clock, "clock");
        if (lifetime.isZero() || lifetime.isNegative() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("'lifetime' must be positive and at most " + MAX_LIFETIME + " (7 days),"
                    + " was " + lifetime + "; short-lived links limit the harm of a leaked one");
        }
        OffsetDateTime expiry = OffsetDateTime.ofInstant(clock.instant().plus(lifetime), ZoneOffset.UTC);
        boolean https = blob.getBlobUrl().toLowerCase(Locale.ROOT).startsWith("https:");
        return new BlobServiceSasSignatureValues(expiry, new BlobSasPermission().setReadPermission(true))
                .setProtocol(https ? SasProtocol.HTTPS_ONLY : SasProtocol.HTTPS_HTTP);
    }
}
