package io.github.azkit.table;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A typed, always-escaped Azure Tables query filter ({@code $filter}).
 *
 * <p>Each comparison takes a Java value of one EDM type and writes the literal the service expects: strings are
 * quoted with embedded quotes doubled (so a value such as {@code O'Brien' or true} can never change the query),
 * {@code Int64} values carry the {@code L} suffix, doubles are written the same in every locale, date-times as
 * {@code datetime'...Z'} in UTC with 100 ns precision, GUIDs as {@code guid'...'} and binary as {@code X'hex'}.
 * Property names are validated. Combinations are fully parenthesised, so precedence never surprises.
 *
 * <p><b>Numbers name their EDM type.</b> The service compares a property only with a literal of the same EDM type:
 * an {@code Int64} property compared with the {@code Int32} literal {@code 30} matches nothing, silently, and so
 * does an {@code Int32} property compared with {@code 30L}. So there is no {@code where} for numbers, where Java's
 * overloading would pick the type from how the literal happened to be written ({@code 30} or {@code 30L}); the
 * method says the property's type: {@link #whereInt32}, {@link #whereInt64} (which takes {@code 30} and writes
 * {@code 30L}) and {@link #whereDouble}. {@code where(name, comparison, 30)} does not compile. Use the type the
 * property is stored as: {@code long} and {@code Long} values of the SDK and of {@link EntitySchema} are
 * {@code Int64}, {@code int} and {@code Integer} are {@code Int32}, {@code double} is {@code Double}.
 *
 * <pre>{@code
 * TableFilter filter = TableFilter.where("PartitionKey", Comparison.EQUAL, "jeff@example.com")
 *         .and(TableFilter.whereInt64("BytesWatched", Comparison.GREATER_THAN_OR_EQUAL, 30));
 * tableClient.listEntities(new ListEntitiesOptions().setFilter(filter.toString()), null, null);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TableFilter {

    private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String text;

    private TableFilter(String text) {
        this.text = text;
    }

    /**
     * Compares a {@code String} property.
     *
     * @param property the property name (letters, digits and underscores, not starting with a digit, at most
     *     255 characters)
     * @param comparison the operator
     * @param value the value; any characters, escaped as needed
     * @return the filter
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the property name is invalid
     */
    public static TableFilter where(String property, Comparison comparison, String value) {
        Objects.requireNonNull(value, "value");
        return compare(property, comparison, quote(value));
    }

    /**
     * Compares an {@code Int32} property (a Java {@code int} or {@code Integer} as the SDK writes it). The literal
     * has no suffix; it matches nothing in an {@code Int64} property (use {@link #whereInt64} for those).
     *
     * @param property the property name
     * @param comparison the operator
     * @param value the value
     * @return the filter
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the property name is invalid
     */
    public static TableFilter whereInt32(String property, Comparison comparison, int value) {
        return compare(property, comparison, Integer.toString(value));
    }

    /**
     * Compares an {@code Int64} property (a Java {@code long} or {@code Long} as the SDK writes it): the literal
     * carries the {@code L} suffix the service needs, whether the value is written {@code 30} or {@code 30L}.
     *
     * @param property the property name
     * @param comparison the operator
     * @param value the value
     * @return the filter
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the property name is invalid
     */
    public static TableFilter whereInt64(String property, Comparison comparison, long value) {
        return compare(property, comparison, value + "L");
    }

    /**
     * Compares a {@code Double} property; the literal is the same in every locale.
     *
     * @param property the property name
     * @param comparison the operator
     * @param value the value; must be finite
     * @return the filter
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the property name is invalid or the value is NaN or infinite
     */
    public static TableFilter whereDouble(String property, Comparison comparison, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("'value' must be a finite double (the filter language has no "
                    + "literal for it), was " + value);
        }
        // Double.toString does not depend on the default locale: "2.0", "1.0E20", "-3.5E-7".
        return compare(property, comparison, Double.toString(value));
    }

    /**
     * Compares a {@code Boolean} property.
     *
     * @param property the property name
     * @param comparison the operator
     * @param value the value
     * @return the filter
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the property name is invalid
     */
    public static TableFilter where(String property, Comparison comparison, boolean value) {
        return compare(property, comparison, Boolean.toString(value));
    }

    /**
     * Compares a {@code DateTime} property. The value is converted to UTC; the service keeps 100 ns precision.
     *
     * @param property the property name
     * @param comparison the operator
     * @param value the value
     * @return the filter
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the property name is invalid
     */
    public static TableFilter where(String property, Comparison comparison, OffsetDateTime value) {
        Objects.requireNonNull(value, "value");
        return compare(property, comparison, "datetime'" + formatDateTime(value) + "'");
    }

    /**
     * Compares a {@code Guid} property.
     *
     * @param property the property name
     * @param comparison the operator
     * @param value the value
     * @return the filter
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the property name is invalid
     */
    public static TableFilter where(String property, Comparison comparison, UUID value) {
        Objects.requireNonNull(value, "value");
        return compare(property, comparison, "guid'" + value + "'");
    }

    /**
     * Compares a {@code Binary} property.
     *
     * @param property the property name
     * @param comparison the operator
     * @param value the value (not copied; only read now)
     * @return the filter
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the property name is invalid
     */
    public static TableFilter where(String property, Comparison comparison, byte[] value) {
        Objects.requireNonNull(value, "value");
        StringBuilder hex = new StringBuilder(value.length * 2 + 3).append("X'");
        for (byte b : value) {
            hex.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        return compare(property, comparison, hex.append('\'').toString());
    }

    /**
     * Matches entities whose {@code String} property starts with {@code prefix}, as the range
     * {@code property ge 'prefix' and property lt 'prefiy'} (the last character incremented), which the service
     * answers from its index when the property is a key.
     *
     * @param property the property name
     * @param prefix the prefix; the empty prefix matches every entity that has the property
     * @return the filter
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the property name is invalid
     */
    public static TableFilter startsWith(String property, String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        TableFilter lower = where(property, Comparison.GREATER_THAN_OR_EQUAL, prefix);
        String upper = prefix;
        while (!upper.isEmpty() && upper.charAt(upper.length() - 1) == Character.MAX_VALUE) {
            upper = upper.substring(0, upper.length() - 1);
        }
        if (upper.isEmpty()) {
            return lower;
        }
        char last = upper.charAt(upper.length() - 1);
        upper = upper.substring(0, upper.length() - 1) + (char) (last + 1);
        return lower.and(where(property, Comparison.LESS_THAN, upper));
    }

    /**
     * Matches one partition: {@code PartitionKey eq 'partitionKey'}.
     *
     * @param partitionKey the partition key
     * @return the filter
     * @throws NullPointerException if the key is null
     */
    public static TableFilter partitionKey(String partitionKey) {
        return where("PartitionKey", Comparison.EQUAL, partitionKey);
    }

    /**
     * Negates a filter.
     *
     * @param filter the filter to negate
     * @return {@code not (filter)}
     * @throws NullPointerException if the filter is null
     */
    public static TableFilter not(TableFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return new TableFilter("not (" + filter.text + ")");
    }

    /**
     * Both this filter and another.
     *
     * @param other the other filter
     * @return {@code (this) and (other)}
     * @throws NullPointerException if the other filter is null
     */
    public TableFilter and(TableFilter other) {
        Objects.requireNonNull(other, "other");
        return new TableFilter("(" + text + ") and (" + other.text + ")");
    }

    /**
     * Either this filter or another.
     *
     * @param other the other filter
     * @return {@code (this) or (other)}
     * @throws NullPointerException if the other filter is null
     */
    public TableFilter or(TableFilter other) {
        Objects.requireNonNull(other, "other");
        return new TableFilter("(" + text + ") or (" + other.text + ")");
    }

    /**
     * The filter string, for {@code ListEntitiesOptions.setFilter}.
     *
     * @return the OData filter text
     */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof TableFilter other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /**
     * Checks a property name: letters, digits and underscores, not starting with a digit, 1 to 255 characters.
     *
     * @param property the name
     * @return the name
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if it is not a valid property name
     */
    static String checkPropertyName(String property) {
        Objects.requireNonNull(property, "property");
        if (!PROPERTY_NAME.matcher(property).matches()) {
            throw new IllegalArgumentException("'property' must be 1 to 255 letters, digits or underscores, not "
                    + "starting with a digit, was \"" + property + "\"");
        }
        return property;
    }

    private static TableFilter compare(String property, Comparison comparison, String literal) {
        checkPropertyName(property);
        Objects.requireNonNull(comparison, "comparison");
        return new TableFilter(property + " " + comparison.operator() + " " + literal);
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String formatDateTime(OffsetDateTime value) {
        OffsetDateTime utc = value.withOffsetSameInstant(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.%07dZ", utc.getYear(), utc.getMonthValue(),
                utc.getDayOfMonth(), utc.getHour(), utc.getMinute(), utc.getSecond(), utc.getNano() / 100);
    }
}
