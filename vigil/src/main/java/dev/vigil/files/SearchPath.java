package dev.vigil.files;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule for finding the program a {@code command[0]} names, used alike by {@code vigil
 * check}, the process launcher and exec probes, so what the check accepts is what runs:
 * <ul>
 *   <li>a name with a slash is a path, relative to the working directory;</li>
 *   <li>a bare name is looked up in the directories of the PATH the program gets: the service's
 *       own {@code env.PATH} when it sets one, else the daemon's {@code PATH}, else
 *       {@link #DEFAULT};</li>
 *   <li>as {@code execvp} does, an empty entry means the working directory and a relative entry
 *       is taken against it; an entry that is no valid path is skipped.</li>
 * </ul>
 * The first regular, executable file wins. Immutable.
 */
public final class SearchPath {

    /** The PATH used when neither the service nor the daemon has one (that of {@code execvp}, minus ".") */
    public static final String DEFAULT = "/usr/local/bin:/usr/bin:/bin";

    private final String text;

    private SearchPath(String text) {
        this.text = text;
    }

    /** The search path a {@code PATH} value gives: {@link #DEFAULT} when it is unset (null). */
    public static SearchPath of(String pathVariable) {
        return new SearchPath(pathVariable == null ? DEFAULT : pathVariable);
    }

    /** The search path of a program started with {@code ownEnv} by a daemon whose environment is {@code daemonEnv}. */
    public static SearchPath forProgram(Map<String, String> ownEnv, Map<String, String> daemonEnv) {
        String own = ownEnv.get("PATH");
        return of(own != null ? own : daemonEnv.get("PATH"));
    }

    /** This search path, but the program's own {@code PATH} (when not null) taking precedence. */
    public SearchPath overriddenBy(String ownPath) {
        return ownPath == null ? this : new SearchPath(ownPath);
    }

    /** The PATH text, for messages. */
    public String text() {
        return text;
    }

    /** The absolute, normalised file {@code command} stands for when started in {@code cwd}; empty when there is none. */
    public Optional<Path> find(String command, Path cwd) {
        if (command.contains("/")) {
            return executable(cwd, command);
        }
        for (String dir : text.split(File.pathSeparator, -1)) {
            Optional<Path> found = executable(cwd, dir.isEmpty() ? command : dir + "/" + command);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path cwd, String name) {
        Path candidate;
        try {
            candidate = cwd.toAbsolutePath().resolve(name).normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate) ? Optional.of(candidate) : Optional.empty();
    }
}
