package dev.vigil.export;

import java.util.List;

/**
 * What an export produced: the document text for stdout, and every lossy translation for stderr.
 *
 * @param text     the document(s), ending with a newline
 * @param warnings one per lossy translation, in the order made; empty when the export is exact
 */
public record Exported(String text, List<Lossy> warnings) {
    public Exported {
        warnings = List.copyOf(warnings);
    }
}
