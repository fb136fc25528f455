package dev.vigil.supervise;

import dev.vigil.config.DependencyCondition;

/**
 * One {@code depends_on} entry as the supervisor sees it now.
 *
 * @param service   the service that waits
 * @param dependsOn the service it waits for
 * @param condition what must hold in {@code dependsOn}
 * @param holds     whether it holds now
 */
public record DependencyLink(String service, String dependsOn, DependencyCondition condition, boolean holds) {}
