package dev.vigil.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A recursive-descent reader over one JSON text; one instance per parse. */
final class JsonReader {

    /** Longer numbers are refused: parsing a megabyte of digits costs quadratic time. */
    static final int MAX_NUMBER_LENGTH = 1000;

    private final CharSequence in;
    private final int maxDepth;
    private int pos;
    private int depth;

    JsonReader(CharSequence in, int maxDepth) {
        this.in = in;
        this.maxDepth = maxDepth;
    }

    Object readDocument() {
        skipWhitespace();
        Object value = readValue();
        skipWhitespace();
        if (pos < in.length()) {
            throw error("unexpected '" + printable(in.charAt(pos)) + "' after the value");
        }
        return value;
    }

    private Object readValue() {
        if (pos >= in.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = in.charAt(pos);
        return switch (c) {
            case '{' -> readObject();
            case '[' -> readArray();
            case '"' -> readString();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield readNumber();
                }
                throw error("unexpected '" + printable(c) + "', expected a value");
            }
        };
    }

    private Map<String, Object> readObject() {
        enter();
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            String key = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            map.put(key, readValue());
            skipWhitespace();
            char c = next("',' or '}'");
            if (c == '}') {
                depth--;
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' but found '" + printable(c) + "'");
            }
        }
    }

    private List<Object> readArray() {
        enter();
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(readValue());
            skipWhitespace();
            char c = next("',' or ']'");
            if (c == ']') {
                depth--;
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' but found '" + printable(c) + "'");
            }
        }
    }

    private String readString() {
        pos++; // opening quote
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= in.length()) {
                throw error("unterminated string");
            }
            char c = in.charAt(pos);
            if (c == '"') {
                String s = sb == null
                        ? in.subSequence(runStart, pos).toString()
                        : sb.append(in, runStart, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error("unescaped control character U+" + hex4(c) + " in string");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(in, runStart, pos);
            pos++;
            char e = next("an escape character");
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(readHex4());
                default -> {
                    pos--;
                    throw error("invalid escape '\\" + printable(e) + "'");
                }
            }
            runStart = pos;
        }
    }

    private char readHex4() {
        if (pos + 4 > in.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(in.charAt(pos + i), 16);
            if (d < 0) {
                throw error("invalid hex digit in \\u escape");
            }
            v = (v << 4) | d;
        }
        pos += 4;
        // A \\u escape yields one UTF-16 unit; a surrogate pair arrives as two escapes and
        // recombines in the String. Lone surrogates are kept as they are (JSON allows them).
        return (char) v;
    }

    private Number readNumber() {
        int start = pos;
        boolean integral = true;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.'");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            throw error("number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        String text = in.subSequence(start, pos).toString();
        if (integral) {
            // 18 digits always fit in a long; longer ones may not.
            if (text.length() <= 18) {
                return Long.parseLong(text);
            }
            BigInteger big = new BigInteger(text);
            return big.bitLength() < 64 ? (Number) big.longValue() : big;
        }
        double d = Double.parseDouble(text);
        if (!Double.isInfinite(d)) {
            return d;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw error("number out of range");
        }
    }

    private Object literal(String word, Object value) {
        if (pos + word.length() > in.length() || !in.subSequence(pos, pos + word.length()).toString().equals(word)) {
            throw error("invalid literal, expected '" + word + "'");
        }
        pos += word.length();
        return value;
    }

    private void enter() {
        if (++depth > maxDepth) {
            throw error("nesting deeper than " + maxDepth);
        }
    }

    private void skipWhitespace() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < in.length() ? in.charAt(pos) : '\0';
    }

    private char next(String expected) {
        if (pos >= in.length()) {
            throw error("unexpected end of input, expected " + expected);
        }
        return in.charAt(pos++);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private JsonException error(String problem) {
        return new JsonException("invalid JSON at offset " + pos + ": " + problem);
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? "U+" + hex4(c) : String.valueOf(c);
    }

    private static String hex4(char c) {
        return String.format("%04X", (int) c);
    }
}
