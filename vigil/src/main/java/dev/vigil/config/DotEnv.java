package dev.vigil.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dotenv format of {@code env_file}: one {@code NAME=value} per line, optionally prefixed with
 * {@code export}; blank lines and lines starting with {@code #} are ignored. A value is taken
 * literally when single-quoted, with {@code \n \t \" \\} escapes when double-quoted, and trimmed
 * (with a {@code " #"} comment removed) when unquoted. No {@code $VAR} expansion and no multi-line
 * values: what the file says is what the process gets. Later lines win.
 */
final class DotEnv {

    /** A line that is not dotenv: its 1-based number and why. */
    static final class DotEnvException extends Exception {
        private final int line;

        DotEnvException(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private DotEnv() {
    }

    static Map<String, String> parse(String text) throws DotEnvException {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring("export".length()).stripLeading();
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new DotEnvException(number, "expected NAME=value, found no '='");
            }
            String name = line.substring(0, eq).strip();
            if (!NAME.matcher(name).matches()) {
                throw new DotEnvException(number, "\"" + name + "\" is not a variable name (letters, digits, '_', not starting with a digit)");
            }
            out.put(name, value(line.substring(eq + 1).strip(), number));
        }
        return out;
    }

    private static String value(String raw, int number) throws DotEnvException {
        if (raw.startsWith("'")) {
            int end = raw.indexOf('\'', 1);
            if (end < 0) {
                throw new DotEnvException(number, "the single quote is not closed on this line");
            }
            rejectTrailing(raw.substring(end + 1), number);
            return raw.substring(1, end);
        }
        if (raw.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    rejectTrailing(raw.substring(i + 1), number);
                    return out.toString();
                }
                if (c == '\\' && i + 1 < raw.length()) {
                    char next = raw.charAt(++i);
                    switch (next) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case '"', '\\', '$' -> out.append(next);
                        default -> out.append('\\').append(next);
                    }
                } else {
                    out.append(c);
                }
            }
            throw new DotEnvException(number, "the double quote is not closed on this line");
        }
        int comment = raw.indexOf(" #");
        String value = (comment < 0 ? raw : raw.substring(0, comment)).strip();
        if (value.indexOf('\0') >= 0) {
            throw new DotEnvException(number, "the value contains a NUL character");
        }
        return value;
    }

    private static void rejectTrailing(String rest, int number) throws DotEnvException {
        String r = rest.strip();
        if (!r.isEmpty() && !r.startsWith("#")) {
            throw new DotEnvException(number, "unexpected text after the closing quote: " + r);
        }
    }
}
