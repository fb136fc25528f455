package dev.vigil.config;

import java.util.ArrayList;
import java.util.List;

/** Rendering TOML values for messages, naming their types, and turning them into JSON text. */
final class TomlValues {

    private static final int MAX_RENDERED = 80;

    private TomlValues() {
    }

    /** "a string", "an integer", ... as in "must be a boolean, not an integer". */
    static String typeName(Object value) {
        return switch (value) {
            case String s -> "a string";
            case Long l -> "an integer";
            case Double d -> "a float";
            case Boolean b -> "a boolean";
            case TomlArray a -> "an array";
            case TomlTable t -> "a table";
            default -> "a date/time";
        };
    }

    /** The value as it would be written in TOML, shortened to fit a message line. */
    static String render(Object value) {
        String text = renderFull(value);
        return text.length() <= MAX_RENDERED ? text : text.substring(0, MAX_RENDERED - 3) + "...";
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String renderFull(Object value) {
        return switch (value) {
            case String s -> quote(s);
            case TomlArray a -> {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < a.size(); i++) {
                    parts.add(renderFull(a.get(i)));
                }
                yield "[" + String.join(", ", parts) + "]";
            }
            case TomlTable t -> {
                List<String> parts = new ArrayList<>();
                for (String key : t.keySet()) {
                    parts.add(key + " = " + renderFull(t.get(key)));
                }
                yield "{ " + String.join(", ", parts) + " }";
            }
            default -> String.valueOf(value);
        };
    }

    /** Compact JSON text of a TOML value (dates become strings), for JSON-RPC params. */
    static String toJson(Object value) {
        return switch (value) {
            case String s -> quote(s);
            case Long l -> l.toString();
            case Double d -> d.isNaN() || d.isInfinite() ? "null" : d.toString();
            case Boolean b -> b.toString();
            case TomlArray a -> {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < a.size(); i++) {
                    parts.add(toJson(a.get(i)));
                }
                yield "[" + String.join(",", parts) + "]";
            }
            case TomlTable t -> {
                List<String> parts = new ArrayList<>();
                for (String key : t.keySet()) {
                    parts.add(quote(key) + ":" + toJson(t.get(key)));
                }
                yield "{" + String.join(",", parts) + "}";
            }
            default -> quote(String.valueOf(value));
        };
    }
}
