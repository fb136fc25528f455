package dev.vigil.config;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Booleans, integers, floats and dates/times: the TOML values that are one unquoted word. */
final class TomlScalars {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(0|[1-9](_?[0-9])*)");
    private static final Pattern HEX = Pattern.compile("0x[0-9A-Fa-f](_?[0-9A-Fa-f])*");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7](_?[0-7])*");
    private static final Pattern BINARY = Pattern.compile("0b[01](_?[01])*");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(0|[1-9](_?[0-9])*)((\\.[0-9](_?[0-9])*)([eE][+-]?[0-9](_?[0-9])*)?|[eE][+-]?[0-9](_?[0-9])*)");
    private static final Pattern SPECIAL_FLOAT = Pattern.compile("[+-]?(inf|nan)");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})?");
    private static final Pattern TIME = Pattern.compile("[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?");

    private TomlScalars() {
    }

    /** Reads the word at the cursor (which starts with a sign, a digit or a letter) as a value. */
    static Object read(TomlCursor in) {
        TomlPosition start = in.position();
        int from = in.index();
        while (isWordChar(in.peek())) {
            in.advance();
        }
        // "1979-05-27 07:32:00": a date and a time may be separated by one space.
        if (DATE.matcher(in.since(from)).matches() && in.peek() == ' ' && Character.isDigit(in.peek(1))) {
            in.advance();
            while (isWordChar(in.peek())) {
                in.advance();
            }
        }
        String word = in.since(from);
        if (word.isEmpty()) {
            throw new TomlSyntaxException("expected a value, found " + TomlCursor.describe(in.peek()), start);
        }
        try {
            return value(word);
        } catch (NumberFormatException e) {
            throw new TomlSyntaxException(word + " is out of range (integers are 64-bit)", start);
        } catch (DateTimeParseException e) {
            throw new TomlSyntaxException(word + " is not a valid date/time", start);
        } catch (IllegalArgumentException e) {
            throw new TomlSyntaxException(e.getMessage(), start);
        }
    }

    private static boolean isWordChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '+' || c == '.' || c == ':';
    }

    private static Object value(String word) {
        switch (word) {
            case "true" -> {
                return Boolean.TRUE;
            }
            case "false" -> {
                return Boolean.FALSE;
            }
            default -> {
            }
        }
        if (DECIMAL.matcher(word).matches()) {
            return Long.parseLong(word.replace("_", ""));
        }
        if (HEX.matcher(word).matches()) {
            return Long.parseUnsignedLong(checkedDigits(word, 16), 16);
        }
        if (OCTAL.matcher(word).matches()) {
            return Long.parseUnsignedLong(checkedDigits(word, 8), 8);
        }
        if (BINARY.matcher(word).matches()) {
            return Long.parseUnsignedLong(checkedDigits(word, 2), 2);
        }
        if (FLOAT.matcher(word).matches()) {
            return Double.parseDouble(word.replace("_", ""));
        }
        if (SPECIAL_FLOAT.matcher(word).matches()) {
            double v = word.endsWith("nan") ? Double.NaN : Double.POSITIVE_INFINITY;
            return word.startsWith("-") ? -v : v;
        }
        if (DATE_TIME.matcher(word).matches()) {
            String iso = word.substring(0, 10) + "T" + word.substring(11).toUpperCase(Locale.ROOT);
            boolean offset = iso.endsWith("Z") || iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10;
            return offset ? OffsetDateTime.parse(iso) : LocalDateTime.parse(iso);
        }
        if (DATE.matcher(word).matches()) {
            return LocalDate.parse(word);
        }
        if (TIME.matcher(word).matches()) {
            return LocalTime.parse(word);
        }
        String shown = word.length() > 40 ? word.substring(0, 37) + "..." : word;
        char first = word.charAt(0);
        throw new IllegalArgumentException(Character.isDigit(first) || first == '+' || first == '-'
                ? shown + " is not a valid number, date or time"
                : shown + " is not a value (strings need quotes: \"" + shown + "\")");
    }

    /** The digits of a 0x/0o/0b integer; more than a long holds is out of range. */
    private static String checkedDigits(String word, int radix) {
        String digits = word.substring(2).replace("_", "").replaceFirst("^0+(?=.)", "");
        long value = Long.parseUnsignedLong(digits, radix);
        if (value < 0) {
            throw new NumberFormatException("over Long.MAX_VALUE");
        }
        return digits;
    }
}
