package dev.vigil.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every platform and format, exported from examples/reference.toml and examples/demo, equals its
 * golden file (stdout) and its {@code .warnings} file (stderr, one lossy translation a line).
 *
 * <p>After an intended change, regenerate with {@code -Dvigil.golden.update=true} and review the
 * diff: the golden files are the reviewed expectation, not a snapshot to accept blindly.
 */
class ExportGoldenTest {
    private static final boolean UPDATE = Boolean.getBoolean("vigil.golden.update");

    static List<ExportCase> cases() {
        return ExportCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exportEqualsItsGoldenFile(ExportCase c) throws IOException {
        Exported exported = c.export();
        String text = ExportCase.portable(exported.text());
        String warnings = ExportCase.portable(exported.warnings().stream().map(w -> w + "\n").collect(Collectors.joining()));
        if (UPDATE) {
            write(c.golden(), text);
            write(c.golden() + ".warnings", warnings);
        }
        assertThat(text).isEqualTo(read(c.golden()));
        assertThat(warnings).isEqualTo(read(c.golden() + ".warnings"));
    }

    static String read(String resource) throws IOException {
        Path file = Path.of("src/test/resources").resolve(resource);
        assertThat(file).as("golden file (generate with -Dvigil.golden.update=true)").exists();
        return Files.readString(file);
    }

    private static void write(String resource, String text) throws IOException {
        Path file = Path.of("src/test/resources").resolve(resource);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
