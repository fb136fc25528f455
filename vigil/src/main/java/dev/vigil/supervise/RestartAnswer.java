package dev.vigil.supervise;

import java.util.List;

/**
 * The answer to {@link Supervisor#restartWithDependents}: the service's own result, and the
 * dependents that were stopped before it and told to start again after it ({@code
 * restart_dependents = true}), in the order they were told; empty otherwise.
 */
public record RestartAnswer(CommandResult result, List<String> dependents) {
    public RestartAnswer {
        dependents = List.copyOf(dependents);
    }
}
