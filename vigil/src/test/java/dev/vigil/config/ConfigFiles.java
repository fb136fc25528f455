package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes real config files and loads them with a fixed search path, for the config tests. */
final class ConfigFiles {

    static final String SEARCH_PATH = "/usr/bin:/bin";

    private ConfigFiles() {
    }

    static Path write(Path dir, String name, String toml) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, toml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoadResult load(Path path) {
        return new ConfigLoader(SEARCH_PATH).load(path);
    }

    static List<ConfigProblem> problems(Path path) {
        LoadResult result = load(path);
        assertThat(result).isInstanceOf(LoadResult.Invalid.class);
        return ((LoadResult.Invalid) result).problems();
    }

    /** Problems of a one-file config, as the lines {@code vigil check} prints. */
    static List<String> problemLines(Path dir, String toml) {
        return problems(write(dir, "services.toml", toml)).stream().map(ConfigProblem::toString).toList();
    }

    static VigilConfig valid(Path path) {
        LoadResult result = load(path);
        if (result instanceof LoadResult.Invalid invalid) {
            throw new AssertionError("expected a valid config, got " + invalid.problems());
        }
        return ((LoadResult.Valid) result).config();
    }
}
