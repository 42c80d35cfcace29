package io.github.azkit.logging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How entries are stored: each entry is one UTF-8 line ending in {@code \n}; a backslash, carriage return or line
 * feed inside an entry is written as {@code \\}, {@code \r} or {@code \n}, so any string round-trips and every
 * block holds whole lines. Stateless and thread-safe.
 */
final class LineCodec {

    private LineCodec() {
    }

    static String escape(String entry) {
        if (entry.indexOf('\\') < 0 && entry.indexOf('\n') < 0 && entry.indexOf('\r') < 0) {
            return entry;
        }
        StringBuilder out = new StringBuilder(entry.length() + 8);
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String line) {
        if (line.indexOf('\\') < 0) {
            return line;
        }
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The size in bytes of {@link #line(String)} of an entry, computed without encoding it. */
    static long encodedLength(String entry) {
        long bytes = 1;
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (c == '\\' || c == '\n' || c == '\r') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < entry.length()
                    && Character.isLowSurrogate(entry.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1; // a lone surrogate is encoded as '?'
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Checks that one entry fits in a block. */
    static void checkFits(String entry, int maxBlockBytes) {
        java.util.Objects.requireNonNull(entry, "'entry' must not be null");
        long length = encodedLength(entry);
        if (length > maxBlockBytes) {
            throw new IllegalArgumentException("an entry of " + length + " encoded bytes exceeds the block size of "
                    + maxBlockBytes + " bytes: shorten the entry or raise 'maxBlockBytes'");
        }
    }

    /** One encoded line, with its terminating line feed. */
    static byte[] line(String entry) {
        return (escape(entry) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Packs entries, in order, into as few blocks of at most {@code maxBlockBytes} as a greedy fill gives.
     *
     * @throws IllegalArgumentException if one encoded entry alone is larger than {@code maxBlockBytes}
     */
    static List<byte[]> pack(List<String> entries, int maxBlockBytes) {
        List<byte[]> blocks = new ArrayList<>(1);
        ByteArrayOutputStream block = new ByteArrayOutputStream(Math.min(maxBlockBytes, 64 * 1024));
        for (String entry : entries) {
            byte[] line = line(Objects.requireNonNull(entry, "an entry must not be null"));
            if (line.length > maxBlockBytes) {
                throw new IllegalArgumentException("an entry of " + line.length + " encoded bytes exceeds the block "
                        + "size of " + maxBlockBytes + " bytes: shorten the entry or raise 'maxBlockBytes'");
            }
            if (block.size() + line.length > maxBlockBytes) {
                blocks.add(block.toByteArray());
                block.reset();
            }
            block.writeBytes(line);
        }
        if (block.size() > 0) {
            blocks.add(block.toByteArray());
        }
        return blocks;
    }

    /** Splits the text of whole blocks into entries. */
    static void split(String text, List<String> into) {
        int from = 0;
        while (from < text.length()) {
            int end = text.indexOf('\n', from);
            if (end < 0) {
                end = text.length();
            }
            into.add(unescape(text.substring(from, end)));
            from = end + 1;
        }
    }
}
