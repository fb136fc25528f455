package dev.vigil.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Short human durations: {@code 2h05m}, {@code 4m12s}, {@code 950ms}; and parsing {@code 10m}, {@code 1h30m}, {@code 2d}. */
final class Durations {

    private Durations() {
    }

    static String format(long millis) {
        return dev.vigil.config.Durations.compact(millis);
    }

    /**
     * Parses a non-negative duration in the config's syntax ({@link dev.vigil.config.Durations#parse}:
     * {@code 250ms}, {@code 90s}, {@code 1h30m}, {@code 1.5s}) plus days ({@code 2d}).
     *
     * @throws IllegalArgumentException naming the text
     */
    static Duration parse(String text) {
        Duration d;
        try {
            d = dev.vigil.config.Durations.parseWithDays(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' " + e.getMessage() + ": use e.g. 250ms, 90s, 10m, 1h30m, 2d");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is negative: use e.g. 250ms, 90s, 10m, 1h30m, 2d");
        }
        return d;
    }

    /** {@code 10m} ago from {@code now}, or an ISO-8601 instant as given. */
    static Instant sinceInstant(String text, Instant now) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return now.minus(parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is neither a duration (10m, 2h, 1d) nor an instant (2026-11-23T10:00:00Z)");
            }
        }
    }

    /** "in 4m12s" / "4m12s ago" relative to now. */
    static String relative(Instant at, Instant now) {
        long ms = Duration.between(now, at).toMillis();
        return ms >= 0 ? "in " + format(ms) : format(-ms) + " ago";
    }
}
