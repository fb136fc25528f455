package dev.vigil.config;

import dev.vigil.files.SearchPath;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a {@code command[0]} can be started: an absolute path, a path with a slash (relative to
 * the process's working directory), or a bare name looked up by {@link SearchPath}, the same rule
 * the launcher and exec probes use.
 */
final class Executables {

    private final SearchPath searchPath;

    Executables(String pathVariable) {
        this(SearchPath.of(pathVariable));
    }

    private Executables(SearchPath searchPath) {
        this.searchPath = searchPath;
    }

    /** These executables as seen by a process whose own {@code env.PATH} (null when unset) takes precedence. */
    Executables withOwnPath(String ownPath) {
        return new Executables(searchPath.overriddenBy(ownPath));
    }

    /** The program as it should be started: paths with a slash made absolute against {@code cwd}. */
    static String resolve(String program, Path cwd) {
        if (!program.contains("/") || program.startsWith("/")) {
            return program;
        }
        return cwd.resolve(program).normalize().toString();
    }

    /** Empty when {@code program} (already {@link #resolve resolved}) can be executed in {@code cwd}, else why not. */
    Optional<String> whyNot(String program, Path cwd) {
        if (program.contains("/")) {
            Path p;
            try {
                p = Path.of(program);
            } catch (InvalidPathException e) {
                return Optional.of("is not a valid path");
            }
            return whyNotFile(p);
        }
        if (searchPath.find(program, cwd).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("is not found on PATH (" + searchPath.text() + ")");
    }

    private static Optional<String> whyNotFile(Path p) {
        if (!Files.exists(p)) {
            return Optional.of("does not exist (" + p + ")");
        }
        if (Files.isDirectory(p)) {
            return Optional.of("is a directory (" + p + ")");
        }
        if (!Files.isExecutable(p)) {
            return Optional.of("is not executable (" + p + ")");
        }
        return Optional.empty();
    }
}
