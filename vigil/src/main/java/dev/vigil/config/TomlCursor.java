package dev.vigil.config;

/**
 * A position in a TOML text that only moves forward, keeping its line and column as it goes, so
 * that every position costs O(1) and a whole parse is linear in the text's length.
 */
final class TomlCursor {

    static final int EOF = -1;

    private final String text;
    private int index;
    private int line = 1;
    private int column = 1;

    TomlCursor(String text) {
        this.text = text;
    }

    boolean atEnd() {
        return index >= text.length();
    }

    /** The current char, or {@link #EOF}. */
    int peek() {
        return index < text.length() ? text.charAt(index) : EOF;
    }

    /** The char {@code ahead} chars on, or {@link #EOF}. */
    int peek(int ahead) {
        int i = index + ahead;
        return i < text.length() ? text.charAt(i) : EOF;
    }

    boolean lookingAt(String s) {
        return text.startsWith(s, index);
    }

    TomlPosition position() {
        return new TomlPosition(line, column);
    }

    int index() {
        return index;
    }

    /** The text between {@code from} (an earlier {@link #index()}) and here. */
    String since(int from) {
        return text.substring(from, index);
    }

    /** Moves past one char; a low surrogate after a high one is part of the same column. */
    void advance() {
        char c = text.charAt(index);
        index++;
        if (c == '\n') {
            line++;
            column = 1;
        } else if (!(Character.isLowSurrogate(c) && index >= 2 && Character.isHighSurrogate(text.charAt(index - 2)))) {
            column++;
        }
    }

    void advance(int chars) {
        for (int i = 0; i < chars; i++) {
            advance();
        }
    }

    /** Spaces and tabs. */
    void skipBlanks() {
        while (peek() == ' ' || peek() == '\t') {
            advance();
        }
    }

    /** True (and moved past it) at a line break: LF or CRLF. A lone CR is an error. */
    boolean newline() {
        if (peek() == '\n') {
            advance();
            return true;
        }
        if (peek() == '\r') {
            if (peek(1) != '\n') {
                throw error("a carriage return must be followed by a line feed");
            }
            advance(2);
            return true;
        }
        return false;
    }

    /** Moves past {@code #...} to (not over) the end of the line, rejecting control characters. */
    void skipComment() {
        advance();
        while (!atEnd() && peek() != '\n' && !(peek() == '\r' && peek(1) == '\n')) {
            int c = peek();
            if (isControl(c)) {
                throw error("control character " + describe(c) + " is not allowed in a comment");
            }
            advance();
        }
    }

    /** Blanks, comments and line breaks, as between the elements of an array. */
    void skipBlanksCommentsAndNewlines() {
        while (true) {
            skipBlanks();
            if (peek() == '#') {
                skipComment();
            } else if (!newline()) {
                return;
            }
        }
    }

    TomlSyntaxException error(String message) {
        return new TomlSyntaxException(message, position());
    }

    /** A control character TOML allows only escaped: U+0000-U+001F except tab, and U+007F. */
    static boolean isControl(int c) {
        return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f;
    }

    /** The char as a message shows it: {@code 'x'}, or {@code U+0007} for one that does not print. */
    static String describe(int c) {
        if (c == EOF) {
            return "the end of the file";
        }
        if (c == '\n' || c == '\r') {
            return "the end of the line";
        }
        if (isControl(c) || Character.isWhitespace(c) || Character.isSurrogate((char) c)) {
            return String.format("U+%04X", c);
        }
        return "'" + (char) c + "'";
    }
}
