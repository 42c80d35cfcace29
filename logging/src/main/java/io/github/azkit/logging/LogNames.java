package io.github.azkit.logging;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Blob names of logs. A log id may hold any characters: every byte of its UTF-8 form other than ASCII letters,
 * digits, {@code -} and {@code _} is written as {@code %XX}, so an escaped id never holds {@code /} or {@code .}
 * and the prefix {@code <escaped id>/} of one id is never a prefix of another id's names. Thread-safe.
 */
final class LogNames {

    /** Azure's limit on the length of a blob name. */
    static final int MAX_BLOB_NAME = 1024;

    private LogNames() {
    }

    static String escape(String logId) {
        Objects.requireNonNull(logId, "'logId' must not be null");
        if (logId.isEmpty()) {
            throw new IllegalArgumentException("'logId' must not be empty");
        }
        StringBuilder out = new StringBuilder(logId.length() + 8);
        for (byte b : logId.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    /** Whether {@code name} could be an escaped log id: not empty, only letters, digits, '-', '_' and '%'. */
    static boolean isEscaped(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '%')) {
                return false;
            }
        }
        return true;
    }

    static String unescape(String escaped) {
        byte[] bytes = new byte[escaped.length()];
        int n = 0;
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '%' && i + 2 < escaped.length()) {
                bytes[n++] = (byte) Integer.parseInt(escaped.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    static String checkLength(String blobName, String logId) {
        if (blobName.length() > MAX_BLOB_NAME) {
            throw new IllegalArgumentException("the log id '" + logId + "' gives the blob name of " + blobName.length()
                    + " characters; Azure allows " + MAX_BLOB_NAME + ": use a shorter id (each character other than "
                    + "letters, digits, '-' and '_' takes 3 to 12 characters escaped)");
        }
        return blobName;
    }

    static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "'prefix' must not be null");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("'prefix' must be empty or end with '/', was '" + prefix + "'");
        }
        return prefix;
    }
}
