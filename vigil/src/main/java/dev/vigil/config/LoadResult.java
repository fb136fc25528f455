package dev.vigil.config;

import java.util.List;

/** The outcome of {@link ConfigLoader#load}: a whole valid configuration, or every problem found. */
public sealed interface LoadResult {

    /** Every check passed. */
    record Valid(VigilConfig config) implements LoadResult {}

    /** At least one problem; all of them, in a stable order (file, line, column). */
    record Invalid(List<ConfigProblem> problems) implements LoadResult {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one problem");
            }
        }
    }
}
