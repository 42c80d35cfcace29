package io.github.azkit.examples.video;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies short texts (seat links, session tokens) with HMAC-SHA256 and a secret that every instance
 * shares: the secret lives in a blob, created once with If-None-Match so that two instances starting together agree.
 * Thread-safe.
 */
public final class Signer {

    private final byte[] secret;

    private Signer(byte[] secret) {
        this.secret = secret.clone();
    }

    /**
     * Loads the shared secret from {@code blob}, creating a random one if there is none yet.
     *
     * @param blob where the secret lives (a private container)
     * @return the signer
     */
    public static Signer shared(BlobClient blob) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(fresh))
                    .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")), null, null);
            return new Signer(fresh);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 409 && e.getStatusCode() != 412) {
                throw e;
            }
            return new Signer(blob.downloadContent().toBytes()); // another instance created it first
        }
    }

    /**
     * Signs a payload: returns {@code base64url(payload) + "." + base64url(hmac)}.
     *
     * @param payload the text to sign
     * @return the token
     */
    public String sign(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return b64.encodeToString(bytes) + "." + b64.encodeToString(mac(bytes));
    }

    /**
     * Verifies a token made by {@link #sign}.
     *
     * @param token the token, possibly tampered with
     * @return the payload, or empty if the token is malformed or its signature does not match
     */
    public Optional<String> verify(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] payload = b64.decode(token.substring(0, dot));
            byte[] signature = b64.decode(token.substring(dot + 1));
            return MessageDigest.isEqual(mac(payload), signature)
                    ? Optional.of(new String(payload, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
