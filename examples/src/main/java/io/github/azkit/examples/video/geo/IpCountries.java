package io.github.azkit.examples.video.geo;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP-to-country lookups in memory: the talk's IpToCountry CSV ({@code start,end,country} per line, IPv4 or IPv6,
 * inclusive), sorted once and searched by binary search. IPv4 addresses are mapped into the IPv6 space
 * ({@code ::ffff:a.b.c.d}) so one table holds both. Immutable and thread-safe.
 */
public final class IpCountries {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private static final BigInteger V4_MAPPED = BigInteger.valueOf(0xFFFFL).shiftLeft(32);

    private final BigInteger[] starts;
    private final BigInteger[] ends;
    private final String[] countries;

    private IpCountries(List<Object[]> ranges) {
        ranges.sort(Comparator.comparing(r -> (BigInteger) r[0]));
        starts = ranges.stream().map(r -> (BigInteger) r[0]).toArray(BigInteger[]::new);
        ends = ranges.stream().map(r -> (BigInteger) r[1]).toArray(BigInteger[]::new);
        countries = ranges.stream().map(r -> (String) r[2]).toArray(String[]::new);
    }

    /**
     * Parses the CSV. Lines starting with {@code #} and blank lines are skipped.
     *
     * @param csv the file's bytes, UTF-8
     * @return the table
     * @throws IllegalArgumentException naming the line of the first bad row
     */
    public static IpCountries parse(byte[] csv) {
        List<Object[]> ranges = new ArrayList<>();
        String[] lines = new String(csv, StandardCharsets.UTF_8).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",");
            if (fields.length != 3 || !fields[2].trim().matches("[A-Z]{2}")) {
                throw new IllegalArgumentException("line " + (i + 1) + " of the IP-to-country file must be"
                        + " 'start,end,CC', was '" + line + "'");
            }
            int lineNumber = i + 1;
            BigInteger start = number(fields[0].trim()).orElseThrow(() -> new IllegalArgumentException("line "
                    + lineNumber + ": '" + fields[0].trim() + "' is not an IPv4 or IPv6 address"));
            BigInteger end = number(fields[1].trim()).orElseThrow(() -> new IllegalArgumentException("line "
                    + lineNumber + ": '" + fields[1].trim() + "' is not an IPv4 or IPv6 address"));
            if (start.compareTo(end) > 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": start is after end: '" + line + "'");
            }
            ranges.add(new Object[] {start, end, fields[2].trim()});
        }
        return new IpCountries(ranges);
    }

    /**
     * The country of an address.
     *
     * @param address an IPv4 or IPv6 literal (host names are not looked up)
     * @return the two-letter country code, or empty if the address is malformed or in no range
     */
    public Optional<String> country(String address) {
        Optional<BigInteger> number = number(address);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        int index = Arrays.binarySearch(starts, number.get());
        int candidate = index >= 0 ? index : -index - 2;
        if (candidate >= 0 && number.get().compareTo(ends[candidate]) <= 0) {
            return Optional.of(countries[candidate]);
        }
        return Optional.empty();
    }

    /**
     * How many ranges the table holds.
     *
     * @return the count
     */
    public int size() {
        return starts.length;
    }

    private static Optional<BigInteger> number(String literal) {
        if (literal == null || !LITERAL.matcher(literal).matches()
                || (!literal.contains(":") && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            return Optional.empty(); // never resolve a host name
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            BigInteger value = new BigInteger(1, bytes);
            return Optional.of(bytes.length == 4 ? V4_MAPPED.or(value) : value);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
