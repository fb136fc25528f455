package dev.vigil.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading {@code command} and {@code cwd}, shared by processes and exec probes. */
final class Commands {

    static final String COMMAND_EXPECTED = "an array of strings such as [\"/usr/bin/python3\", \"-m\", \"http.server\"]";
    static final String CWD_EXPECTED = "an existing directory (relative = to the config's directory)";

    private Commands() {
    }

    /** {@code cwd} resolved against the config's directory and checked to exist; the config's directory if absent. */
    static Optional<Path> cwd(TomlReader r) {
        Optional<String> text = r.text("cwd", CWD_EXPECTED);
        if (text.isEmpty()) {
            return r.failed("cwd") ? Optional.empty() : Optional.of(r.problems().dir());
        }
        Path dir;
        try {
            dir = r.problems().dir().resolve(text.get()).normalize();
        } catch (InvalidPathException e) {
            r.problem("cwd", TomlValues.quote(text.get()), "is not a valid path", CWD_EXPECTED);
            return Optional.empty();
        }
        if (!Files.isDirectory(dir)) {
            r.problem("cwd", TomlValues.quote(text.get()),
                    Files.exists(dir) ? "is not a directory (" + dir + ")" : "does not exist (" + dir + ")", CWD_EXPECTED);
            return Optional.empty();
        }
        return Optional.of(dir);
    }

    /**
     * {@code command}: a non-empty array of strings whose first element can be executed. A
     * {@code command[0]} with a slash is made absolute against {@code cwd}; when {@code cwd} is
     * unknown (it had its own problem) such a relative program is not checked.
     */
    static Optional<List<String>> command(TomlReader r, Optional<Path> cwd, Executables executables) {
        if (!r.has("command")) {
            if (!r.failed("command")) {
                r.problems().add(r.where(), r.field("command"), "", "is missing", COMMAND_EXPECTED);
            }
            return Optional.empty();
        }
        Optional<List<String>> argv = r.strings("command", true, COMMAND_EXPECTED);
        if (argv.isEmpty()) {
            return Optional.empty();
        }
        String program = argv.get().getFirst();
        boolean relative = program.contains("/") && !program.startsWith("/");
        if (relative && cwd.isEmpty()) {
            return Optional.empty();
        }
        String resolved = cwd.map(dir -> Executables.resolve(program, dir)).orElse(program);
        Optional<String> whyNot = executables.whyNot(resolved, cwd.orElse(r.problems().dir()));
        if (whyNot.isPresent()) {
            r.problems().add(r.elementAt("command", 0), r.field("command") + "[0]", TomlValues.quote(program),
                    whyNot.get(), "an executable: an absolute path, a path relative to cwd, or a program on PATH");
            return Optional.empty();
        }
        List<String> out = new ArrayList<>(argv.get());
        out.set(0, resolved);
        return Optional.of(List.copyOf(out));
    }
}
