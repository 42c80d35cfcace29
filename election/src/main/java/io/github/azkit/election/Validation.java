package io.github.azkit.election;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Argument checks shared by the builders of this package. */
final class Validation {

    private Validation() {
    }

    /**
     * A lease duration of 15 to 60 whole seconds, as the service allows.
     *
     * @param hint what to add to the message (how to fix it), or an empty string
     */
    static Duration leaseDuration(Duration duration, String hint) {
        Objects.requireNonNull(duration, "'leaseDuration' must not be null");
        if (duration.compareTo(Duration.ofSeconds(15)) < 0 || duration.compareTo(Duration.ofSeconds(60)) > 0
                || duration.getNano() != 0) {
            throw new IllegalArgumentException("'leaseDuration' must be between 15 and 60 seconds, was "
                    + seconds(duration) + " (whole seconds" + hint + ")");
        }
        return duration;
    }

    static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, "'" + name + "' must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("'" + name + "' must be positive, was " + seconds(value) + " seconds");
        }
        return value;
    }

    /**
     * The names of the missing settings, from pairs of name and value: {@code "'a', 'c'"}.
     */
    static String missing(@Nullable Object... namesAndValues) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                names.add("'" + namesAndValues[i] + "'");
            }
        }
        return String.join(", ", names);
    }

    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
