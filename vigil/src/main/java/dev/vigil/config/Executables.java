package dev.vigil.config;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a {@code command[0]} can be started: an absolute path, a path with a slash (relative to
 * the process's working directory), or a bare name looked up in a search path (PATH).
 */
final class Executables {

    private final List<Path> searchPath;
    private final String searchPathText;

    Executables(String pathVariable) {
        this.searchPathText = pathVariable == null ? "" : pathVariable;
        List<Path> dirs = new ArrayList<>();
        for (String dir : searchPathText.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                try {
                    dirs.add(Path.of(dir));
                } catch (InvalidPathException e) {
                    // An unusable PATH entry cannot hold the program; skipping it is what a shell does.
                }
            }
        }
        this.searchPath = List.copyOf(dirs);
    }

    /** The program as it should be started: paths with a slash made absolute against {@code cwd}. */
    static String resolve(String program, Path cwd) {
        if (!program.contains("/") || program.startsWith("/")) {
            return program;
        }
        return cwd.resolve(program).normalize().toString();
    }

    /** Empty when {@code program} (already {@link #resolve resolved}) can be executed, else why not. */
    Optional<String> whyNot(String program) {
        if (program.contains("/")) {
            Path p;
            try {
                p = Path.of(program);
            } catch (InvalidPathException e) {
                return Optional.of("is not a valid path");
            }
            return whyNotFile(p);
        }
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.empty();
            }
        }
        return Optional.of("is not found on PATH (" + searchPathText + ")");
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
