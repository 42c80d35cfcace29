package io.github.azkit.examples.video.accounts;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes, stored as {@code pbkdf2$iterations$salt$hash}. The iteration count is
 * stored with each hash, so raising it for new passwords keeps old ones verifiable. Thread-safe.
 */
public final class PasswordHasher {

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.atomic.AtomicLong derivations = new java.util.concurrent.atomic.AtomicLong();
    /** A hash of a random password that nobody knows, verified against when the email is unknown. */
    private final String decoy;

    /**
     * Creates a hasher.
     *
     * @param iterations PBKDF2 iterations for new hashes; at least 1,000 (tests use few, production many)
     */
    public PasswordHasher(int iterations) {
        if (iterations < 1_000) {
            throw new IllegalArgumentException("'iterations' must be at least 1,000, was " + iterations);
        }
        this.iterations = iterations;
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.decoy = hash(Base64.getEncoder().encodeToString(secret));
        derivations.set(0);
    }

    /**
     * Runs the same key derivation a {@link #verify} against a real hash of this hasher runs, and fails: for a login
     * whose email is unknown, so that its answer takes as long as a wrong password's and does not tell which emails
     * are registered.
     *
     * @param password the password typed
     * @return false
     */
    public boolean verifyNobody(String password) {
        verify(password, decoy);
        return false;
    }

    /** How many key derivations this hasher ran: for tests in this package. */
    long derivations() {
        return derivations.get();
    }

    /**
     * Hashes a password with a new random salt.
     *
     * @param password the password
     * @return the encoded hash
     */
    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations));
    }

    /**
     * Checks a password against an encoded hash in constant time.
     *
     * @param password the password typed
     * @param encoded the stored hash
     * @return whether they match
     */
    public boolean verify(String password, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2")) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1])));
    }

    private byte[] derive(String password, byte[] salt, int iterations) {
        derivations.incrementAndGet();
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }
}
