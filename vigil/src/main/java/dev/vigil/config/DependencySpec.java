package dev.vigil.config;

import java.util.List;
import java.util.Optional;

/**
 * How a service relates to the others: what it waits for before it starts, and whether restarting
 * it restarts the services that depend on it.
 *
 * @param dependsOn         {@code depends_on}, in the order written; service names are unique
 * @param restartDependents {@code restart_dependents}: an operator's {@code vigil restart} of this
 *                          service also restarts its dependents, stopped first and started again
 *                          once their conditions hold again (default false)
 */
public record DependencySpec(List<Dependency> dependsOn, boolean restartDependents) {

    /** No dependencies, no cascade: every service before {@code depends_on} existed. */
    public static final DependencySpec NONE = new DependencySpec(List.of(), false);

    public DependencySpec {
        dependsOn = List.copyOf(dependsOn);
    }

    public Optional<Dependency> on(String service) {
        return dependsOn.stream().filter(d -> d.service().equals(service)).findFirst();
    }
}
