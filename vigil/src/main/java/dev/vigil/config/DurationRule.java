package dev.vigil.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The durations a field accepts: a floor and a ceiling, so that absurd values are errors and not
 * plans. A ceiling stops {@code interval = "10000000000s"}; a floor stops values that would make
 * the daemon spin ({@code interval = "2ns"} probed without pause and burned 150% CPU).
 *
 * @param min         the smallest value accepted (inclusive); zero when only the sign matters
 * @param zeroAllowed with a zero {@code min}: whether zero itself is accepted
 * @param max         the largest value accepted (inclusive)
 */
record DurationRule(Duration min, boolean zeroAllowed, Duration max) {

    static final Duration DAY = Duration.ofHours(24);
    static final Duration HOUR = Duration.ofHours(1);

    static DurationRule positiveUpTo(Duration max) {
        return new DurationRule(Duration.ZERO, false, max);
    }

    static DurationRule nonNegativeUpTo(Duration max) {
        return new DurationRule(Duration.ZERO, true, max);
    }

    /** From {@code min} (which must be positive) to {@code max}, both inclusive. */
    static DurationRule between(Duration min, Duration max) {
        return new DurationRule(min, false, max);
    }

    /** What would be valid, for the message. */
    String expected() {
        return Durations.EXAMPLES + ", " + lowerBound() + " and <= " + Durations.format(max);
    }

    private String lowerBound() {
        if (min.isPositive()) {
            return ">= " + Durations.format(min);
        }
        return zeroAllowed ? ">= 0" : "> 0";
    }

    /** Empty when {@code d} is fine, else what is wrong with it. */
    Optional<String> violation(Duration d) {
        if (d.isNegative() || (d.isZero() && !zeroAllowed) || d.compareTo(min) < 0) {
            return Optional.of("must be " + lowerBound());
        }
        if (d.compareTo(max) > 0) {
            return Optional.of("must be at most " + Durations.format(max));
        }
        return Optional.empty();
    }
}
