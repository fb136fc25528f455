package dev.vigil.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/**
 * Reads and validates a Vigil configuration: one TOML file, or every {@code *.toml} file of a
 * directory (not recursive) in name order.
 *
 * <p>Validation never stops at the first error: every problem in every file is collected. A file
 * with TOML syntax errors reports those and is not checked further (its partial content would only
 * produce misleading errors); the other files are still checked. A service (or {@code [daemon]})
 * declared in two files is an error naming both places.
 *
 * <p>Relative paths ({@code cwd}, {@code unix}, a {@code command[0]} containing a slash) are
 * resolved against the directory of the file they are written in. Executability and directories
 * are checked against the file system at load time. Thread-safe: holds no mutable state.
 */
public final class ConfigLoader {

    private final Executables executables;

    /** Looks bare command names up on this process's {@code PATH}. */
    public ConfigLoader() {
        this(System.getenv("PATH"));
    }

    /** Looks bare command names up on {@code searchPath} (colon-separated, as PATH). */
    public ConfigLoader(String searchPath) {
        this.executables = new Executables(searchPath);
    }

    public LoadResult load(Path fileOrDirectory) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<Path> files = files(fileOrDirectory, problems);
        DaemonSettings daemon = DaemonSettings.defaults();
        Map<String, ConfigFileReader.Declared> declared = new HashMap<>();
        List<ServiceSpec> services = new ArrayList<>();
        Optional<HttpSpec> http = Optional.empty();
        ConfigFileReader reader = new ConfigFileReader(executables);
        for (Path file : files) {
            Problems fileProblems = new Problems(file, problems);
            Optional<TomlParseResult> toml = parse(file, fileProblems);
            if (toml.isEmpty()) {
                continue;
            }
            ConfigFileReader.FileContent content = reader.read(toml.get(), fileProblems);
            for (ConfigFileReader.Declared table : content.declared()) {
                ConfigFileReader.Declared earlier = declared.putIfAbsent(table.field(), table);
                if (earlier != null) {
                    fileProblems.add(table.where(), table.field(), "", "is declared twice: here and at "
                            + earlier.where().file() + ":" + earlier.where().line() + ":" + earlier.where().column(),
                            "declare it in one file only");
                }
            }
            daemon = content.daemon().orElse(daemon);
            http = content.http().isPresent() ? content.http() : http;
            services.addAll(content.services());
        }
        if (!problems.isEmpty()) {
            return new LoadResult.Invalid(sorted(problems, files));
        }
        return new LoadResult.Valid(new VigilConfig(files, daemon, services, http));
    }

    private static List<Path> files(Path path, List<ConfigProblem> problems) {
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.isRegularFile(absolute)) {
            return List.of(absolute);
        }
        if (!Files.isDirectory(absolute)) {
            problems.add(new ConfigProblem(absolute, 0, 0, "", "", "a .toml file or a directory of them",
                    "does not exist"));
            return List.of();
        }
        try (Stream<Path> entries = Files.list(absolute)) {
            List<Path> files = entries.filter(p -> p.getFileName().toString().endsWith(".toml"))
                    .filter(Files::isRegularFile).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
            if (files.isEmpty()) {
                problems.add(new ConfigProblem(absolute, 0, 0, "", "", "at least one file named *.toml",
                        "has no .toml files"));
            }
            return files;
        } catch (IOException e) {
            problems.add(new ConfigProblem(absolute, 0, 0, "", "", "a readable directory", "cannot be listed: " + e));
            return List.of();
        }
    }

    private static Optional<TomlParseResult> parse(Path file, Problems problems) {
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (IOException e) {
            problems.add(new SourceRef(file, 0, 0), "", "", "cannot be read: " + e.getMessage(), "a readable file");
            return Optional.empty();
        }
        if (toml.hasErrors()) {
            for (TomlParseError error : toml.errors()) {
                problems.add(problems.at(error.position()), "", "", "TOML syntax: " + error.getMessage(),
                        "see https://toml.io");
            }
            return Optional.empty();
        }
        return Optional.of(toml);
    }

    /** File order (as read), then line, then column; ties keep the order they were found in. */
    private static List<ConfigProblem> sorted(List<ConfigProblem> problems, List<Path> files) {
        Map<Path, Integer> fileOrder = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            fileOrder.put(files.get(i), i);
        }
        return problems.stream().sorted(Comparator
                .comparingInt((ConfigProblem p) -> fileOrder.getOrDefault(p.file(), -1))
                .thenComparingInt(ConfigProblem::line)
                .thenComparingInt(ConfigProblem::column)).toList();
    }
}
