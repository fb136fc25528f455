package dev.vigil.config;

import java.time.Duration;

/**
 * The durations a field accepts: zero or not, and a ceiling, so that absurd values
 * ({@code interval = "10000000000s"}) are errors and not plans.
 */
record DurationRule(boolean zeroAllowed, Duration max) {

    static final Duration DAY = Duration.ofHours(24);
    static final Duration HOUR = Duration.ofHours(1);

    static DurationRule positiveUpTo(Duration max) {
        return new DurationRule(false, max);
    }

    static DurationRule nonNegativeUpTo(Duration max) {
        return new DurationRule(true, max);
    }

    /** What would be valid, for the message. */
    String expected() {
        return Durations.EXAMPLES + ", " + (zeroAllowed ? ">= 0" : "> 0") + " and <= " + Durations.format(max);
    }

    /** Empty when {@code d} is fine, else what is wrong with it. */
    java.util.Optional<String> violation(Duration d) {
        if (d.isNegative() || (d.isZero() && !zeroAllowed)) {
            return java.util.Optional.of(zeroAllowed ? "must be >= 0" : "must be > 0");
        }
        if (d.compareTo(max) > 0) {
            return java.util.Optional.of("must be at most " + Durations.format(max));
        }
        return java.util.Optional.empty();
    }
}
