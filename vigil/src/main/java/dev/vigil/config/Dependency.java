package dev.vigil.config;

import java.util.Objects;

/**
 * One entry of a service's {@code depends_on}: the service it waits for and on what.
 *
 * @param service   the name of another declared service
 * @param condition what must hold in it before this service starts
 * @param where     the position of the entry, for messages only: not part of {@link #equals}, as
 *                  for {@link ServiceSpec#source()}
 */
public record Dependency(String service, DependencyCondition condition, SourceRef where) {

    public Dependency {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(condition, "condition");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dependency d && service.equals(d.service) && condition == d.condition;
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, condition);
    }

    /** {@code db: ready}, as reasons and the tree show it. */
    @Override
    public String toString() {
        return service + ": " + condition.word();
    }
}
