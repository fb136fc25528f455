package dev.vigil.config;

import java.nio.file.Path;

/** Where in which file a value was written, for error messages: {@code services.toml:12:11}. */
public record SourceRef(Path file, int line, int column) {
    @Override
    public String toString() {
        return file.getFileName() + ":" + line + ":" + column;
    }
}
