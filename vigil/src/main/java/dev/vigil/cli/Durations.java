package dev.vigil.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Short human durations: {@code 2h05m}, {@code 4m12s}, {@code 950ms}; and parsing {@code 10m}, {@code 1h30m}. */
final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    static String format(long millis) {
        if (millis < 0) {
            millis = 0;
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long s = millis / 1000;
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + "m" + pad(s % 60) + "s";
        }
        long h = m / 60;
        if (h < 24) {
            return h + "h" + pad(m % 60) + "m";
        }
        return h / 24 + "d" + pad(h % 24) + "h";
    }

    private static String pad(long v) {
        return v < 10 ? "0" + v : String.valueOf(v);
    }

    /** Parses {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 2d}. @throws IllegalArgumentException naming the text */
    static Duration parse(String text) {
        Matcher m = PART.matcher(text.trim());
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != text.trim().length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 90s, 10m, 1h30m, 2d");
        }
        return total;
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
