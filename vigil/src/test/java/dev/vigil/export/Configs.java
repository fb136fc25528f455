package dev.vigil.export;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.LoadResult;
import dev.vigil.config.ServiceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Real config files written to a temp dir and loaded with the real loader, for export tests. */
final class Configs {
    private Configs() {
    }

    static List<ServiceSpec> services(Path dir, String toml) {
        try {
            Path file = Files.writeString(dir.resolve("services.toml"), toml);
            return switch (new ConfigLoader("/usr/bin:/bin").load(file)) {
                case LoadResult.Valid valid -> valid.config().services();
                case LoadResult.Invalid invalid -> throw new AssertionError("test config invalid: " + invalid.problems());
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> warnings(Exported exported) {
        return exported.warnings().stream().map(Lossy::toString).toList();
    }
}
