package dev.vigil.export;

import java.util.Locale;
import java.util.Optional;

/** {@code --format}: the text form of an export. */
public enum ExportFormat {
    YAML, JSON, HCL, TEXT;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ExportFormat> parse(String text) {
        for (ExportFormat f : values()) {
            if (f.cliName().equals(text.toLowerCase(Locale.ROOT))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
