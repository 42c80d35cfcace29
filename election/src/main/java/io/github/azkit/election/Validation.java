package io.github.azkit.election;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the builders of this package. */
final class Validation {

    private Validation() {
    }

    static Duration leaseDuration(Duration duration) {
        Objects.requireNonNull(duration, "'leaseDuration' must not be null");
        if (duration.equals(AutoRenewingLease.INFINITE)) {
            return duration;
        }
        if (duration.compareTo(Duration.ofSeconds(15)) < 0 || duration.compareTo(Duration.ofSeconds(60)) > 0
                || duration.getNano() != 0) {
            throw new IllegalArgumentException("'leaseDuration' must be between 15 and 60 seconds, was "
                    + seconds(duration) + " (whole seconds; use AutoRenewingLease.INFINITE for an infinite lease)");
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

    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
