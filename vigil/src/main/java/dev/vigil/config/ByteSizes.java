package dev.vigil.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes: a TOML integer (bytes) or a string {@code NUMBER UNIT} with UNIT one of
 * {@code B KiB MiB GiB} (powers of 1024) or {@code KB MB GB} (powers of 1000), e.g.
 * {@code "10MiB"}, {@code "512KiB"}, {@code "1.5MiB"}. Case-insensitive.
 */
public final class ByteSizes {

    static final String EXAMPLES = "a size such as \"512KiB\", \"10MiB\" or a number of bytes";

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]i?b|b)?");

    private ByteSizes() {
    }

    /** @throws IllegalArgumentException when the text is not a size or does not fit a long */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a size");
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "b" -> 1L;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            default -> throw new IllegalArgumentException("has an unknown unit");
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor));
        try {
            return bytes.setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is not a whole number of bytes that fits");
        }
    }

    /** {@code 10MiB}, {@code 1536B}: the largest binary unit that divides exactly (config syntax). */
    public static String format(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + "GiB";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + "MiB";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return bytes / (1L << 10) + "KiB";
        }
        return bytes + "B";
    }

    /** For people: {@code 431 MiB}, {@code 1.5 GiB}, {@code 900 KiB}, {@code 12 B} (rounded, binary units). */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value >= 10 ? String.valueOf(Math.round(value)) : String.format(java.util.Locale.ROOT, "%.1f", value))
                + " " + units[unit];
    }
}
