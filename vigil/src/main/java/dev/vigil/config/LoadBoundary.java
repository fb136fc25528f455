package dev.vigil.config;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The line no failure crosses while a config is loaded: an exception that escapes a step (a bug,
 * or input nobody foresaw) becomes one problem naming the file instead of a stack trace for the
 * user, and the load goes on with the next file.
 */
final class LoadBoundary {

    private LoadBoundary() {
    }

    /** The step's result, or {@code fallback} after recording what went wrong as a problem of {@code file}. */
    static <T> T guard(Path file, ProblemLog problems, T fallback, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException | StackOverflowError e) {
            problems.add(new ConfigProblem(file.toAbsolutePath().normalize(), 0, 0, "", "",
                    "please report this with the file that caused it",
                    "cannot be loaded: unexpected " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage()))));
            return fallback;
        }
    }

    private static String oneLine(String message) {
        String line = message.lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }
}
