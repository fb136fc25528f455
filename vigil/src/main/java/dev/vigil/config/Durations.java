package dev.vigil.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in config and on the command line.
 *
 * <p>Grammar: an optional sign, then one or more {@code NUMBER UNIT} parts with no spaces between
 * them, where NUMBER is decimal digits with an optional fraction ({@code 1.5}) and UNIT is one of
 * {@code ns us ms s m h}. Examples: {@code "250ms"}, {@code "5s"}, {@code "2m"}, {@code "1h30m"},
 * {@code "1.5s"}. A bare {@code "0"} is zero; any other number needs a unit (is {@code 5} seconds or
 * milliseconds? nobody should have to guess). Days are deliberately absent: nothing Vigil waits for
 * should be that long. Negative values parse (so callers can say "must be > 0, was -1s"); values
 * finer than a nanosecond or beyond
 * what {@link Duration} holds do not (callers cap each field far lower).
 *
 * <p>Also the one place that writes durations for people: {@link #format} (gives the config syntax
 * back), {@link #human} (reasons and messages: "250ms", "1.5s", "5m"), {@link #compact} (CLI
 * columns: "4m12s", "2h05m") and {@link #latency} (probe results: "1.2 ms").
 */
public final class Durations {

    /** The example every error message shows. */
    public static final String EXAMPLES = "a duration such as \"250ms\", \"5s\", \"2m\", \"1h30m\"";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Pattern PART_WITH_DAYS = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)(ns|us|µs|ms|s|m|h|d)");
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
    /** Leaves room for negation and for adding the nanosecond part. */
    private static final BigInteger MAX_SECONDS = BigInteger.valueOf(Long.MAX_VALUE - 1);

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException with a message that says what is wrong (unparseable,
     *                                  not finite, too large, finer than a nanosecond)
     */
    public static Duration parse(String text) {
        return parse(text, PART, "ns, us, ms, s, m, h");
    }

    /**
     * Parses like {@link #parse} but also accepts days ({@code 2d}, {@code 1d12h}): for looking
     * back over history ({@code vigil events --since 2d}), never for anything Vigil waits for.
     *
     * @throws IllegalArgumentException as {@link #parse} does
     */
    public static Duration parseWithDays(String text) {
        return parse(text, PART_WITH_DAYS, "ns, us, ms, s, m, h, d");
    }

    private static Duration parse(String text, Pattern part, String units) {
        String s = text.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.matches("[+-]?(inf|infinity|nan)(ns|us|ms|s|m|h)?")) {
            throw new IllegalArgumentException("must be finite");
        }
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("is not a duration");
        }
        if (s.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            throw new IllegalArgumentException("needs a unit (" + units + ")");
        }
        Matcher m = part.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("is not a duration");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unitNanos(m.group(2))));
            at = m.end();
        }
        BigInteger whole;
        try {
            whole = nanos.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is finer than a nanosecond");
        }
        BigInteger[] secondsAndNanos = whole.divideAndRemainder(NANOS_PER_SECOND);
        if (secondsAndNanos[0].compareTo(MAX_SECONDS) > 0) {
            throw new IllegalArgumentException("is too large");
        }
        Duration d = Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
        return negative ? d.negated() : d;
    }

    private static BigDecimal unitNanos(String unit) {
        return BigDecimal.valueOf(switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalStateException("unit " + unit);
        });
    }

    /** Formats so that {@link #parse} gives the same value back: {@code 1h30m}, {@code 1s500ms}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (d.isNegative()) {
            out.append('-');
            d = d.negated();
        }
        long h = d.toHours();
        long m = d.toMinutesPart();
        long s = d.toSecondsPart();
        long nanos = d.toNanosPart();
        append(out, h, "h");
        append(out, m, "m");
        append(out, s, "s");
        append(out, nanos / 1_000_000, "ms");
        append(out, nanos / 1_000 % 1_000, "us");
        append(out, nanos % 1_000, "ns");
        return out.toString();
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount != 0) {
            out.append(amount).append(unit);
        }
    }

    /** Durations as people read them in reasons: "250ms", "30s", "1.5s", "5m". */
    public static String human(Duration d) {
        return human(d.toNanos());
    }

    /** {@link #human(Duration)} of a nanosecond count. */
    public static String human(long nanos) {
        long millis = Math.max(0, millis(nanos));
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    /** Nanoseconds rounded to the nearest millisecond. */
    public static long millis(long nanos) {
        return Math.round(nanos / 1_000_000.0);
    }

    /** Short durations for CLI columns: {@code 2h05m}, {@code 4m12s}, {@code 950ms}, {@code 3d04h}; negative = 0. */
    public static String compact(long millis) {
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

    /** A probe latency: one decimal below 10 ms ("1.2 ms"), whole milliseconds above ("250 ms"). */
    public static String latency(Duration d) {
        long micros = d.toNanos() / 1_000;
        if (micros >= 10_000) {
            return (micros / 1000) + " ms";
        }
        // What "%.1f" prints (half up, away from zero), without a Formatter: the dashboard's view of
        // every probe shows its last round, so this runs for every round (1,000 a second under load).
        long tenths = (Math.abs(micros) + 50) / 100;
        return (micros < 0 ? "-" : "") + tenths / 10 + "." + tenths % 10 + " ms";
    }
}
