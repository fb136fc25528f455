package dev.vigil.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a JSON tree in HCL's JSON-syntax shape as HCL native syntax: an object value is a block,
 * an array of objects is a repeated block, anything else is an attribute. Strings are escaped as
 * the HCL spec says, template introducers included ({@code ${} -> {@code $${}, {@code %{} ->
 * {@code %%{}), so no value can turn into an interpolation. Keys must be HCL identifiers.
 */
final class HclWriter {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final String INDENT = "  ";

    private HclWriter() {
    }

    /** The body of {@code root} (an object), ending with a newline. */
    static String write(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("an HCL body is an object, was " + root.getNodeType());
        }
        StringBuilder out = new StringBuilder();
        body(root, 0, out);
        return out.toString();
    }

    private static void body(JsonNode object, int depth, StringBuilder out) {
        List<Map.Entry<String, JsonNode>> attributes = new ArrayList<>();
        boolean first = true;
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            identifier(field.getKey());
            if (!isBlock(field.getValue())) {
                attributes.add(field);
                continue;
            }
            first = flush(attributes, depth, out, first);
            List<JsonNode> blocks = new ArrayList<>();
            if (field.getValue().isObject()) {
                blocks.add(field.getValue());
            } else {
                field.getValue().forEach(blocks::add);
            }
            for (JsonNode block : blocks) {
                if (!first) {
                    out.append('\n');
                }
                first = false;
                out.append(INDENT.repeat(depth)).append(field.getKey()).append(" {\n");
                body(block, depth + 1, out);
                out.append(INDENT.repeat(depth)).append("}\n");
            }
        }
        flush(attributes, depth, out, first);
    }

    /** Writes a run of attributes with their '=' aligned, as {@code terraform fmt} does. */
    private static boolean flush(List<Map.Entry<String, JsonNode>> attributes, int depth, StringBuilder out, boolean first) {
        if (attributes.isEmpty()) {
            return first;
        }
        if (!first) {
            out.append('\n');
        }
        int width = attributes.stream().mapToInt(a -> a.getKey().length()).max().orElse(0);
        for (Map.Entry<String, JsonNode> a : attributes) {
            out.append(INDENT.repeat(depth)).append(a.getKey()).append(" ".repeat(width - a.getKey().length()))
                    .append(" = ").append(value(a.getValue())).append('\n');
        }
        attributes.clear();
        return false;
    }

    private static boolean isBlock(JsonNode value) {
        if (value.isObject()) {
            return true;
        }
        if (!value.isArray() || value.isEmpty()) {
            return false;
        }
        for (JsonNode element : value) {
            if (!element.isObject()) {
                return false;
            }
        }
        return true;
    }

    private static String value(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(value(v)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value.isTextual()) {
            return string(value.textValue());
        }
        if (value.isNumber() || value.isBoolean() || value.isNull()) {
            return value.asText();
        }
        throw new IllegalArgumentException("no HCL attribute value for " + value.getNodeType() + " " + value);
    }

    /** An HCL quoted template that yields exactly {@code text}. */
    static String string(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean template = (c == '$' || c == '%') && i + 1 < text.length() && text.charAt(i + 1) == '{';
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (template) {
                        out.append(c); // "$${" is a literal "${", "%%{" a literal "%{"
                    }
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static void identifier(String key) {
        if (!IDENTIFIER.matcher(key).matches()) {
            throw new IllegalArgumentException("not an HCL identifier: " + key);
        }
    }
}
