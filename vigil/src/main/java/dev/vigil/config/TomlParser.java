package dev.vigil.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A TOML 1.0 reader that keeps the position of every key, value and array element, and stops at
 * the first syntax error with its line and column.
 *
 * <p>It is written for Vigil rather than taken from a library because the parser used before
 * (tomlj) took time quadratic in the length of a run of comment or blank lines (2,000 comment
 * lines: over two minutes), and the one library candidate with positions (Jackson's TOML module)
 * builds a tree first and so gives no position for values. This one reads each char once: every
 * step moves the cursor forward, so time is linear in the text and memory in what it holds.
 * Nesting of arrays and inline tables is capped ({@link ConfigLimits#MAX_NESTING}) so that no
 * input can exhaust the stack.
 */
final class TomlParser {

    /** A dotted key: its parts and where it starts. */
    private record Key(List<String> parts, TomlPosition position) {
        /** As it would be written, quoting parts that are not bare, so a message stays one line. */
        String text() {
            return String.join(".", parts.stream().map(p -> !p.isEmpty() && p.chars().allMatch(TomlParser::isBareKeyChar)
                    ? p : TomlValues.quote(p)).toList());
        }
    }

    private final TomlCursor in;
    private final TomlTable root = new TomlTable(TomlTable.Origin.ROOT);
    private int depth;

    private TomlParser(String text) {
        this.in = new TomlCursor(text);
    }

    /** The whole document as its root table; a {@link TomlSyntaxException} at the first error. */
    static TomlTable parse(String text) {
        return new TomlParser(text).document();
    }

    private TomlTable document() {
        TomlTable current = root;
        while (true) {
            in.skipBlanks();
            int c = in.peek();
            if (c == TomlCursor.EOF) {
                return root;
            }
            if (c == '#') {
                in.skipComment();
            } else if (c == '[') {
                current = header();
            } else if (c != '\n' && c != '\r') {
                keyValue(current);
            }
            endOfLine();
        }
    }

    /** After a complete line's content: blanks, an optional comment, then a line break or the end. */
    private void endOfLine() {
        in.skipBlanks();
        if (in.peek() == '#') {
            in.skipComment();
        }
        if (!in.atEnd() && !in.newline()) {
            throw in.error("expected the end of the line, found " + TomlCursor.describe(in.peek()));
        }
    }

    private TomlTable header() {
        TomlPosition at = in.position();
        boolean arrayOfTables = in.lookingAt("[[");
        in.advance(arrayOfTables ? 2 : 1);
        in.skipBlanks();
        Key key = key();
        in.skipBlanks();
        String close = arrayOfTables ? "]]" : "]";
        if (!in.lookingAt(close)) {
            throw in.error("expected " + close + " to close the table header, found " + TomlCursor.describe(in.peek()));
        }
        in.advance(close.length());
        TomlTable parent = root;
        List<String> parts = key.parts();
        for (int i = 0; i < parts.size() - 1; i++) {
            parent = descend(parent, parts.get(i), at, key, true);
        }
        String last = parts.getLast();
        Object existing = parent.get(last);
        if (arrayOfTables) {
            TomlTable element = new TomlTable(TomlTable.Origin.HEADER);
            if (existing == null) {
                TomlArray array = new TomlArray(true);
                array.add(element, at);
                parent.put(last, array, at, at);
            } else if (existing instanceof TomlArray array && array.ofTables()) {
                array.add(element, at);
            } else {
                throw new TomlSyntaxException("[[" + key.text() + "]] cannot append to " + what(existing)
                        + " defined at " + parent.entry(last).keyPosition(), at);
            }
            return element;
        }
        if (existing == null) {
            TomlTable table = new TomlTable(TomlTable.Origin.HEADER);
            parent.put(last, table, at, at);
            return table;
        }
        if (existing instanceof TomlTable table && table.origin() == TomlTable.Origin.IMPLICIT) {
            table.defineByHeader();
            parent.put(last, table, at, at);
            return table;
        }
        throw new TomlSyntaxException("[" + key.text() + "] is already defined at " + parent.entry(last).keyPosition(), at);
    }

    /**
     * The table {@code name} inside {@code parent}, created if absent. Headers may pass through
     * any table but an inline one, and into the last table of an array of tables; dotted keys
     * only through tables they created themselves.
     */
    private static TomlTable descend(TomlTable parent, String name, TomlPosition at, Key key, boolean forHeader) {
        Object existing = parent.get(name);
        if (existing == null) {
            TomlTable table = new TomlTable(forHeader ? TomlTable.Origin.IMPLICIT : TomlTable.Origin.DOTTED);
            parent.put(name, table, at, at);
            return table;
        }
        TomlPosition defined = parent.entry(name).keyPosition();
        if (existing instanceof TomlTable table) {
            boolean open = forHeader ? table.origin() != TomlTable.Origin.INLINE
                    : table.origin() == TomlTable.Origin.DOTTED;
            if (open) {
                return table;
            }
            throw new TomlSyntaxException(key.text() + ": " + name + " is a table defined at " + defined
                    + " and cannot be extended here", at);
        }
        if (forHeader && existing instanceof TomlArray array && array.ofTables()) {
            return (TomlTable) array.last();
        }
        throw new TomlSyntaxException(key.text() + ": " + name + " is already " + what(existing) + " (at " + defined
                + ")", at);
    }

    private static String what(Object value) {
        return value instanceof TomlTable ? "a table" : value instanceof TomlArray ? "an array" : "a value";
    }

    /** {@code key = value} into {@code table}, dotted keys creating the tables they name. */
    private void keyValue(TomlTable table) {
        Key key = key();
        in.skipBlanks();
        if (in.peek() != '=') {
            throw in.error("expected = after the key " + key.text() + ", found " + TomlCursor.describe(in.peek()));
        }
        in.advance();
        in.skipBlanks();
        TomlPosition valueAt = in.position();
        Object value = value();
        TomlTable parent = table;
        List<String> parts = key.parts();
        for (int i = 0; i < parts.size() - 1; i++) {
            parent = descend(parent, parts.get(i), key.position(), key, false);
        }
        String last = parts.getLast();
        if (parent.contains(last)) {
            throw new TomlSyntaxException("duplicate key " + key.text() + ": already defined at "
                    + parent.entry(last).keyPosition(), key.position());
        }
        parent.put(last, value, key.position(), valueAt);
    }

    private Key key() {
        TomlPosition at = in.position();
        List<String> parts = new ArrayList<>();
        while (true) {
            parts.add(simpleKey());
            in.skipBlanks();
            if (in.peek() != '.') {
                return new Key(List.copyOf(parts), at);
            }
            in.advance();
            in.skipBlanks();
        }
    }

    private String simpleKey() {
        int c = in.peek();
        if (c == '"' || c == '\'') {
            return TomlStrings.read(in, false);
        }
        int from = in.index();
        while (isBareKeyChar(in.peek())) {
            in.advance();
        }
        if (in.index() == from) {
            throw in.error("expected a key, found " + TomlCursor.describe(c));
        }
        return in.since(from);
    }

    private static boolean isBareKeyChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private Object value() {
        int c = in.peek();
        return switch (c) {
            case '"', '\'' -> TomlStrings.read(in, true);
            case '[' -> array();
            case '{' -> inlineTable();
            default -> {
                if (c == TomlCursor.EOF || c == '\n' || c == '\r' || c == '#') {
                    throw in.error("expected a value, found " + TomlCursor.describe(c));
                }
                yield TomlScalars.read(in);
            }
        };
    }

    private void enter(TomlPosition at) {
        if (++depth > ConfigLimits.MAX_NESTING) {
            throw new TomlSyntaxException("arrays and inline tables nested more than " + ConfigLimits.MAX_NESTING
                    + " deep", at);
        }
    }

    private TomlArray array() {
        TomlPosition open = in.position();
        enter(open);
        in.advance();
        TomlArray array = new TomlArray(false);
        in.skipBlanksCommentsAndNewlines();
        while (in.peek() != ']') {
            TomlPosition at = in.position();
            array.add(value(), at);
            TomlPosition afterValue = in.position();
            in.skipBlanksCommentsAndNewlines();
            if (in.peek() == ',') {
                in.advance();
                in.skipBlanksCommentsAndNewlines();
            } else if (in.peek() != ']') {
                TomlPosition found = in.position();
                String what = "expected , or ] after this value (the array opened at " + open + "), found "
                        + TomlCursor.describe(in.peek());
                // A missing ] or , is usually at the end of the value's line, not where reading stopped.
                throw found.line() == afterValue.line() ? new TomlSyntaxException(what, found)
                        : new TomlSyntaxException(what + " at " + found, afterValue);
            }
        }
        in.advance();
        depth--;
        return array;
    }

    private TomlTable inlineTable() {
        TomlPosition open = in.position();
        enter(open);
        in.advance();
        TomlTable table = new TomlTable(TomlTable.Origin.INLINE);
        in.skipBlanks();
        if (in.peek() == '}') {
            in.advance();
            depth--;
            return table;
        }
        while (true) {
            in.skipBlanks();
            if (in.peek() == '}') {
                throw in.error("a trailing comma is not allowed in an inline table");
            }
            keyValue(table);
            in.skipBlanks();
            if (in.peek() == '}') {
                in.advance();
                depth--;
                return table;
            }
            if (in.peek() != ',') {
                throw in.error("expected , or } in the inline table opened at " + open + " (inline tables stay on"
                        + " one line), found " + TomlCursor.describe(in.peek()));
            }
            in.advance();
        }
    }
}
