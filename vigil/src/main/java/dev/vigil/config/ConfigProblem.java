package dev.vigil.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a configuration, precise enough to fix without guessing.
 *
 * @param file     the file it is in (for a problem with the path itself, that path)
 * @param line     1-based line, 0 when the problem has no position (an unreadable file)
 * @param column   1-based column, 0 when the problem has no position
 * @param field    the dotted field path, e.g. {@code services.web.probes.health.timeout};
 *                 empty for a TOML syntax error or a problem with the file as a whole
 * @param value    the offending value as written in TOML (strings quoted), empty when there is
 *                 none (a missing key, a syntax error)
 * @param expected what would be valid, empty when there is nothing useful to say
 * @param message  what is wrong, without the value: {@code must be > 0}
 */
public record ConfigProblem(Path file, int line, int column, String field, String value, String expected,
                            String message) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(message, "message");
    }

    /** {@code services.toml:12:11: services.web.probes.health.timeout: must be > 0, was "-1s" (a duration ...)}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append(file.getFileName() == null ? file : file.getFileName());
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ");
        if (!field.isEmpty()) {
            text.append(field).append(": ");
        }
        text.append(message);
        if (!value.isEmpty()) {
            text.append(", was ").append(value);
        }
        if (!expected.isEmpty()) {
            text.append(" (").append(expected).append(')');
        }
        return text.toString();
    }
}
