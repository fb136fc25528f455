package dev.vigil.json;

import java.util.Locale;
import java.util.Map;

/** Serialises Java values (see {@link Json#write}) into JSON text. */
final class JsonWriter {

    // Upper-case hex, as Jackson wrote the daemon's API answers and log lines: the bytes stay the same.
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    private final boolean pretty;

    private JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    static String write(Object value, boolean pretty) {
        JsonWriter w = new JsonWriter(pretty);
        w.value(value, 0);
        return w.out.toString();
    }

    // instanceof, not a pattern switch: a switch over types is linked at its first run by spinning
    // a class (SwitchBootstraps), which the AOT cache does not keep; ~5 ms of every `vigil list`.
    private void value(Object v, int indent) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (v instanceof Double d) {
            finite(d, d.isNaN() || d.isInfinite());
        } else if (v instanceof Float f) {
            finite(f, f.isNaN() || f.isInfinite());
        } else if (v instanceof Number n) {
            out.append(n);
        } else if (v instanceof Enum<?> e) {
            string(e.name().toLowerCase(Locale.ROOT));
        } else if (v instanceof Map<?, ?> m) {
            object(m, indent);
        } else if (v instanceof Iterable<?> it) {
            array(it, indent);
        } else if (v instanceof Object[] arr) {
            array(java.util.Arrays.asList(arr), indent);
        } else {
            throw new JsonException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    private void finite(Number n, boolean nonFinite) {
        if (nonFinite) {
            throw new JsonException("cannot write the non-finite number " + n + " as JSON");
        }
        out.append(n);
    }

    private void object(Map<?, ?> m, int indent) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new JsonException("object keys must be strings, found " + e.getKey());
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            newline(indent + 1);
            string(key);
            out.append(pretty ? ": " : ":");
            value(e.getValue(), indent + 1);
        }
        if (!first) {
            newline(indent);
        }
        out.append('}');
    }

    private void array(Iterable<?> items, int indent) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            newline(indent + 1);
            value(item, indent + 1);
        }
        if (!first) {
            newline(indent);
        }
        out.append(']');
    }

    private void newline(int indent) {
        if (pretty) {
            out.append('\n');
            out.repeat("  ", indent);
        }
    }

    private void string(String s) {
        out.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        // A lone surrogate has no UTF-8 encoding; escaping keeps it intact.
                        unicodeEscape(c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void unicodeEscape(char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }
}
