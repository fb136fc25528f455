package dev.vigil.config;

/** The four kinds of TOML string: basic, literal, and their multi-line forms. */
final class TomlStrings {

    private TomlStrings() {
    }

    /** Reads a string starting at the cursor's quote; a key may only be a single-line one. */
    static String read(TomlCursor in, boolean multiLineAllowed) {
        if (in.lookingAt("\"\"\"") && multiLineAllowed) {
            return multiLine(in, '"');
        }
        if (in.lookingAt("'''") && multiLineAllowed) {
            return multiLine(in, '\'');
        }
        return singleLine(in, (char) in.peek());
    }

    private static String singleLine(TomlCursor in, char quote) {
        TomlPosition start = in.position();
        in.advance();
        StringBuilder out = new StringBuilder();
        while (true) {
            int c = in.peek();
            if (c == quote) {
                in.advance();
                return out.toString();
            }
            if (c == TomlCursor.EOF || c == '\n' || c == '\r') {
                throw new TomlSyntaxException("the string opened at " + start + " is not closed on its line", start);
            }
            if (quote == '"' && c == '\\') {
                escape(in, out);
            } else {
                append(in, out);
            }
        }
    }

    private static String multiLine(TomlCursor in, char quote) {
        TomlPosition start = in.position();
        in.advance(3);
        in.newline(); // a line break right after the opening delimiter is not part of the string
        StringBuilder out = new StringBuilder();
        while (true) {
            int c = in.peek();
            if (c == TomlCursor.EOF) {
                throw new TomlSyntaxException("the multi-line string opened at " + start + " is not closed", start);
            }
            if (c == quote && in.peek(1) == quote && in.peek(2) == quote) {
                int run = 3;
                while (in.peek(run) == quote) {
                    run++;
                }
                if (run > 5) {
                    in.advance(5);
                    throw in.error("too many quotes: at most two may stand before the closing " + quote + quote + quote);
                }
                out.append(String.valueOf(quote).repeat(run - 3));
                in.advance(run);
                return out.toString();
            }
            if (c == '\r' || c == '\n') {
                in.newline();
                out.append('\n');
            } else if (quote == '"' && c == '\\') {
                if (lineEndingBackslash(in)) {
                    continue;
                }
                escape(in, out);
            } else {
                append(in, out);
            }
        }
    }

    /** A backslash that ends a line (blanks allowed) trims the break and all blank space after it. */
    private static boolean lineEndingBackslash(TomlCursor in) {
        int ahead = 1;
        while (in.peek(ahead) == ' ' || in.peek(ahead) == '\t') {
            ahead++;
        }
        if (in.peek(ahead) != '\n' && !(in.peek(ahead) == '\r' && in.peek(ahead + 1) == '\n')) {
            return false;
        }
        in.advance(ahead);
        while (in.peek() == ' ' || in.peek() == '\t' || in.peek() == '\n' || in.peek() == '\r') {
            if (!in.newline()) {
                in.advance();
            }
        }
        return true;
    }

    private static void append(TomlCursor in, StringBuilder out) {
        int c = in.peek();
        if (TomlCursor.isControl(c)) {
            throw in.error("control character " + TomlCursor.describe(c) + " must be escaped in a string");
        }
        out.append((char) c);
        in.advance();
    }

    private static void escape(TomlCursor in, StringBuilder out) {
        TomlPosition at = in.position();
        in.advance();
        int c = in.peek();
        switch (c) {
            case 'b' -> out.append('\b');
            case 't' -> out.append('\t');
            case 'n' -> out.append('\n');
            case 'f' -> out.append('\f');
            case 'r' -> out.append('\r');
            case 'e' -> out.append('\u001b');
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case 'u' -> {
                in.advance();
                unicode(in, out, 4, at);
                return;
            }
            case 'U' -> {
                in.advance();
                unicode(in, out, 8, at);
                return;
            }
            default -> throw new TomlSyntaxException(escapeText(c)
                    + " is not an escape (valid: \\b \\t \\n \\f \\r \\e \\\" \\\\ \\uXXXX \\UXXXXXXXX;"
                    + " a line ends in a backslash only in a multi-line string)", at);
        }
        in.advance();
    }

    /** {@code \q} for a char that prints, else "a backslash followed by U+000A", so a message stays one line. */
    private static String escapeText(int c) {
        String shown = TomlCursor.describe(c);
        return shown.startsWith("'") ? "\\" + (char) c : "a backslash followed by " + shown;
    }

    private static void unicode(TomlCursor in, StringBuilder out, int digits, TomlPosition at) {
        int code = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(in.peek(), 16);
            if (in.peek() == TomlCursor.EOF || d < 0) {
                throw new TomlSyntaxException("a \\" + (digits == 4 ? "u" : "U") + " escape needs " + digits
                        + " hex digits", at);
            }
            if (code > 0x10FFFF) {
                break;
            }
            code = code * 16 + d;
            in.advance();
        }
        if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            throw new TomlSyntaxException("escape is not a Unicode scalar value", at);
        }
        out.appendCodePoint(code);
    }
}
