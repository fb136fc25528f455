package dev.vigil.config;

import java.nio.file.Path;

/** Collects the problems of one config file into the load's log; never stops at the first. */
final class Problems {

    private final Path file;
    private final ProblemLog sink;

    Problems(Path file, ProblemLog sink) {
        this.file = file;
        this.sink = sink;
    }

    Path file() {
        return file;
    }

    /** The config file's directory, against which relative paths are resolved. */
    Path dir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? file.toAbsolutePath() : parent;
    }

    SourceRef at(TomlPosition position) {
        return position == null ? new SourceRef(file, 1, 1) : new SourceRef(file, position.line(), position.column());
    }

    void add(SourceRef where, String field, String value, String message, String expected) {
        sink.add(new ConfigProblem(where.file(), where.line(), where.column(), field, value, expected, message));
    }
}
